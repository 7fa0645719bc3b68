package org.divs.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels against the scalar ones, bit for bit, on every loop the codec runs. The test
 * JVMs start with {@code --add-modules=jdk.incubator.vector} (the parent POM's argLine), so on a
 * machine with 256-bit vectors (this one: AVX2) the vector kernels exist here and are the ones
 * {@link CodecKernels#active()} picked.
 */
@DisplayName("codec kernels")
class CodecKernelsTest {
  private static final CodecKernels SCALAR = ScalarKernels.INSTANCE;
  private static final CodecKernels VECTOR = CodecKernels.Selected.vectorOrNull();

  @Test
  @DisplayName("The vector kernels are used exactly when C2 and 256-bit vectors are there")
  void vectorActive() {
    boolean expected =
        FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256 && CodecKernels.Selected.optimising();
    assertThat(VECTOR != null).isEqualTo(expected);
    assertThat(CodecKernels.active().name()).startsWith(expected ? "vector" : "scalar");
  }

  /** The largest magnitude of a tensor: a multiple of 127 by a power of two half the time. */
  private static float maximum(SplittableRandom r, int exponent) {
    return r.nextBoolean()
        ? Math.scalb(127f, exponent - 7)
        : Math.scalb(1f + (float) r.nextDouble(), exponent);
  }

  /**
   * Values up to {@code max}: zeros, the extremes, values that are float16 subnormals once scaled,
   * exact ties of int8 (when max is 127 x 2^j) and of float16 (always: its scale is a power of
   * two), and values spread over eight binades.
   */
  private static float[] values(SplittableRandom r, int n, float max) {
    float scale16 = Math.scalb(1f, Math.max(Float.MIN_EXPONENT, Math.getExponent(max) - 14));
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(40);
      float x;
      if (kind == 0) {
        x = r.nextBoolean() ? 0f : -0f;
      } else if (kind == 1) {
        x = r.nextBoolean() ? max : -max;
      } else if (kind < 4) {
        x = (float) (max * Math.scalb(r.nextDouble(), -20 - r.nextInt(12)));
      } else if (kind < 10) {
        x = (float) ((r.nextInt(254) - 127 + 0.5) * (max / 127.0));
      } else if (kind < 16) {
        int e = r.nextInt(29) - 14;
        float half = Math.scalb(1f + r.nextInt(1024) / 1024f, e);
        x = (half + Math.scalb(1f, e - 11)) * scale16 * (r.nextBoolean() ? 1 : -1);
      } else {
        x = (float) (max * (2 * r.nextDouble() - 1) * Math.scalb(1.0, -r.nextInt(8)));
      }
      v[i] = Math.max(-max, Math.min(max, x));
    }
    return v;
  }

  private static void assertSameBits(float[] a, float[] b) {
    int[] ab = new int[a.length];
    int[] bb = new int[b.length];
    for (int i = 0; i < a.length; i++) {
      ab[i] = Float.floatToRawIntBits(a[i]);
      bb[i] = Float.floatToRawIntBits(b[i]);
    }
    assertThat(bb).isEqualTo(ab);
  }

  /** Runs every encoding loop of both kernels over {@code [from, from + length)} and compares. */
  private static void encodeBoth(SplittableRandom r, int from, int length, int exponent) {
    int n = from + length + 5;
    float max = maximum(r, exponent);
    float[] target = values(r, n, max);
    float[] base = values(r, n, max);
    float[] residual = values(r, n, max / 100);
    for (boolean withResidual : new boolean[] {false, true}) {
      float[] r1 = withResidual ? residual.clone() : null;
      float[] e1 = new float[n];
      float[] e2 = new float[n];
      float m1 = SCALAR.delta(target, base, r1, e1, from, from + length);
      float m2 = VECTOR.delta(target, base, r1, e2, from, from + length);
      assertThat(Float.floatToRawIntBits(m2)).isEqualTo(Float.floatToRawIntBits(m1));
      assertSameBits(e1, e2);
    }
    float[] v = values(r, n, max);
    float inv8 = 127f / max;
    float scale8 = max / 127f;
    int e = Math.max(Float.MIN_EXPONENT, Math.getExponent(max) - 14);
    float inv16 = Math.scalb(1f, -e);
    float scale16 = Math.scalb(1f, e);
    for (boolean withResidual : new boolean[] {false, true}) {
      byte[] p1 = new byte[2 * n];
      byte[] p2 = new byte[2 * n];
      float[] res1 = withResidual ? new float[n] : null;
      float[] res2 = withResidual ? new float[n] : null;
      SCALAR.bytes(v, from, from + length, inv8, scale8, p1, res1);
      VECTOR.bytes(v, from, from + length, inv8, scale8, p2, res2);
      assertThat(p2).isEqualTo(p1);
      if (withResidual) {
        assertSameBits(res1, res2);
      }
      SCALAR.halves(v, from, from + length, inv16, scale16, p1, res1);
      VECTOR.halves(v, from, from + length, inv16, scale16, p2, res2);
      assertThat(p2).isEqualTo(p1);
      if (withResidual) {
        assertSameBits(res1, res2);
      }
    }
  }

  /** Runs every decoding and accumulating loop of both kernels and compares. */
  private static void decodeBoth(SplittableRandom r, int offset, int from, int length, int shift) {
    int n = from + length + 3;
    byte[] packed = new byte[offset + 2 * n];
    r.nextBytes(packed); // every half there is: subnormals, infinities and NaNs included
    float[] base = values(r, n, 3f);
    float scale = (float) Math.scalb(r.nextDouble(), -r.nextInt(20));
    double s = r.nextDouble();
    for (float[] b : new float[][] {null, base}) {
      float[] o1 = new float[n];
      float[] o2 = new float[n];
      SCALAR.unbytes(packed, offset, b, from, from + length, scale, o1, shift);
      VECTOR.unbytes(packed, offset, b, from, from + length, scale, o2, shift);
      assertSameBits(o1, o2);
      SCALAR.unhalves(packed, offset, b, from, from + length, scale, o1, shift);
      VECTOR.unhalves(packed, offset, b, from, from + length, scale, o2, shift);
      assertSameBits(o1, o2);
      double[] a1 = new double[n];
      double[] a2 = new double[n];
      Arrays.fill(a1, 0.25);
      Arrays.fill(a2, 0.25);
      SCALAR.addBytes(packed, offset, b, from, from + length, scale, s, a1, shift);
      VECTOR.addBytes(packed, offset, b, from, from + length, scale, s, a2, shift);
      assertThat(a2).isEqualTo(a1);
      SCALAR.addHalves(packed, offset, b, from, from + length, scale, s, a1, shift);
      VECTOR.addHalves(packed, offset, b, from, from + length, scale, s, a2, shift);
      assertThat(Arrays.toString(a2)).isEqualTo(Arrays.toString(a1));
    }
    assertThat(VECTOR.halvesFinite(packed, offset, from, from + length))
        .isEqualTo(SCALAR.halvesFinite(packed, offset, from, from + length));
    byte[] finite = packed.clone();
    for (int i = 0; i < n; i++) {
      finite[offset + 2 * i + 1] &= (byte) 0xBF; // the top exponent bit cleared: finite halves
    }
    assertThat(SCALAR.halvesFinite(finite, offset, from, from + length)).isTrue();
    assertThat(VECTOR.halvesFinite(finite, offset, from, from + length)).isTrue();
    if (length > 0) {
      int at = from + r.nextInt(length);
      finite[offset + 2 * at + 1] |= 0x7C; // exponent bits all set: infinite or NaN
      assertThat(SCALAR.halvesFinite(finite, offset, from, from + length)).isFalse();
      assertThat(VECTOR.halvesFinite(finite, offset, from, from + length)).isFalse();
    }
  }

  @Property(tries = 60)
  @Label("Encoding a range gives the scalar kernels' bytes, halves, residuals and maximum")
  void encodeSame(
      @ForAll @IntRange(min = 0, max = 100) int from,
      @ForAll @IntRange(min = 0, max = 300) int length,
      @ForAll @IntRange(min = -120, max = 60) int exponent,
      @ForAll long seed) {
    if (VECTOR == null) {
      return; // nothing to compare in this JVM; vectorActive checks that this is right here
    }
    encodeBoth(new SplittableRandom(seed), from, length, exponent);
  }

  @Property(tries = 60)
  @Label(
      "Decoding, accumulating and checking a range give the scalar kernels' floats, doubles and"
          + " answers")
  void decodeSame(
      @ForAll @IntRange(min = 0, max = 50) int offset,
      @ForAll @IntRange(min = 0, max = 100) int from,
      @ForAll @IntRange(min = 0, max = 300) int length,
      @ForAll @IntRange(min = 0, max = 3) int shiftBy,
      @ForAll long seed) {
    if (VECTOR == null) {
      return; // nothing to compare in this JVM; vectorActive checks that this is right here
    }
    decodeBoth(new SplittableRandom(seed), offset, from, length, Math.min(from, shiftBy));
  }

  /**
   * The properties above make too few calls for C2 to compile the vector loops, and only C2 turns
   * them into vector instructions (before, the Vector API runs lane by lane in Java): here each
   * loop runs a few thousand times over ranges of the codec's 4,096 values, which C2 compiles
   * within the first few hundred (checked once with {@code -XX:+PrintCompilation}), and is compared
   * every time.
   */
  @Test
  @DisplayName("Compiled by C2, the vector kernels still give the scalar kernels' bits")
  void compiledSame() {
    assumeTrue(VECTOR != null, "no vector kernels in this JVM (vectorActive says whether right)");
    SplittableRandom r = new SplittableRandom(20261127);
    for (int k = 0; k < 2500; k++) {
      encodeBoth(r, r.nextInt(8), 4096 - r.nextInt(3), r.nextInt(60) - 30);
      int from = r.nextInt(8);
      decodeBoth(r, r.nextInt(4), from, 4096 - r.nextInt(3), r.nextInt(from + 1));
    }
  }

  @Test
  @DisplayName("A NaN or an infinity anywhere in a delta makes its maximum non-finite")
  void nonFiniteMaximum() {
    assumeTrue(VECTOR != null, "no vector kernels in this JVM (vectorActive says whether right)");
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      for (int at : new int[] {0, 7, 8, 15, 16, 20}) {
        float[] target = new float[21];
        float[] base = new float[21];
        target[at] = bad;
        float m = VECTOR.delta(target, base, null, new float[21], 0, 21);
        assertThat(Float.isFinite(m)).as("%s at %d", bad, at).isFalse();
        assertThat(Float.isNaN(m)).isEqualTo(Float.isNaN(bad));
      }
    }
  }
}
