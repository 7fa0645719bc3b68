package org.divs.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The codec loops in plain Java: what C2 compiles them to on Java 17 (no conversion vectorised).
 */
final class ScalarKernels implements CodecKernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  /** 1.5 x 2^23: adding and subtracting it rounds a float below 2^22 to an integer, ties even. */
  static final float ROUNDER = 0x1.8p23f;

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  /** {@code Math.max} on floats is an intrinsic: faster here than a maximum of the values' bits. */
  @Override
  public float delta(float[] target, float[] base, float[] residual, float[] e, int from, int to) {
    float max = 0;
    if (residual == null) {
      for (int i = from; i < to; i++) {
        float d = target[i] - base[i];
        e[i] = d;
        max = Math.max(max, Math.abs(d));
      }
    } else {
      for (int i = from; i < to; i++) {
        float d = target[i] - base[i] + residual[i];
        e[i] = d;
        max = Math.max(max, Math.abs(d));
      }
    }
    return max;
  }

  @Override
  public void bytes(
      float[] v, int from, int to, float inv, float scale, byte[] packed, float[] residual) {
    if (residual == null) {
      for (int i = from; i < to; i++) {
        packed[i] = (byte) (int) (v[i] * inv + ROUNDER - ROUNDER);
      }
    } else {
      for (int i = from; i < to; i++) {
        float q = v[i] * inv + ROUNDER - ROUNDER; // an integer in [-127, 127]
        residual[i] = v[i] - q * scale;
        packed[i] = (byte) (int) q;
      }
    }
  }

  @Override
  public void halves(
      float[] v, int from, int to, float inv, float scale, byte[] packed, float[] residual) {
    if (residual == null) {
      for (int i = from; i < to; i++) {
        SHORT_LE.set(packed, 2 * i, Float16.fromFloat(v[i] * inv));
      }
    } else {
      for (int i = from; i < to; i++) {
        float x = v[i] * inv;
        short h;
        float decoded;
        if (Math.abs(x) >= 0x1p-14f) {
          // a normal half (no overflow: |x| < 2^15): x rounded to 11 significant bits is what
          // the receiver decodes, and its bits rebiased are the half; no conversion back needed
          decoded = Float16.roundNormal(x);
          h = Float16.bitsOfNormal(decoded);
        } else {
          h = Float16.fromFloat(x);
          decoded = Float16.toFloat(h);
        }
        SHORT_LE.set(packed, 2 * i, h);
        residual[i] = v[i] - decoded * scale;
      }
    }
  }

  @Override
  public void unbytes(
      byte[] packed, int p, float[] base, int lo, int hi, float scale, float[] out, int shift) {
    if (base == null) {
      for (int i = lo; i < hi; i++) {
        out[i - shift] = packed[p + i] * scale;
      }
    } else {
      for (int i = lo; i < hi; i++) {
        out[i - shift] = base[i] + packed[p + i] * scale;
      }
    }
  }

  /** The half's float comes from a table: measured faster than rebuilding it from its bits. */
  @Override
  public void unhalves(
      byte[] packed, int p, float[] base, int lo, int hi, float scale, float[] out, int shift) {
    if (base == null) {
      for (int i = lo; i < hi; i++) {
        out[i - shift] = half(packed, p, i) * scale;
      }
    } else {
      for (int i = lo; i < hi; i++) {
        out[i - shift] = base[i] + half(packed, p, i) * scale;
      }
    }
  }

  @Override
  public void addBytes(
      byte[] packed,
      int p,
      float[] base,
      int lo,
      int hi,
      float scale,
      double s,
      double[] acc,
      int shift) {
    if (base == null) {
      for (int i = lo; i < hi; i++) {
        acc[i - shift] += s * (packed[p + i] * scale);
      }
    } else {
      for (int i = lo; i < hi; i++) {
        acc[i - shift] += s * (base[i] + packed[p + i] * scale);
      }
    }
  }

  @Override
  public void addHalves(
      byte[] packed,
      int p,
      float[] base,
      int lo,
      int hi,
      float scale,
      double s,
      double[] acc,
      int shift) {
    if (base == null) {
      for (int i = lo; i < hi; i++) {
        acc[i - shift] += s * (half(packed, p, i) * scale);
      }
    } else {
      for (int i = lo; i < hi; i++) {
        acc[i - shift] += s * (base[i] + half(packed, p, i) * scale);
      }
    }
  }

  @Override
  public boolean halvesFinite(byte[] packed, int p, int from, int to) {
    // a half is infinite or NaN when its exponent bits are all set, and only then does adding one
    // more to them carry into the sign bit: an OR of those sums (a loop without a test per value,
    // measured twice as fast as a maximum of the halves) says whether any is
    int carry = 0;
    for (int i = from; i < to; i++) {
      carry |= ((short) SHORT_LE.get(packed, p + 2 * i) & Float16.EXPONENT_MASK) + 0x0400;
    }
    return (carry & 0x8000) == 0;
  }

  /** The float of the half at value index {@code i} of a payload starting at {@code p}. */
  static float half(byte[] packed, int p, int i) {
    return Float16.toFloat((short) SHORT_LE.get(packed, p + 2 * i));
  }
}
