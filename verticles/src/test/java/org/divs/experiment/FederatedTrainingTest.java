package org.divs.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.divs.flow.FlowSamples;
import org.divs.flow.FlowSeries;
import org.divs.flow.ForecastMetrics;
import org.divs.flow.LastValue;
import org.divs.flow.LstmForecaster;
import org.divs.model.DjlRuntime;
import org.divs.model.LocalTrainer;
import org.divs.model.LstmSpec;
import org.divs.model.OptimizerKind;
import org.divs.sync.Weighting;
import org.divs.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("In-process federated training")
class FederatedTrainingTest {
  private static final Logger LOG = LoggerFactory.getLogger(FederatedTrainingTest.class);

  @BeforeAll
  static void loadEngine() {
    DjlRuntime.load(1, 1);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  @DisplayName("Four LSTM edges merged by fedavg learn a forecast that beats the last value")
  void federatedLstmLearns() throws Exception {
    Path csv = SharedData.file("flow/pems04-sensor0-5min.csv");
    int day = 288;
    List<Shard> shards = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String[] columns = {FlowData.DETECTOR, FlowData.NEIGHBOUR};
    for (String column : columns) {
      for (int part = 0; part < 2; part++) {
        FlowSeries s = FlowSeries.read(csv, column, part * 4 * day, (part + 1) * 4 * day);
        shards.add(Shards.flow(FlowSamples.of(List.of(s), 12, 12, 500f)));
        names.add(column + "-" + part);
      }
    }
    FlowSeries held = FlowSeries.read(csv, FlowData.DETECTOR, 8 * day, 10 * day);
    int[] origins = held.origins(12, 12);
    TrainingSettings settings =
        new TrainingSettings(
            new LstmSpec(12, 12), OptimizerKind.ADAM, 3e-3f, 1, Weighting.FEDAVG, 4, 64);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (FederatedTraining fed = new FederatedTraining(settings, names, shards, pool);
        LocalTrainer evaluator = settings.newTrainer()) {
      List<Double> losses = new ArrayList<>();
      long samples = 0;
      for (int r = 0; r < 12; r++) {
        FederatedTraining.Round round = fed.round();
        losses.add(round.loss());
        samples += round.samples();
      }
      evaluator.setWeights(fed.global().toArray());
      ForecastMetrics lstm =
          ForecastMetrics.of(new LstmForecaster("lstm", evaluator, 500f), held, origins, 12);
      ForecastMetrics last = ForecastMetrics.of(new LastValue(), held, origins, 12);
      LOG.info("losses {}, {} samples, held-out {} vs last value {}", losses, samples, lstm, last);

      // each round trains ceil(S_j / 4) samples on every edge
      int perRound = 0;
      for (Shard s : shards) {
        perRound += (s.size() + 3) / 4;
      }
      assertThat(samples).isEqualTo(12L * perRound);
      assertThat(losses.get(11)).isLessThan(0.5 * losses.get(0));
      assertThat(lstm.meanMae()).isLessThan(0.9 * last.meanMae());
    } finally {
      pool.shutdownNow();
    }
  }
}
