package org.divs.model;

import java.util.SplittableRandom;

/**
 * A tiny seeded labelled image set for tests: 3x64x64 CHW floats in [0, 1], one bright shape per
 * image on a darker background, colours random, Gaussian noise added. Class 0 is a horizontal bar,
 * 1 a vertical bar, 2 a disk, 3 a hollow square.
 */
final class ShapeImages {

  /** The most classes this generator draws. */
  static final int MAX_CLASSES = 4;

  static final int SIDE = 64;
  static final int SAMPLE = 3 * SIDE * SIDE;

  /**
   * A generated set.
   *
   * @param x samples, {@link #SAMPLE} floats each
   * @param y labels
   */
  record Set(float[] x, int[] y) {

    int size() {
      return y.length;
    }

    /** Samples [from, from + count), wrapping around the end. */
    Set slice(int from, int count) {
      float[] xs = new float[count * SAMPLE];
      int[] ys = new int[count];
      for (int i = 0; i < count; i++) {
        int j = (from + i) % y.length;
        System.arraycopy(x, j * SAMPLE, xs, i * SAMPLE, SAMPLE);
        ys[i] = y[j];
      }
      return new Set(xs, ys);
    }
  }

  private ShapeImages() {}

  static Set generate(int n, int classes, long seed) {
    if (classes < 2 || classes > MAX_CLASSES) {
      throw new IllegalArgumentException("classes " + classes);
    }
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * SAMPLE];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(classes);
      draw(x, i * SAMPLE, y[i], random);
    }
    return new Set(x, y);
  }

  private static void draw(float[] x, int base, int label, SplittableRandom random) {
    float[] bg = new float[3];
    float[] fg = new float[3];
    for (int c = 0; c < 3; c++) {
      bg[c] = (float) random.nextDouble(0.0, 0.4);
      fg[c] = (float) random.nextDouble(0.5, 1.0);
    }
    int cx = 20 + random.nextInt(24);
    int cy = 20 + random.nextInt(24);
    int half = 12 + random.nextInt(8); // half length of bars, radius, half side
    int thick = 3 + random.nextInt(3); // half thickness
    for (int r = 0; r < SIDE; r++) {
      for (int col = 0; col < SIDE; col++) {
        int dx = col - cx;
        int dy = r - cy;
        boolean inside =
            switch (label) {
              case 0 -> Math.abs(dx) <= half && Math.abs(dy) <= thick;
              case 1 -> Math.abs(dy) <= half && Math.abs(dx) <= thick;
              case 2 -> dx * dx + dy * dy <= half * half;
              default -> {
                int m = Math.max(Math.abs(dx), Math.abs(dy));
                yield m <= half && m >= half - 2;
              }
            };
        for (int c = 0; c < 3; c++) {
          float v = (inside ? fg[c] : bg[c]) + (float) (random.nextGaussian() * 0.05);
          x[base + c * SIDE * SIDE + r * SIDE + col] = Math.min(1f, Math.max(0f, v));
        }
      }
    }
  }
}
