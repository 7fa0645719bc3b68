package org.divs.sync;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The codec loops on the Vector API, 8 floats a step, bit for bit what {@link ScalarKernels}
 * computes: the same float operations in the same order, lane by lane. Java 17's C2 vectorises none
 * of the scalar loops' conversions (float to int8 or float16 and back, float to double); these run
 * them 3 to 6 times as fast on AVX2. Conversions avoid the operators Java 17 leaves slow on AVX2
 * (float to int): an int8 is read off the bits of {@code x + 1.5 x 2^23}, a float16 off the bits of
 * {@code x} rounded to 11 significant bits, and a float16 decodes as its bits moved into a float's
 * times 2^112. Lanes the fast path does not cover (a float16 below the normal range on encoding,
 * infinite or NaN on decoding) and each range's tail go to the scalar loops.
 *
 * <p>Loaded only through {@link CodecKernels#active()}; its constructor refuses vectors narrower
 * than 256 bits, where the API would run slower than the scalar loops.
 */
final class VectorKernels implements CodecKernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_128;
  private static final VectorSpecies<Short> WIDE = ShortVector.SPECIES_256;
  private static final short EXPONENT = (short) Float16.EXPONENT_MASK;
  private static final short CARRY = 0x0400;
  private static final short SIGN = (short) 0x8000;
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
  private static final int LANES = 8;

  /** The bits of {@link ScalarKernels#ROUNDER}: r - these is the integer r was rounded to. */
  private static final int ROUNDER_BITS = Float.floatToRawIntBits(ScalarKernels.ROUNDER);

  private final ScalarKernels scalar = ScalarKernels.INSTANCE;

  VectorKernels() {
    if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < F.vectorBitSize() || F.length() != LANES) {
      throw new UnsupportedOperationException(
          "vectors of " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits");
    }
  }

  @Override
  public String name() {
    return "vector (" + F.vectorBitSize() + "-bit)";
  }

  private static int bound(int from, int to) {
    return from + Math.max(0, to - from) / LANES * LANES;
  }

  @Override
  public float delta(float[] target, float[] base, float[] residual, float[] e, int from, int to) {
    int upper = bound(from, to);
    FloatVector max = FloatVector.zero(F);
    for (int i = from; i < upper; i += LANES) {
      FloatVector d = FloatVector.fromArray(F, target, i).sub(FloatVector.fromArray(F, base, i));
      if (residual != null) {
        d = d.add(FloatVector.fromArray(F, residual, i));
      }
      d.intoArray(e, i);
      max = max.max(d.abs());
    }
    float m = max.reduceLanes(VectorOperators.MAX);
    return Math.max(m, scalar.delta(target, base, residual, e, upper, to));
  }

  @Override
  public void bytes(
      float[] v, int from, int to, float inv, float scale, byte[] packed, float[] residual) {
    int upper = bound(from, to);
    for (int i = from; i < upper; i += LANES) {
      FloatVector x = FloatVector.fromArray(F, v, i);
      FloatVector r = x.mul(inv).add(ScalarKernels.ROUNDER); // in [2^23, 2^24): ulp 1
      if (residual != null) {
        x.sub(r.sub(ScalarKernels.ROUNDER).mul(scale)).intoArray(residual, i);
      }
      r.reinterpretAsInts()
          .sub(ROUNDER_BITS)
          .convertShape(VectorOperators.I2B, B, 0)
          .reinterpretAsBytes()
          .intoArray(packed, i);
    }
    scalar.bytes(v, upper, to, inv, scale, packed, residual);
  }

  @Override
  public void halves(
      float[] v, int from, int to, float inv, float scale, byte[] packed, float[] residual) {
    int upper = bound(from, to);
    for (int i = from; i < upper; i += LANES) {
      FloatVector vi = FloatVector.fromArray(F, v, i);
      FloatVector x = vi.mul(inv);
      VectorMask<Float> subnormal = x.abs().lt(0x1p-14f);
      if (subnormal.anyTrue()) {
        scalar.halves(v, i, i + LANES, inv, scale, packed, residual);
        continue;
      }
      // Float16.roundNormal and Float16.bitsOfNormal, lane by lane
      FloatVector p = x.mul(8193f);
      FloatVector rounded = x.sub(p).add(p);
      IntVector bits = rounded.reinterpretAsInts();
      IntVector half =
          bits.lanewise(VectorOperators.LSHR, 16)
              .and(0x8000)
              .or(bits.and(0x7fff_ffff).sub(0x3800_0000).lanewise(VectorOperators.LSHR, 13));
      half.convertShape(VectorOperators.I2S, S, 0)
          .reinterpretAsShorts()
          .intoByteArray(packed, 2 * i, ByteOrder.LITTLE_ENDIAN);
      if (residual != null) {
        vi.sub(rounded.mul(scale)).intoArray(residual, i);
      }
    }
    scalar.halves(v, upper, to, inv, scale, packed, residual);
  }

  @Override
  public void unbytes(
      byte[] packed, int p, float[] base, int lo, int hi, float scale, float[] out, int shift) {
    int upper = bound(lo, hi);
    for (int i = lo; i < upper; i += LANES) {
      FloatVector w = scaled(bytesAt(packed, p + i), scale, base, i);
      w.intoArray(out, i - shift);
    }
    scalar.unbytes(packed, p, base, upper, hi, scale, out, shift);
  }

  @Override
  public void unhalves(
      byte[] packed, int p, float[] base, int lo, int hi, float scale, float[] out, int shift) {
    int upper = bound(lo, hi);
    for (int i = lo; i < upper; i += LANES) {
      FloatVector h = halvesAt(packed, p + 2 * i);
      if (h == null) {
        scalar.unhalves(packed, p, base, i, i + LANES, scale, out, shift);
        continue;
      }
      FloatVector w = scaled(h, scale, base, i);
      w.intoArray(out, i - shift);
    }
    scalar.unhalves(packed, p, base, upper, hi, scale, out, shift);
  }

  @Override
  public boolean halvesFinite(byte[] packed, int p, int from, int to) {
    // the scalar loop's carry trick, 16 halves a step: (h & exponent) + 0x0400 sets bit 15 only
    // when the exponent bits are all set
    int upper = from + Math.max(0, to - from) / WIDE.length() * WIDE.length();
    ShortVector carry = ShortVector.zero(WIDE);
    for (int i = from; i < upper; i += WIDE.length()) {
      ShortVector h = ShortVector.fromByteArray(WIDE, packed, p + 2 * i, ByteOrder.LITTLE_ENDIAN);
      carry = carry.or(h.and(EXPONENT).add(CARRY));
    }
    return carry.and(SIGN).reduceLanes(VectorOperators.OR) == 0
        && scalar.halvesFinite(packed, p, upper, to);
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
    int upper = bound(lo, hi);
    for (int i = lo; i < upper; i += LANES) {
      FloatVector w = scaled(bytesAt(packed, p + i), scale, base, i);
      accumulate(w, s, acc, i - shift);
    }
    scalar.addBytes(packed, p, base, upper, hi, scale, s, acc, shift);
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
    int upper = bound(lo, hi);
    for (int i = lo; i < upper; i += LANES) {
      FloatVector h = halvesAt(packed, p + 2 * i);
      if (h == null) {
        scalar.addHalves(packed, p, base, i, i + LANES, scale, s, acc, shift);
        continue;
      }
      FloatVector w = scaled(h, scale, base, i);
      accumulate(w, s, acc, i - shift);
    }
    scalar.addHalves(packed, p, base, upper, hi, scale, s, acc, shift);
  }

  /** {@code (base[i + k] +) q[k] x scale}: a decoded value, in the scalar loops' order. */
  private static FloatVector scaled(FloatVector q, float scale, float[] base, int i) {
    FloatVector w = q.mul(scale);
    return base == null ? w : FloatVector.fromArray(F, base, i).add(w);
  }

  /** The 8 int8 values at {@code offset}, as floats. */
  private static FloatVector bytesAt(byte[] packed, int offset) {
    return (FloatVector)
        ByteVector.fromArray(B, packed, offset)
            .convertShape(VectorOperators.B2I, I, 0)
            .convertShape(VectorOperators.I2F, F, 0);
  }

  /**
   * The 8 halves at byte {@code offset}, as floats: the exponent and mantissa bits moved into a
   * float's, which reads the half's value times 2^-112 exactly (a subnormal half as a subnormal
   * float), times 2^112. Null when a half is infinite or NaN, which this does not decode.
   */
  private static FloatVector halvesAt(byte[] packed, int offset) {
    IntVector h =
        (IntVector)
            ShortVector.fromByteArray(S, packed, offset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.S2I, I, 0);
    if (h.and(Float16.EXPONENT_MASK).eq(Float16.EXPONENT_MASK).anyTrue()) {
      return null;
    }
    IntVector bits =
        h.and(0x8000)
            .lanewise(VectorOperators.LSHL, 16)
            .or(h.and(0x7fff).lanewise(VectorOperators.LSHL, 13));
    return bits.reinterpretAsFloats().mul(0x1p112f);
  }

  /** {@code acc[at + k] += s x w[k]}, each float widened to double as Java widens it. */
  private static void accumulate(FloatVector w, double s, double[] acc, int at) {
    DoubleVector low = (DoubleVector) w.convertShape(VectorOperators.F2D, D, 0);
    DoubleVector high = (DoubleVector) w.convertShape(VectorOperators.F2D, D, 1);
    DoubleVector.fromArray(D, acc, at).add(low.mul(s)).intoArray(acc, at);
    DoubleVector.fromArray(D, acc, at + 4).add(high.mul(s)).intoArray(acc, at + 4);
  }
}
