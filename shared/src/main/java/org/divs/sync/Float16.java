package org.divs.sync;

/**
 * IEEE 754 binary16 (half precision) conversions for Java 17, which lacks {@code
 * Float.floatToFloat16} (Java 20).
 *
 * <p>{@link #fromFloat} rounds to nearest, ties to even, as the IEEE default does: values from
 * 65520 up become infinity, values of at most 2^-25 become zero, and the range below 2^-14 is
 * encoded as subnormals. {@link #toFloat} is exact (every half is a float) and reads a table.
 */
final class Float16 {
  /** The largest finite half, 65504. */
  static final float MAX_VALUE = 65504f;

  /** Bits of the float 2^-14, the smallest normal half: from these up a half is normal. */
  static final int MIN_NORMAL_BITS = 0x3880_0000;

  /** Bits of the exponent field: a half with all of them set is infinite or NaN. */
  static final int EXPONENT_MASK = 0x7c00;

  private static final float[] TO_FLOAT = new float[1 << 16];

  static {
    for (int h = 0; h < TO_FLOAT.length; h++) {
      TO_FLOAT[h] = compute(h);
    }
  }

  private Float16() {}

  /** The half nearest to {@code f} (ties to even), as its 16 bits. */
  static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fff_ffff;
    if (abs >= 0x7f80_0000) {
      // infinity stays infinity; NaN stays a quiet NaN with the top payload bits
      int nan = abs > 0x7f80_0000 ? 0x0200 | ((abs >>> 13) & 0x03ff) : 0;
      return (short) (sign | 0x7c00 | nan);
    }
    if (abs >= 0x477f_f000) {
      // 65520 and above: halfway between 65504 and 2^16 or beyond rounds to infinity
      return (short) (sign | 0x7c00);
    }
    if (abs >= 0x3880_0000) {
      // a normal half (2^-14 and above): rebias the exponent by 127 - 15 and round 13 bits away
      int h = abs - 0x3800_0000;
      h += 0x0fff + ((h >>> 13) & 1);
      return (short) (sign | (h >>> 13));
    }
    if (abs < 0x3300_0000) {
      // below 2^-25: rounds to zero
      return (short) sign;
    }
    // a subnormal half: m x 2^-24 with m = value / 2^-24, rounded to nearest even
    int exponent = abs >>> 23;
    int mantissa = (abs & 0x007f_ffff) | 0x0080_0000;
    int shift = 126 - exponent;
    int m = mantissa >>> shift;
    int rest = mantissa & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    if (rest > half || (rest == half && (m & 1) != 0)) {
      m++;
    }
    return (short) (sign | m);
  }

  /**
   * {@code x} rounded to the nearest half (ties to even), as a float, for {@code x} of magnitude
   * from 2^-14 (a normal half) to below 2^15: Veltkamp's split {@code (x - p) + p} with {@code p =
   * x * (2^13 + 1)} keeps 11 significant bits, in three float operations and no branch (checked
   * against {@link #fromFloat} for every float of two binades, ties included).
   */
  static float roundNormal(float x) {
    float p = x * 8193f;
    return (x - p) + p;
  }

  /** The 16 bits of a normal half's value {@code r} (a float {@link #roundNormal} returned). */
  static short bitsOfNormal(float r) {
    int bits = Float.floatToRawIntBits(r);
    return (short) (((bits >>> 16) & 0x8000) | (((bits & 0x7fff_ffff) - 0x3800_0000) >>> 13));
  }

  /** The float of a half's 16 bits (exact). */
  static float toFloat(short h) {
    return TO_FLOAT[h & 0xffff];
  }

  private static float compute(int h) {
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x03ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float v = mantissa * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
