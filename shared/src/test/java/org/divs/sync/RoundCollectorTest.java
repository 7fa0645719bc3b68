package org.divs.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.divs.bus.LocalUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Round collector")
class RoundCollectorTest {
  private RoundCollector collector;

  private static LocalUpdate update(String run, String from, long round, long k, float... w) {
    return new LocalUpdate(
        run,
        "cnn",
        round,
        from,
        k,
        Weighting.FEDAVG.logMass(Math.max(k, 1)),
        List.of(from),
        List.of(),
        1.0,
        10,
        Weights.of(w));
  }

  @BeforeEach
  void setUp() {
    collector = new RoundCollector("run", Map.of("a", List.of("a"), "b", List.of("b1", "b2")), 2);
    collector.begin(3);
  }

  @Test
  @DisplayName("A round completes when every child answered and merges by samples")
  void completes() {
    assertThat(collector.offer(update("run", "a", 3, 1, 0, 0))).isNull();
    assertThat(collector.complete()).isFalse();
    assertThat(collector.missing()).containsExactly("b");
    assertThat(collector.merged("cnn", "d").missing()).containsExactly("b1", "b2");
    assertThat(collector.offer(update("run", "b", 3, 3, 4, 8))).isNull();
    assertThat(collector.complete()).isTrue();
    LocalUpdate m = collector.merged("cnn", "district");
    assertThat(m.weights().toArray()).containsExactly(3f, 6f);
    assertThat(m.samples()).isEqualTo(4);
    assertThat(m.leaves()).containsExactly("a", "b");
  }

  @Test
  @DisplayName("A child with no data answers but is left out of the weights")
  void noDataLeftOut() {
    collector.offer(update("run", "a", 3, 0));
    collector.offer(update("run", "b", 3, 5, 1, 2));
    assertThat(collector.complete()).isTrue();
    assertThat(collector.participants()).containsExactly("b");
    assertThat(collector.merged("cnn", "d").weights().toArray()).containsExactly(1f, 2f);
  }

  @Test
  @DisplayName("Updates of another run, node, round, shape, NaN or a second copy are refused")
  void refusals() {
    assertThat(collector.offer(update("other", "a", 3, 1, 0, 0))).contains("run other");
    assertThat(collector.offer(update("run", "x", 3, 1, 0, 0))).contains("not a child");
    assertThat(collector.offer(update("run", "a", 2, 1, 0, 0))).contains("current round is 3");
    assertThat(collector.offer(update("run", "a", 3, 1, 0, 0, 0))).contains("3 floats");
    assertThat(collector.offer(update("run", "a", 3, 1, 0, Float.NaN))).contains("NaN at index 1");
    assertThat(collector.offer(update("run", "a", 3, 1, 0, 0))).isNull();
    assertThat(collector.offer(update("run", "a", 3, 1, 0, 0))).contains("already received");
    assertThat(collector.merged("cnn", "d").weights().toArray()).containsExactly(0f, 0f);
  }

  private static LocalUpdate delta(String from, long baseRound, Weights target, Weights base) {
    EncodedWeights p =
        EncodedWeights.delta(WeightEncoding.I8, new int[] {2}, target, base, baseRound);
    return new LocalUpdate("run", "cnn", 3, from, 1, 0.0, List.of(from), List.of(), 1.0, 10, p);
  }

  @Test
  @DisplayName("Deltas against the round before are decoded on arrival and merged in full")
  void deltasDecoded() {
    Weights base = Weights.of(new float[] {1, 1});
    collector.begin(3, base);
    assertThat(collector.offer(delta("a", 2, Weights.of(new float[] {1, 3}), base))).isNull();
    assertThat(collector.offer(update("run", "b", 3, 1, 3, 5))).isNull();
    LocalUpdate m = collector.merged("cnn", "district");
    assertThat(m.payload().isDelta()).isFalse();
    assertThat(m.weights().toArray()).containsExactly(2f, 4f);
  }

  @Test
  @DisplayName("A delta against another round, or with no base for the round, is refused")
  void deltaRefusals() {
    Weights base = Weights.of(new float[] {1, 1});
    Weights target = Weights.of(new float[] {2, 2});
    assertThat(collector.offer(delta("a", 2, target, base))).contains("no base weights");
    collector.begin(3, base);
    assertThat(collector.offer(delta("a", 1, target, base)))
        .contains("a delta against round 1, not 2");
    assertThat(collector.offer(delta("a", 2, target, base))).isNull();
  }

  /** Weights of {@code n} floats around {@code scale}, seeded. */
  private static float[] random(long seed, int n, double scale) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * scale);
    }
    return v;
  }

  private static LocalUpdate delta(String from, long samples, EncodedWeights payload) {
    return new LocalUpdate(
        "run",
        "cnn",
        4,
        from,
        samples,
        Weighting.FEDAVG.logMass(samples),
        List.of(from),
        List.of(),
        1.0,
        10,
        payload);
  }

  @Test
  @DisplayName(
      "Deltas merged from their encoding equal, bit for bit, the merge of their decoded weights")
  void deltasMergedInPlace() {
    int[] tensors = {1000, 3000, 1500}; // tensors crossing the merge's 2048-float blocks
    int n = 5500;
    Weights base = Weights.wrap(random(1, n, 0.1));
    Map<String, List<String>> children = new java.util.LinkedHashMap<>();
    List<Contribution> decoded = new java.util.ArrayList<>();
    RoundCollector c = null;
    List<LocalUpdate> updates = new java.util.ArrayList<>();
    for (int k = 0; k < 6; k++) {
      String from = "c" + k;
      children.put(from, List.of(from));
      float[] t = base.toArray();
      float[] step = random(10 + k, n, 1e-3);
      for (int i = 0; i < n; i++) {
        t[i] += step[i];
      }
      WeightEncoding e = k % 2 == 0 ? WeightEncoding.F16 : WeightEncoding.I8;
      EncodedWeights p = EncodedWeights.delta(e, tensors, Weights.wrap(t), base, 3);
      updates.add(delta(from, 100 + 10 * k, p));
      decoded.add(
          new Contribution(
              Weighting.FEDAVG.logMass(100 + 10 * k), 100 + 10 * k, List.of(from), p.decode(base)));
    }
    c = new RoundCollector("run", children, n);
    c.begin(4, base);
    for (LocalUpdate u : updates) {
      assertThat(c.offer(u)).isNull();
    }
    assertThat(c.merged("cnn", "d").weights()).isEqualTo(WeightedMerge.merge(decoded).weights());
  }

  @Test
  @DisplayName("A float16 delta holding an infinite value is refused, naming the index")
  void infiniteHalfRefused() {
    int[] tensors = {2};
    Weights base = Weights.of(new float[] {1f, 2f});
    byte[] wire =
        EncodedWeights.delta(
                WeightEncoding.F16, tensors, Weights.of(new float[] {1.5f, 2.5f}), base, 3)
            .toBytes();
    // the values are the last 4 bytes, little-endian halves: make the second one +infinity
    wire[wire.length - 2] = 0x00;
    wire[wire.length - 1] = 0x7c;
    EncodedWeights bad = EncodedWeights.readFrom(ByteBuffer.wrap(wire));
    RoundCollector c = new RoundCollector("run", Map.of("a", List.of("a")), 2);
    c.begin(4, base);
    assertThat(c.offer(delta("a", 5, bad))).contains("Infinity").contains("index 1");
    assertThat(c.complete()).isFalse();
  }

  @Test
  @DisplayName(
      "A float16 NaN, a negative infinity and a finite step that overflows its base are refused"
          + " by index; the largest finite half is taken")
  void nonFiniteHalvesAndOverflowRefused() {
    int[] tensors = {3, 2};
    Weights base = Weights.of(new float[] {1f, 2f, 3f, 4f, 5f});
    byte[] wire =
        EncodedWeights.delta(
                WeightEncoding.F16,
                tensors,
                Weights.of(new float[] {1.5f, 2.5f, 3.5f, 4.5f, 5.5f}),
                base,
                3)
            .toBytes();
    int values = wire.length - 10; // five little-endian halves at the end
    byte[] nan = wire.clone();
    nan[values + 7] = 0x7e; // the fourth half: exponent all ones, mantissa not zero
    byte[] negInf = wire.clone();
    negInf[values + 4] = 0x00;
    negInf[values + 5] = (byte) 0xfc; // the third half: -infinity
    byte[] largest = wire.clone();
    largest[values + 8] = (byte) 0xff;
    largest[values + 9] = 0x7b; // the fifth half: 65504, the largest finite
    RoundCollector c = new RoundCollector("run", Map.of("a", List.of("a")), 5);
    c.begin(4, base);
    assertThat(c.offer(delta("a", 5, EncodedWeights.readFrom(ByteBuffer.wrap(nan)))))
        .contains("NaN")
        .contains("index 3");
    assertThat(c.offer(delta("a", 5, EncodedWeights.readFrom(ByteBuffer.wrap(negInf)))))
        .contains("-Infinity")
        .contains("index 2");
    assertThat(c.offer(delta("a", 5, EncodedWeights.readFrom(ByteBuffer.wrap(largest))))).isNull();
    assertThat(c.merged("cnn", "d").weights().get(4)).isFinite().isGreaterThan(5f);
    // finite halves at a scale of 2^100 on a base near the float range: the sum overflows
    byte[] overflow = largest.clone();
    ByteBuffer.wrap(overflow)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putFloat(1 + 8 + 4 + 4 + 2 * 4 + 4, 0x1p100f); // the second tensor's scale
    Weights huge = Weights.of(new float[] {1f, 2f, 3f, 4f, Float.MAX_VALUE});
    RoundCollector h = new RoundCollector("run", Map.of("a", List.of("a")), 5);
    h.begin(4, huge);
    assertThat(h.offer(delta("a", 5, EncodedWeights.readFrom(ByteBuffer.wrap(overflow)))))
        .contains("Infinity")
        .contains("index 4");
  }
}
