package org.divs.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Encoded weights")
class EncodedWeightsTest {
  private static final int[] TENSORS = {600, 16, 384};

  /** Three tensors of very different scales: 0.1, 1e-4 and 10. */
  private static Weights weights(long seed) {
    Random r = new Random(seed);
    float[] v = new float[1000];
    for (int i = 0; i < v.length; i++) {
      double scale = i < 600 ? 0.1 : i < 616 ? 1e-4 : 10;
      v[i] = (float) (r.nextGaussian() * scale);
    }
    return Weights.wrap(v);
  }

  private static EncodedWeights viaWire(EncodedWeights e) {
    ByteBuffer b = ByteBuffer.allocate(e.wireBytes() + 3);
    b.put(new byte[3]);
    e.writeTo(b);
    assertThat(b.position()).isEqualTo(e.wireBytes() + 3);
    b.flip().position(3);
    EncodedWeights back = EncodedWeights.readFrom(b);
    assertThat(b.hasRemaining()).isFalse();
    return back;
  }

  /** Largest error in each tensor, divided by that tensor's largest absolute value. */
  private static double worstRelativeError(Weights expected, Weights actual) {
    double worst = 0;
    int off = 0;
    for (int len : TENSORS) {
      double max = 0;
      double err = 0;
      for (int i = off; i < off + len; i++) {
        max = Math.max(max, Math.abs(expected.get(i)));
        err = Math.max(err, Math.abs((double) expected.get(i) - actual.get(i)));
      }
      worst = Math.max(worst, max == 0 ? err : err / max);
      off += len;
    }
    return worst;
  }

  @Test
  @DisplayName("Full float32 holds the very weights and decodes to them")
  void fullIsTheWeights() {
    Weights w = weights(1);
    EncodedWeights e = EncodedWeights.full(w);
    assertThat(e.decode(null)).isSameAs(w);
    assertThat(e.isDelta()).isFalse();
    assertThat(e.baseRound()).isEqualTo(-1);
    assertThat(e.wireBytes()).isEqualTo(1 + 4 + 4000);
    assertThat(e.toBytes()[0]).as("encoding byte").isZero();
    assertThat(viaWire(e)).isEqualTo(e);
  }

  @ParameterizedTest
  @EnumSource(WeightEncoding.class)
  @DisplayName("A delta survives the wire and decodes within the encoding's per-tensor bound")
  void deltaRoundTrip(WeightEncoding encoding) {
    Weights base = weights(1);
    Weights target = weights(2);
    EncodedWeights e = EncodedWeights.delta(encoding, TENSORS, target, base, 7);
    EncodedWeights back = viaWire(e);
    assertThat(back).isEqualTo(e).hasSameHashCodeAs(e);
    assertThat(back.isDelta()).isTrue();
    assertThat(back.baseRound()).isEqualTo(7);
    assertThat(back.encoding()).isEqualTo(encoding);
    assertThat(e.toBytes()[0]).isEqualTo((byte) (0x10 | encoding.code()));
    Weights decoded = back.decode(base);
    double bound =
        switch (encoding) {
          case F32 -> 1e-6;
          case F16 -> 1.0 / 2048;
          case I8 -> 0.5 / 127 + 1e-6;
        };
    // the error of the delta, relative to the delta's largest value per tensor
    float[] d = new float[1000];
    float[] got = new float[1000];
    for (int i = 0; i < d.length; i++) {
      d[i] = target.get(i) - base.get(i);
      got[i] = decoded.get(i) - base.get(i);
    }
    assertThat(worstRelativeError(Weights.wrap(d), Weights.wrap(got))).isLessThan(bound);
  }

  @ParameterizedTest
  @EnumSource(WeightEncoding.class)
  @DisplayName(
      "Receivers holding the same base share one decoding; another base gets its own, equal one")
  void sharedDecoding(WeightEncoding encoding) throws Exception {
    Weights base = weights(1);
    EncodedWeights e = viaWire(EncodedWeights.delta(encoding, TENSORS, weights(2), base, 3));
    Weights first = e.decode(base);
    assertThat(e.decode(base)).isSameAs(first);
    Weights other = e.decode(Weights.wrap(base.toArray()));
    assertThat(other).isNotSameAs(first).isEqualTo(first);
    Weights shifted = e.decode(weights(5));
    assertThat(shifted).isNotEqualTo(first);
    // receivers on other threads at once all get one instance for one base
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      EncodedWeights fresh = viaWire(EncodedWeights.delta(encoding, TENSORS, weights(2), base, 3));
      java.util.List<java.util.concurrent.Future<Weights>> got =
          pool.invokeAll(
              java.util.Collections.nCopies(
                  8, (java.util.concurrent.Callable<Weights>) () -> fresh.decode(base)));
      for (java.util.concurrent.Future<Weights> f : got) {
        assertThat(f.get()).isSameAs(got.get(0).get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("Payload bytes: float16 about half of float32, int8 about a quarter")
  void sizes() {
    Weights w = weights(1);
    int f32 = EncodedWeights.full(w).wireBytes();
    int f16 = EncodedWeights.delta(WeightEncoding.F16, TENSORS, w, w, 0).wireBytes();
    int i8 = EncodedWeights.delta(WeightEncoding.I8, TENSORS, w, w, 0).wireBytes();
    assertThat(f16).isEqualTo(1 + 8 + 4 + 4 + 3 * 8 + 2000);
    assertThat(i8).isEqualTo(1 + 8 + 4 + 4 + 3 * 8 + 1000);
    assertThat((double) f16 / f32).isCloseTo(0.5, within(0.02));
    assertThat((double) i8 / f32).isCloseTo(0.25, within(0.02));
  }

  @ParameterizedTest
  @EnumSource(
      value = WeightEncoding.class,
      names = {"F16", "I8"})
  @DisplayName("Full quantised weights decode without a base; an all-zero tensor stays zero")
  void fullQuantised(WeightEncoding encoding) {
    float[] v = weights(3).toArray();
    Arrays.fill(v, 600, 616, 0f);
    Weights w = Weights.wrap(v);
    EncodedWeights e = viaWire(EncodedWeights.encode(encoding, TENSORS, w));
    assertThat(e.isDelta()).isFalse();
    assertThat(e.scales()[1]).isZero();
    Weights d = e.decode(null);
    for (int i = 600; i < 616; i++) {
      assertThat(d.get(i)).isZero();
    }
    assertThat(worstRelativeError(w, d)).isLessThan(encoding == WeightEncoding.F16 ? 1e-3 : 4e-3);
  }

  @Test
  @DisplayName("float16 keeps tiny deltas precise and huge ones finite (power-of-two scale)")
  void float16Range() {
    float[] t = new float[1000];
    for (int i = 0; i < t.length; i++) {
      t[i] = i < 600 ? 1e-7f * (i + 1) : 1e6f * (i - 599);
    }
    Weights zero = Weights.wrap(new float[1000]);
    Weights d =
        EncodedWeights.delta(WeightEncoding.F16, TENSORS, Weights.wrap(t), zero, 0).decode(zero);
    assertThat(d.firstNonFinite()).isEqualTo(-1);
    for (int i = 0; i < 1000; i++) {
      assertThat((double) d.get(i)).isCloseTo(t[i], within(Math.abs(t[i]) / 1024.0));
    }
  }

  @Test
  @DisplayName(
      "int8 sends a tensor of deltas too small to scale (127 / max overflows) as zeros, all of it"
          + " kept in the residual, and the next round still encodes")
  void int8TinyDelta() {
    float[] base = new float[1000];
    float[] target = new float[1000];
    for (int i = 0; i < target.length; i++) {
      target[i] = i % 2 == 0 ? 3e-37f : -1e-38f * (1 + i % 7); // 127 / 3e-37 is infinite
    }
    WeightCompressor c = new WeightCompressor(WeightEncoding.I8, TENSORS);
    Weights b = Weights.wrap(base);
    Weights t = Weights.wrap(target);
    EncodedWeights first = c.encode(t, b, 0);
    assertThat(first.scales()).containsOnly(0f);
    assertThat(first.decode(b).toArray()).containsOnly(0f);
    assertThat(c.residual()).isEqualTo(target);
    // the carried residual doubles the next delta, which now scales: finite, no sign flipped
    float[] second = c.encode(t, b, 1).decode(b).toArray();
    assertThat(Weights.wrap(second).firstNonFinite()).isEqualTo(-1);
    assertThat(Weights.wrap(c.residual()).firstNonFinite()).isEqualTo(-1);
    for (int i = 0; i < target.length; i++) {
      assertThat(second[i] * target[i]).isGreaterThanOrEqualTo(0f);
    }
  }

  @Test
  @DisplayName("NaN or infinity is refused with its index and tensor")
  void nonFiniteRefused() {
    float[] v = weights(1).toArray();
    v[610] = Float.NaN;
    for (WeightEncoding e : WeightEncoding.values()) {
      assertThatThrownBy(() -> EncodedWeights.delta(e, TENSORS, Weights.wrap(v), weights(2), 0))
          .as(e.configName())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("index 610");
    }
    assertThatThrownBy(
            () -> EncodedWeights.delta(WeightEncoding.I8, TENSORS, Weights.wrap(v), weights(2), 0))
        .hasMessageContaining("tensor 1");
  }

  @Test
  @DisplayName("Tensor lengths must add up, a delta needs its base, sizes must match")
  void misuse() {
    Weights w = weights(1);
    assertThatThrownBy(() -> EncodedWeights.encode(WeightEncoding.I8, new int[] {10, 20}, w))
        .hasMessageContaining("sum to 30");
    EncodedWeights d = EncodedWeights.delta(WeightEncoding.I8, TENSORS, w, w, 4);
    assertThatThrownBy(() -> d.decode(null)).hasMessageContaining("round 4");
    assertThatThrownBy(() -> d.decode(Weights.wrap(new float[3]))).hasMessageContaining("size");
  }

  @Test
  @DisplayName(
      "A corrupt payload is refused: unknown encoding, lengths that do not add up, cut short")
  void corruptRefused() {
    byte[] ok =
        EncodedWeights.delta(WeightEncoding.I8, TENSORS, weights(1), weights(2), 3).toBytes();
    byte[] unknown = ok.clone();
    unknown[0] = 0x13;
    assertThatThrownBy(() -> EncodedWeights.readFrom(ByteBuffer.wrap(unknown)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown weight encoding");
    byte[] badLength = ok.clone();
    ByteBuffer.wrap(badLength).order(ByteOrder.LITTLE_ENDIAN).putInt(1 + 8 + 4 + 4, 601);
    assertThatThrownBy(() -> EncodedWeights.readFrom(ByteBuffer.wrap(badLength)))
        .hasMessageContaining("tensors hold 1001");
    byte[] cut = Arrays.copyOf(ok, ok.length - 1);
    assertThatThrownBy(() -> EncodedWeights.readFrom(ByteBuffer.wrap(cut)))
        .hasMessageContaining("cut short");
  }

  @Property(tries = 200)
  @Label("Error feedback: the receiver lands on the target plus the old residual minus the new one")
  void errorFeedbackInvariant(
      @ForAll @IntRange(min = 1, max = 400) int n,
      @ForAll @DoubleRange(min = 1e-6, max = 1e3) @Scale(9) double scale,
      @ForAll long seed) {
    Random r = new Random(seed);
    int[] tensors = {n / 3, n - n / 3};
    float[] base = new float[n];
    float[] target = new float[n];
    for (int i = 0; i < n; i++) {
      base[i] = (float) r.nextGaussian();
      target[i] = base[i] + (float) (r.nextGaussian() * scale);
    }
    for (WeightEncoding enc : new WeightEncoding[] {WeightEncoding.F16, WeightEncoding.I8}) {
      WeightCompressor c = new WeightCompressor(enc, tensors);
      Weights b = Weights.wrap(base);
      Weights t = Weights.wrap(target);
      c.encode(t, b, 0);
      float[] r1 = c.residual();
      Weights got = c.encode(t, b, 1).decode(b);
      float[] r2 = c.residual();
      for (int i = 0; i < n; i++) {
        double expected = (double) target[i] + r1[i] - r2[i];
        assertThat((double) got.get(i))
            .isCloseTo(expected, within(1e-5 * (Math.abs(target[i]) + scale)));
      }
    }
  }

  @Test
  @DisplayName("A receiver applies deltas to the round it holds and refuses one against another")
  void decompressorFollowsRounds() {
    WeightDecompressor d = new WeightDecompressor();
    Weights w0 = weights(1);
    Weights w1 = weights(2);
    assertThatThrownBy(
            () -> d.accept(1, EncodedWeights.delta(WeightEncoding.F16, TENSORS, w1, w0, 0)))
        .hasMessageContaining("holds no weights");
    assertThat(d.accept(0, EncodedWeights.full(w0))).isSameAs(w0);
    Weights got = d.accept(1, EncodedWeights.delta(WeightEncoding.F16, TENSORS, w1, w0, 0));
    assertThat(d.round()).isEqualTo(1);
    assertThat(got.distance(w1) / w1.norm()).isLessThan(1e-3);
    assertThatThrownBy(
            () -> d.accept(3, EncodedWeights.delta(WeightEncoding.F16, TENSORS, w1, w0, 2)))
        .hasMessageContaining("against round 2, this node holds round 1");
    assertThat(d.current()).isSameAs(got);
  }

  @ParameterizedTest
  @EnumSource(WeightEncoding.class)
  @DisplayName(
      "A read in place and a block-by-block accumulation give exactly what a copying read decodes")
  void readInPlaceAndBlocks(WeightEncoding encoding) {
    Weights base = weights(1);
    EncodedWeights delta = EncodedWeights.delta(encoding, TENSORS, weights(2), base, 0);
    byte[] wire = delta.toBytes();
    byte[] framed = new byte[wire.length + 7]; // the payload inside a larger message buffer
    System.arraycopy(wire, 0, framed, 5, wire.length);
    EncodedWeights shared = EncodedWeights.readSharing(ByteBuffer.wrap(framed, 5, wire.length));
    assertThat(shared).isEqualTo(delta).hasSameHashCodeAs(delta);
    Weights full = EncodedWeights.readFrom(ByteBuffer.wrap(wire)).decode(base);
    assertThat(shared.decode(base)).isEqualTo(full);
    float[] blocks = new float[full.size()];
    double[] acc = new double[300];
    for (int from = 0; from < blocks.length; from += acc.length) {
      int count = Math.min(acc.length, blocks.length - from);
      Arrays.fill(acc, 0.0);
      shared.accumulate(base.array(), from, count, 1.0, acc);
      for (int k = 0; k < count; k++) {
        blocks[from + k] = (float) acc[k];
      }
    }
    assertThat(blocks).containsExactly(full.toArray());
  }

  @Test
  @DisplayName(
      "float16 decodes bit for bit as the half's table value times the scale, for every half,"
          + " with and without a base, at ordinary, tiny, odd and huge scales")
  void float16DecodeExact() {
    int n = 1 << 16;
    float[] base = new float[n];
    Random r = new Random(5);
    for (int i = 0; i < n; i++) {
      base[i] = (float) r.nextGaussian();
    }
    for (float scale : new float[] {1f, 0x1p-20f, 0x1p-140f, 0.7f, 0x1p14f, 0x1p15f, 3e30f}) {
      for (boolean delta : new boolean[] {false, true}) {
        ByteBuffer b =
            ByteBuffer.allocate(1 + 8 + 4 + 4 + 4 + 4 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) (WeightEncoding.F16.code() | (delta ? EncodedWeights.DELTA_FLAG : 0)));
        if (delta) {
          b.putLong(7);
        }
        b.putInt(n).putInt(1).putInt(n).putFloat(scale);
        for (int h = 0; h < n; h++) {
          b.putShort((short) h);
        }
        b.flip();
        Weights got = EncodedWeights.readFrom(b).decode(delta ? Weights.wrap(base) : null);
        for (int h = 0; h < n; h++) {
          float v = Float16.toFloat((short) h) * scale;
          float expected = delta ? base[h] + v : v;
          assertThat(Float.floatToIntBits(got.get(h)))
              .as("half %04x x %s", h, scale)
              .isEqualTo(Float.floatToIntBits(expected));
        }
      }
    }
  }

  @Test
  @DisplayName(
      "The first NaN or infinity is found by index wherever it sits; the largest magnitude sees"
          + " negative values and NaN")
  void nonFiniteScan() {
    int n = 3 * 4096 + 5;
    for (int at : new int[] {0, 4095, 4096, 8191, n - 1}) {
      for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
        float[] v = new float[n];
        Arrays.fill(v, -1.5f);
        v[at] = bad;
        if (at + 7 < n) {
          v[at + 7] = Float.NaN; // a later one is not the first
        }
        assertThat(Weights.wrap(v).firstNonFinite()).as("%s at %d", bad, at).isEqualTo(at);
        double max = Weights.wrap(v).maxAbs();
        if (Float.isNaN(bad) || at + 7 < n) {
          assertThat(max).isNaN();
        } else {
          assertThat(max).isEqualTo(Double.POSITIVE_INFINITY);
        }
      }
    }
    float[] fine = new float[n];
    Arrays.fill(fine, 2f);
    fine[9000] = -Float.MAX_VALUE;
    fine[17] = -0f;
    assertThat(Weights.wrap(fine).firstNonFinite()).isEqualTo(-1);
    assertThat(Weights.wrap(fine).maxAbs()).isEqualTo(Float.MAX_VALUE);
    float[] inf = fine.clone();
    inf[n - 1] = Float.NEGATIVE_INFINITY;
    assertThat(Weights.wrap(inf).maxAbs()).isEqualTo(Double.POSITIVE_INFINITY);
    float[] negInf = weights(1).toArray();
    negInf[999] = Float.NEGATIVE_INFINITY;
    for (WeightEncoding e : new WeightEncoding[] {WeightEncoding.F16, WeightEncoding.I8}) {
      assertThatThrownBy(
              () -> new WeightCompressor(e, TENSORS).encode(Weights.wrap(negInf), weights(2), 0))
          .as(e.configName())
          .hasMessageContaining("index 999");
    }
  }

  @Test
  @DisplayName(
      "The sender's fused path packs exactly the halves and bytes of a plain delta, ties included")
  void fusedPathPacksLikePlainDelta() {
    Random r = new Random(9);
    int n = 20_000;
    float[] t = new float[n];
    for (int i = 0; i < n; i++) {
      // halfway cases of float16 (low 13 bits 0x1000) in every other value, over many binades
      int bits =
          Float.floatToRawIntBits((float) (r.nextGaussian() * Math.pow(2, r.nextInt(20) - 6)));
      t[i] = Float.intBitsToFloat(i % 2 == 0 ? (bits & ~0x1fff) | 0x1000 : bits);
    }
    t[0] = 30000f; // the largest: a scale of 1 for float16, so x is the value itself
    int[] tensors = {n};
    Weights zero = Weights.wrap(new float[n]);
    for (WeightEncoding e : new WeightEncoding[] {WeightEncoding.F16, WeightEncoding.I8}) {
      EncodedWeights plain = EncodedWeights.delta(e, tensors, Weights.wrap(t), zero, 0);
      EncodedWeights fused = new WeightCompressor(e, tensors).encode(Weights.wrap(t), zero, 0);
      assertThat(fused.toBytes()).as(e.configName()).isEqualTo(plain.toBytes());
    }
  }
}
