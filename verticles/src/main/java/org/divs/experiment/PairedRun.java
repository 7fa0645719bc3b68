package org.divs.experiment;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.divs.sync.Weights;

/**
 * One seed of an experiment: the federation and its centralised baseline trained side by side on
 * the same pool, round by round, the baseline taking as many samples per round as the federation
 * trained on.
 */
final class PairedRun {
  private PairedRun() {}

  /**
   * The two weight sets kept and what they saw.
   *
   * @param federated the federation's global: the last, or the one with the best validation score
   * @param central the baseline's weights, chosen the same way
   * @param federatedRound the round of {@code federated}
   * @param centralRound the round of {@code central}
   * @param federatedSamples samples the edges trained on, summed over all rounds
   * @param centralSamples samples the baseline trained on
   * @param seconds wall time
   */
  record Outcome(
      Weights federated,
      Weights central,
      int federatedRound,
      int centralRound,
      long federatedSamples,
      long centralSamples,
      double seconds) {}

  /**
   * The simulated edges of an experiment and the threads they train on.
   *
   * @param names edge names
   * @param shards their samples, in the same order
   * @param pool the training threads, shared with the centralised baseline
   */
  record Edges(List<String> names, List<Shard> shards, ExecutorService pool) {}

  /** What the experiments print about how they run. */
  static final String IN_PROCESS =
      "  in-process federation with the production classes (LocalTrainer per edge, RoundPlan,"
          + " Weighting + WeightedMerge per round); not streamed through terminals and edges";

  /**
   * How the two runs are scored every {@code evalEvery} rounds and at the end.
   *
   * @param name what the score is, for the progress line
   * @param score the score of a weight set
   * @param select keep the weights with the lowest score (a validation error) instead of the last
   */
  record Scoring(String name, ToDoubleFunction<Weights> score, boolean select) {}

  /**
   * Trains {@code rounds} rounds; every {@code evalEvery} rounds and at the end scores both runs
   * and prints a progress line.
   */
  static Outcome run(
      Edges edges,
      TrainingSettings settings,
      int rounds,
      int evalEvery,
      PrintWriter out,
      Scoring scoring)
      throws InterruptedException {
    Progress progress = new Progress(out, "seed " + settings.seed() + " round", rounds);
    long fedSamples = 0;
    ExecutorService pool = edges.pool();
    try (FederatedTraining fed =
            new FederatedTraining(settings, edges.names(), edges.shards(), pool);
        CentralTraining central = new CentralTraining(settings, Shards.union(edges.shards()))) {
      long perRound = 0;
      for (int held : fed.held()) {
        if (held >= settings.minibatch()) {
          perRound += (held + settings.batchesPerEpoch() - 1) / settings.batchesPerEpoch();
        }
      }
      long n = perRound;
      Kept keptFed = new Kept();
      Kept keptCentral = new Kept();
      for (int r = 1; r <= rounds; r++) {
        Future<Double> c = pool.submit(() -> central.round(n));
        FederatedTraining.Round last = fed.round();
        fedSamples += last.samples();
        double centralLoss;
        try {
          centralLoss = c.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("the centralised round failed: " + e.getCause(), e);
        }
        if (r % evalEvery == 0 || r == rounds) {
          double f = keptFed.offer(r, fed.global(), scoring);
          double k = keptCentral.offer(r, central.weights(), scoring);
          progress.report(
              r,
              fedSamples + central.samples(),
              String.format(
                  Locale.ROOT,
                  "train loss fed %.4f central %.4f, %s fed %.3f central %.3f",
                  last.loss(),
                  centralLoss,
                  scoring.name(),
                  f,
                  k));
        }
      }
      return new Outcome(
          keptFed.weights,
          keptCentral.weights,
          keptFed.round,
          keptCentral.round,
          fedSamples,
          central.samples(),
          progress.seconds());
    }
  }

  /** The weights kept so far: the last, or the best scored. */
  static final class Kept {
    Weights weights;
    int round;
    double best = Double.POSITIVE_INFINITY;

    double offer(int r, Weights w, Scoring scoring) {
      double score = scoring.score().applyAsDouble(w);
      if (!scoring.select() || score < best) {
        best = Math.min(best, score);
        weights = w;
        round = r;
      }
      return score;
    }
  }
}
