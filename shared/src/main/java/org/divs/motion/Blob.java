package org.divs.motion;

/**
 * A connected region of foreground, in full-frame pixels.
 *
 * @param x left of the bounding box
 * @param y top of the bounding box
 * @param width width of the bounding box
 * @param height height of the bounding box
 * @param area foreground pixels in the region
 * @param cx x of the centroid
 * @param cy y of the centroid
 */
public record Blob(int x, int y, int width, int height, long area, double cx, double cy) {
  /** A blob of a box (centroid at its centre, area = box area): an annotation, for instance. */
  public static Blob ofBox(int x, int y, int width, int height) {
    return new Blob(x, y, width, height, (long) width * height, x + width / 2.0, y + height / 2.0);
  }
}
