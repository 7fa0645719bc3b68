package org.divs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.divs.bus.VertxFactory;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weighting;
import org.divs.sync.Weights;
import org.divs.testing.ClusterFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("divs bench round-transport")
class RoundTransportTest {
  /** A tiny model: three tensors. */
  private static final int[] TENSORS = {6, 4, 10};

  @Test
  @DisplayName("hop times come from the stamps: the slowest edge, the slower aggregator")
  void hopTimes() {
    Map<String, long[]> leaves = new LinkedHashMap<>();
    leaves.put("street-1", new long[] {10_000_000, 30_000_000, 1_000_000});
    leaves.put("street-2", new long[] {12_000_000, 40_000_000, 2_000_000});
    leaves.put("street-3", new long[] {11_000_000, 25_000_000, 1_000_000});
    leaves.put("street-4", new long[] {13_000_000, 20_000_000, 1_000_000});
    Map<String, Long> accepted = Map.of("district-1", 50_000_000L, "district-2", 45_000_000L);

    HopTimes t = HopTimes.of(0, leaves, accepted, 52_000_000, 3_000_000);

    assertThat(t.down()).isEqualTo(13.0);
    assertThat(t.leafUp()).isEqualTo(28.0);
    assertThat(t.aggUp()).isEqualTo(20.0); // district-2: 45 - max(25, 20)
    assertThat(t.top()).isEqualTo(2.0);
    assertThat(t.round()).isEqualTo(52.0);
    assertThat(t.codec()).isEqualTo(5.0);
  }

  @Test
  @DisplayName("the report gives medians per hop and says whether each ratio meets its target")
  void report() {
    TransportReport r =
        new TransportReport(
            Map.of(WeightEncoding.F32, 4000, WeightEncoding.F16, 2000, WeightEncoding.I8, 1000));
    for (double ms : new double[] {10, 30, 20}) {
      r.add(new TransportReport.Path(true, WeightEncoding.F32), times(ms));
      r.add(new TransportReport.Path(false, WeightEncoding.F32), times(ms * 1.2));
      r.add(new TransportReport.Path(true, WeightEncoding.F16), times(ms * 0.5));
      r.add(new TransportReport.Path(false, WeightEncoding.F16), times(ms * 1.2 * 0.8));
      r.add(new TransportReport.Path(true, WeightEncoding.I8), times(ms * 0.25));
      r.add(new TransportReport.Path(false, WeightEncoding.I8), times(ms * 1.2 * 0.5));
    }
    assertThat(r.median(new TransportReport.Path(true, WeightEncoding.F32), HopTimes.ROUND))
        .isEqualTo(20.0);
    StringWriter text = new StringWriter();
    r.print(new PrintWriter(text));
    assertThat(text.toString())
        .contains("ours float32 / bare float32: round 1.20 (target < 1.5): met")
        .contains("ours float16 / ours float32: round 0.80 (target <= 0.7): MISSED")
        .contains("ours int8 / ours float32: round 0.50 (target <= 0.5): met")
        .contains("bare float16 / bare float32 0.50");
  }

  private static HopTimes times(double round) {
    return new HopTimes(round / 4, round / 4, round / 4, round / 4, round, 0);
  }

  @Test
  @Timeout(60)
  @DisplayName(
      "in one JVM, a round of every path goes through the production aggregators and the top"
          + " merges what the street edges sent")
  void roundsOfEveryPath() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    float[] w0 = new float[20];
    for (int i = 0; i < w0.length; i++) {
      w0[i] = (float) random.nextGaussian() * 0.1f;
    }
    Vertx vertx = VertxFactory.local();
    try {
      TransportTop top = new TransportTop(Weights.wrap(w0), TENSORS);
      ClusterFixture.await(vertx.deployVerticle(top));
      ClusterFixture.await(
          RoundTransportNode.deploy(vertx, TransportCity.AGGREGATORS_NODE, TENSORS));
      ClusterFixture.await(RoundTransportNode.deploy(vertx, TransportCity.LEAVES_NODE, TENSORS));
      for (int round = 0; round < 2; round++) {
        for (TransportReport.Path p : TransportReport.paths()) {
          HopTimes t = ClusterFixture.await(top.round(p.bare(), p.encoding()));
          assertThat(t.round()).as(p.label()).isPositive();
          assertThat(t.down()).as(p.label()).isBetween(0.0, t.round());
        }
      }
      Map<WeightEncoding, Weights> globals = ClusterFixture.await(top.globals());
      float[] expected = fedAvgOfEdges(w0);
      Weights f32 = globals.get(WeightEncoding.F32);
      for (int i = 0; i < expected.length; i++) {
        assertThat(f32.get(i)).isCloseTo(expected[i], within(1e-6f));
      }
      double update = Weights.wrap(expected).distance(Weights.wrap(w0));
      assertThat(globals.get(WeightEncoding.F16).distance(f32) / update).isLessThan(1e-2);
      assertThat(globals.get(WeightEncoding.I8).distance(f32) / update).isLessThan(5e-2);
    } finally {
      ClusterFixture.await(vertx.close());
    }
  }

  /** FedAvg of the street edges' local weights, W(0) plus each edge's step. */
  private static float[] fedAvgOfEdges(float[] w0) {
    List<String> leaves = TransportCity.LEAVES;
    long[] samples = new long[leaves.size()];
    for (int j = 0; j < samples.length; j++) {
      samples[j] = TransportCity.samplesOf(j);
    }
    double[] weights = Weighting.FEDAVG.normalised(samples);
    float[] out = new float[w0.length];
    for (int j = 0; j < samples.length; j++) {
      float[] step = TransportCity.trainingStep(j, w0.length);
      for (int i = 0; i < w0.length; i++) {
        out[i] += (float) (weights[j] * (w0[i] + step[i]));
      }
    }
    return out;
  }
}
