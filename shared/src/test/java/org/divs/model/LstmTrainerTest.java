package org.divs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.divs.flow.FlowSamples;
import org.divs.flow.FlowSeries;
import org.divs.flow.ForecastMetrics;
import org.divs.flow.LastValue;
import org.divs.flow.LstmForecaster;
import org.divs.sync.Contribution;
import org.divs.sync.EncodedWeights;
import org.divs.sync.WeightCompressor;
import org.divs.sync.WeightEncoding;
import org.divs.sync.WeightedMerge;
import org.divs.sync.Weighting;
import org.divs.sync.Weights;
import org.divs.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("The LSTM traffic-flow model")
class LstmTrainerTest {
  private static final Logger LOG = LoggerFactory.getLogger(LstmTrainerTest.class);
  private static final int L = 12;
  private static final int H = 12;
  private static final float SCALE = 500f;
  private static final int BATCH = 64;

  @BeforeAll
  static void loadEngine() {
    DjlRuntime.load(1, 1);
  }

  private static LocalTrainer lstm(long seed) {
    return LocalTrainer.builder()
        .setSpec(new LstmSpec(L, H))
        .optLearningRate(3e-3f)
        .optSeed(seed)
        .build();
  }

  private static float[] stepsOver(LocalTrainer t, FlowSamples s, int steps, long seed) {
    float[] losses = new float[steps];
    float[] x = new float[BATCH * s.inputLength()];
    float[] y = new float[BATCH * H];
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (int k = 0; k < steps; k++) {
      for (int i = 0; i < BATCH; i++) {
        s.copy(random.nextInt(s.size()), x, y, i);
      }
      losses[k] = t.step(x, y);
    }
    return losses;
  }

  private static double mean(float[] v, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += v[i];
    }
    return sum / (to - from);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  @DisplayName("Trained on two weeks of PeMS counts, it beats the last value on the next days")
  void learnsRealFlow() throws Exception {
    Path csv = SharedData.file("flow/pems04-sensor0-5min.csv");
    int week = 7 * 288;
    FlowSeries train = FlowSeries.read(csv, "flow", 0, 2 * week);
    FlowSeries test = FlowSeries.read(csv, "flow", 2 * week, 2 * week + 3 * 288);
    FlowSamples samples = FlowSamples.of(List.of(train), L, H, SCALE);
    int[] origins = test.origins(L, H);
    try (LocalTrainer t = lstm(1)) {
      float[] losses = stepsOver(t, samples, 250, 7);
      ForecastMetrics model =
          ForecastMetrics.of(new LstmForecaster("lstm", t, SCALE), test, origins, H);
      ForecastMetrics last = ForecastMetrics.of(new LastValue(), test, origins, H);
      LOG.info(
          "loss {} -> {}; held-out MAE lstm {} / {} / {}, last value {} / {} / {}",
          mean(losses, 0, 10),
          mean(losses, losses.length - 10, losses.length),
          model.mae(1),
          model.mae(H),
          model.meanMae(),
          last.mae(1),
          last.mae(H),
          last.meanMae());
      assertThat(mean(losses, losses.length - 10, losses.length))
          .isLessThan(0.5 * mean(losses, 0, 10));
      assertThat(model.meanMae()).isLessThan(0.9 * last.meanMae());
      assertThat(model.mae(H)).isLessThan(0.9 * last.mae(H));
    }
  }

  @Test
  @DisplayName("Its weights flatten, compress, merge and load back like the CNN's")
  void weightsTakeTheSyncPath() {
    try (LocalTrainer a = lstm(1);
        LocalTrainer b = lstm(2)) {
      WeightLayout layout = a.layout();
      assertThat(layout).isEqualTo(b.layout());
      assertThat(layout.entries()).hasSize(6);
      int hidden = LstmSpec.DEFAULT_HIDDEN;
      int expected = 4 * hidden * (LstmBlock.FEATURES + hidden + 2) + H * hidden + H;
      assertThat(layout.size()).isEqualTo(expected);
      assertThat(a.weights()).isEqualTo(layout.initialWeights(1));
      assertThat(a.weights()).isNotEqualTo(b.weights());

      Weights wa = Weights.of(a.weights());
      Weights wb = Weights.of(b.weights());
      for (WeightEncoding e : WeightEncoding.values()) {
        EncodedWeights payload = new WeightCompressor(e, layout.tensorLengths()).encode(wb, wa, 0);
        Weights decoded = payload.decode(wa);
        double worst = 0;
        for (int i = 0; i < decoded.size(); i++) {
          worst = Math.max(worst, Math.abs(decoded.get(i) - wb.get(i)));
        }
        assertThat(worst).as("%s round trip", e).isLessThan(0.01 * wb.maxAbs());
      }

      Weights merged =
          WeightedMerge.merge(
                  List.of(
                      new Contribution(Weighting.FEDAVG.logMass(1), 1, List.of("a"), wa),
                      new Contribution(Weighting.FEDAVG.logMass(3), 3, List.of("b"), wb)))
              .weights();
      a.setWeights(merged.toArray());
      float[] back = a.weights();
      for (int i = 0; i < back.length; i += 97) {
        assertThat(back[i])
            .isCloseTo(
                0.25f * wa.get(i) + 0.75f * wb.get(i),
                org.assertj.core.api.Assertions.within(1e-6f));
      }
      assertThat(a.outputs(new float[2 * L * LstmBlock.FEATURES])).hasSize(2 * H);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  @DisplayName("A CNN and an LSTM step concurrently on two threads in one JVM and both learn")
  void cnnAndLstmConcurrently() throws Exception {
    Path csv = SharedData.file("flow/pems04-sensor0-5min.csv");
    FlowSamples flow =
        FlowSamples.of(List.of(FlowSeries.read(csv, "flow", 0, 7 * 288)), L, H, SCALE);
    ShapeImages.Set images = ShapeImages.generate(480, 3, 5);
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LocalTrainer cnn = LocalTrainer.builder().setSpec(new CnnSpec(3)).optSeed(3).build();
        LocalTrainer lstm = lstm(4)) {
      List<Future<float[]>> runs = new ArrayList<>();
      runs.add(
          pool.submit(
              () -> {
                start.await(30, TimeUnit.SECONDS);
                float[] losses = new float[30];
                for (int s = 0; s < losses.length; s++) {
                  ShapeImages.Set batch = images.slice((s * 16) % 480, 16);
                  losses[s] = cnn.step(batch.x(), batch.y());
                }
                return losses;
              }));
      runs.add(
          pool.submit(
              () -> {
                start.await(30, TimeUnit.SECONDS);
                return stepsOver(lstm, flow, 150, 9);
              }));
      float[] cnnLosses = runs.get(0).get();
      float[] lstmLosses = runs.get(1).get();
      LOG.info(
          "concurrent: cnn loss {} -> {}, lstm loss {} -> {}",
          mean(cnnLosses, 0, 5),
          mean(cnnLosses, 25, 30),
          mean(lstmLosses, 0, 10),
          mean(lstmLosses, 140, 150));
      assertThat(mean(cnnLosses, 25, 30)).isLessThan(0.5 * mean(cnnLosses, 0, 5));
      assertThat(mean(lstmLosses, 140, 150)).isLessThan(0.5 * mean(lstmLosses, 0, 10));
    } finally {
      pool.shutdownNow();
    }
  }
}
