package org.divs.scene;

import java.awt.Rectangle;

/**
 * An axis-aligned pixel rectangle: left {@code x}, top {@code y}, width {@code w} and height {@code
 * h}.
 *
 * @param x left column, inclusive
 * @param y top row, inclusive
 * @param w width in pixels, positive
 * @param h height in pixels, positive
 */
public record Box(int x, int y, int w, int h) {

  /**
   * A box; throws if it is empty.
   *
   * @param x left column, inclusive
   * @param y top row, inclusive
   * @param w width in pixels, positive
   * @param h height in pixels, positive
   */
  public Box {
    if (w <= 0 || h <= 0) {
      throw new IllegalArgumentException("empty box " + w + "x" + h);
    }
  }

  /**
   * The same rectangle as an AWT {@link Rectangle}.
   *
   * @return a new rectangle
   */
  public Rectangle toRectangle() {
    return new Rectangle(x, y, w, h);
  }

  /**
   * The area in pixels.
   *
   * @return {@code w * h}
   */
  public long area() {
    return (long) w * h;
  }

  /**
   * Whether the box lies entirely inside a {@code width x height} frame.
   *
   * @param width frame width
   * @param height frame height
   * @return true if every pixel of the box is inside the frame
   */
  public boolean inside(int width, int height) {
    return x >= 0 && y >= 0 && x + w <= width && y + h <= height;
  }

  /**
   * The centre column.
   *
   * @return {@code x + w / 2.0}
   */
  public double centerX() {
    return x + w / 2.0;
  }

  /**
   * The centre row.
   *
   * @return {@code y + h / 2.0}
   */
  public double centerY() {
    return y + h / 2.0;
  }
}
