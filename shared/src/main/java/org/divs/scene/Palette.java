package org.divs.scene;

import java.awt.Color;

/**
 * The one body-colour palette shared by every {@link VehicleClass}.
 *
 * <p>Each synthetic vehicle picks its body colour uniformly from these entries whatever its class,
 * so colour carries no information about the class. The entries are common car colours; their mean
 * is close to a mid grey, like the road, so that the mean colour of a crop says little about how
 * much of it the vehicle covers.
 */
public final class Palette {

  private static final int[] RGB = {
    0xE1E2E4, // white
    0xAFB2B6, // silver
    0x6E7074, // grey
    0x1E1F22, // black
    0x1E2D5F, // dark blue
    0xA51E1E, // red
    0x234B32, // dark green
    0xBEAF8C, // beige
    0xD7AF28, // yellow
    0xD26923, // orange
    0x5F8CBE, // light blue
    0x286E78, // teal
  };

  private Palette() {}

  /**
   * How many colours the palette holds.
   *
   * @return the number of entries
   */
  public static int size() {
    return RGB.length;
  }

  /**
   * One entry as packed {@code 0xRRGGBB}.
   *
   * @param index an index in {@code [0, size())}
   * @return the packed colour
   */
  public static int rgb(int index) {
    return RGB[index];
  }

  /**
   * One entry as an AWT colour.
   *
   * @param index an index in {@code [0, size())}
   * @return the colour
   */
  public static Color color(int index) {
    return new Color(RGB[index]);
  }
}
