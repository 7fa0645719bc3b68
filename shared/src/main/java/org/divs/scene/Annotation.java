package org.divs.scene;

import java.util.Objects;

/**
 * One labelled vehicle in a {@link Frame}.
 *
 * @param vehicleClass the class of the vehicle
 * @param box its bounding box in frame pixels, clipped to the frame
 * @param vehicleId the renderer-wide id of the vehicle (the same vehicle keeps its id across
 *     frames)
 * @param paletteIndex the index in {@link Palette} of its body colour
 * @param visibility the fraction of its unclipped box that is inside the frame and not covered by
 *     an occluder (a nearer vehicle, a pole or a sign), in [0, 1]; approximate, on the boxes of the
 *     occluders
 */
public record Annotation(
    VehicleClass vehicleClass, Box box, long vehicleId, int paletteIndex, double visibility) {

  /**
   * An annotation; throws on a null class or box, a palette index out of range or a visibility
   * outside [0, 1].
   *
   * @param vehicleClass the class of the vehicle
   * @param box its bounding box in frame pixels
   * @param vehicleId the renderer-wide id of the vehicle
   * @param paletteIndex the index in {@link Palette} of its body colour
   * @param visibility the visible fraction of its box
   */
  public Annotation {
    Objects.requireNonNull(vehicleClass, "vehicleClass");
    Objects.requireNonNull(box, "box");
    if (paletteIndex < 0 || paletteIndex >= Palette.size()) {
      throw new IllegalArgumentException("palette index out of range: " + paletteIndex);
    }
    if (!(visibility >= 0 && visibility <= 1)) {
      throw new IllegalArgumentException("visibility out of [0,1]: " + visibility);
    }
  }
}
