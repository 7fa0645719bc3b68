package org.divs.scene;

import java.util.Locale;

/**
 * The six vehicle classes of the classifier, named like the folders of the real crop data set
 * ({@code bike}, {@code car}, ...).
 *
 * <p>In the synthetic scene the classes differ by geometry only (outline, length, height, wheel
 * count, cab and cargo shape, windows), never by colour: every class draws its body colour from the
 * one shared {@link Palette}. The nominal dimensions below are the mean size of a class before
 * per-vehicle jitter.
 */
public enum VehicleClass {
  /** A motorbike or scooter with its rider. */
  BIKE(2.0, 1.65, 0.75),
  /** A passenger car: sedan, hatchback or estate. */
  CAR(4.4, 1.45, 1.8),
  /** An articulated lorry: a tractor unit pulling a long semi-trailer. */
  JUGGERNAUT(16.0, 4.0, 2.5),
  /** A minibus or panel van: one tall box with a short sloped nose. */
  MINIBUS(5.4, 2.35, 2.0),
  /** A pickup: a cab in front of an open cargo bed. */
  PICKUP(5.3, 1.8, 1.9),
  /** A rigid truck: a cab in front of a box or open cargo body on one chassis. */
  TRUCK(7.8, 3.3, 2.4);

  private final double length;
  private final double height;
  private final double width;

  VehicleClass(double length, double height, double width) {
    this.length = length;
    this.height = height;
    this.width = width;
  }

  /**
   * The label used by the data set folders and CSV files.
   *
   * @return the lower-case name, e.g. {@code "juggernaut"}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The class of a data set label.
   *
   * @param label a label such as {@code "car"}; case and surrounding blanks are ignored
   * @return the class
   * @throws IllegalArgumentException if the label names no class
   */
  public static VehicleClass fromLabel(String label) {
    if (label != null) {
      String wanted = label.strip();
      for (VehicleClass c : values()) {
        if (c.label().equalsIgnoreCase(wanted)) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException("unknown vehicle class label: " + label);
  }

  /**
   * Nominal length of the class in metres.
   *
   * @return the mean length before jitter
   */
  public double lengthMetres() {
    return length;
  }

  /**
   * Nominal height of the class in metres.
   *
   * @return the mean height before jitter
   */
  public double heightMetres() {
    return height;
  }

  /**
   * Nominal width of the class in metres.
   *
   * @return the mean width before jitter
   */
  public double widthMetres() {
    return width;
  }
}
