package org.divs.sync;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable flat weight set: every parameter of a model in one layout order, as float32.
 *
 * <p>The array is copied in and never handed out, so a local event-bus delivery can never alias
 * another unit's weights. Bulk operations ({@link #writeTo}, the merge's package-private loops)
 * work on the private array directly.
 */
public final class Weights {
  /** Values per block of {@link #firstNonFinite()}'s scan. */
  private static final int SCAN_BLOCK = 4096;

  private final float[] values;
  private int hash;

  private Weights(float[] values) {
    this.values = values;
  }

  /** A weight set holding a copy of {@code values}. */
  public static Weights of(float[] values) {
    return new Weights(values.clone());
  }

  /** A weight set that takes ownership of {@code values}: the caller must not touch it again. */
  public static Weights wrap(float[] values) {
    return new Weights(values);
  }

  /** Reads {@code count} little-endian float32 values from {@code buffer} at its position. */
  public static Weights read(ByteBuffer buffer, int count) {
    float[] v = new float[count];
    buffer.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    buffer.position(buffer.position() + count * Float.BYTES);
    return new Weights(v);
  }

  /** Number of floats. */
  public int size() {
    return values.length;
  }

  /** One value. */
  public float get(int i) {
    return values[i];
  }

  /** A copy of the values. */
  public float[] toArray() {
    return values.clone();
  }

  /** Writes every value as little-endian float32 at the buffer's position. */
  public void writeTo(ByteBuffer buffer) {
    buffer.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    buffer.position(buffer.position() + values.length * Float.BYTES);
  }

  /** The private array itself, for bulk loops in this package: never hand it out or change it. */
  float[] array() {
    return values;
  }

  /**
   * Index of the first NaN or infinite value, or -1 when every value is finite. Takes each block's
   * largest magnitude (a loop the JIT vectorises) and looks for the index only in a block where
   * that is not finite.
   */
  public int firstNonFinite() {
    return firstNonFinite(values, 0, values.length);
  }

  /** Index of the first NaN or infinite value of {@code v[from, to)}, or -1. */
  static int firstNonFinite(float[] v, int from, int to) {
    for (int b = from; b < to; b += SCAN_BLOCK) {
      int end = Math.min(to, b + SCAN_BLOCK);
      if (!Float.isFinite(largestMagnitude(v, b, end))) {
        for (int i = b; i < end; i++) {
          if (!Float.isFinite(v[i])) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  /** The largest of {@code |v[i]|} over {@code [from, to)}: NaN if one is NaN. */
  static float largestMagnitude(float[] v, int from, int to) {
    float max = 0;
    for (int i = from; i < to; i++) {
      max = Math.max(max, Math.abs(v[i]));
    }
    return max;
  }

  /** The largest absolute value (NaN when a value is NaN). */
  public double maxAbs() {
    return largestMagnitude(values, 0, values.length);
  }

  /** L2 norm of the difference to {@code other}, which must have the same size. */
  public double distance(Weights other) {
    checkSameSize(other);
    double s = 0;
    for (int i = 0; i < values.length; i++) {
      double d = (double) values[i] - other.values[i];
      s += d * d;
    }
    return Math.sqrt(s);
  }

  /** L2 norm. */
  public double norm() {
    double s = 0;
    for (float v : values) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  private void checkSameSize(Weights other) {
    if (other.values.length != values.length) {
      throw new IllegalArgumentException(
          "weight sets differ in size: " + values.length + " vs " + other.values.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Weights w && Arrays.equals(values, w.values);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(values);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return "Weights[" + values.length + " floats]";
  }
}
