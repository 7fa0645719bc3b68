package org.divs.experiment;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.divs.model.CnnSpec;
import org.divs.model.LocalTrainer;
import org.divs.model.OptimizerKind;
import org.divs.sync.Weighting;
import org.divs.train.CropStore;

/**
 * {@code divs experiment weighting}: the CNN on the real crops placed on 4 non-IID edges of unequal
 * size (edge j keeps a share of its crops, so the k_j differ), trained once with each weighting
 * ({@code fedavg}, {@code uniform}, {@code paper}) from the same W(0) and shuffles; held-out top-1
 * after every round, side by side.
 */
public final class WeightingExperiment {
  /** The share of its non-IID crops each edge keeps: unequal data, unequal k_j. */
  static final double[] KEEP = {1.0, 0.75, 0.5, 0.25};

  private WeightingExperiment() {}

  /**
   * The experiment's knobs.
   *
   * @param dataDir the crops folder
   * @param splitSeed seed of the 80/20 split and of the placement on edges
   * @param seed the training seed (W(0), shuffles), the same for every weighting
   * @param rounds rounds per weighting
   * @param learningRate Adam's learning rate
   * @param batchesPerEpoch b
   * @param minibatch m
   */
  public record Options(
      Path dataDir,
      long splitSeed,
      long seed,
      int rounds,
      float learningRate,
      int batchesPerEpoch,
      int minibatch) {

    /**
     * These options with the command line's overrides.
     *
     * @param data the crops folder, or null to keep it
     * @param trainingSeed the training seed, or null
     * @param roundCount rounds per weighting, or null
     * @return the options
     */
    public Options with(Path data, Long trainingSeed, Long roundCount) {
      return new Options(
          data == null ? dataDir : data,
          splitSeed,
          trainingSeed == null ? seed : trainingSeed,
          roundCount == null ? rounds : Math.toIntExact(roundCount),
          learningRate,
          batchesPerEpoch,
          minibatch);
    }

    /** The defaults: seed 1, 20 rounds, Adam 2e-3, b 4, m 32 (as cnn-real). */
    public static Options defaults() {
      return new Options(VehicleData.DEFAULT_DIR, VehicleData.SPLIT_SEED, 1, 20, 2e-3f, 4, 32);
    }
  }

  /**
   * Runs the three weightings and prints progress, each edge's merge weight under each, and the
   * accuracy per round.
   *
   * @return per weighting, held-out top-1 after rounds 1..R
   */
  public static Map<Weighting, double[]> run(Options o, ExecutorService pool, PrintWriter out)
      throws IOException, InterruptedException {
    VehicleData.Placed placed =
        VehicleData.placeNonIid("weighting", o.dataDir(), o.splitSeed(), pool, out);
    List<Shard> shards = new ArrayList<>();
    long[] k = new long[KEEP.length];
    for (int e = 0; e < KEEP.length; e++) {
      CropStore store = placed.stores().get(e);
      int n = (int) Math.round(store.size() * KEEP[e]);
      shards.add(first(Shards.crops(store), n));
      k[e] = (n + o.batchesPerEpoch() - 1) / o.batchesPerEpoch();
      out.printf(
          Locale.ROOT,
          "  %s keeps %d crops (%.0f%%): k = %d per round%n",
          placed.names().get(e),
          n,
          100 * KEEP[e],
          k[e]);
    }
    out.printf("  merge weight of each edge (from k):%n");
    for (Weighting w : Weighting.values()) {
      StringBuilder b = new StringBuilder();
      for (double x : w.normalised(k)) {
        b.append(String.format(Locale.ROOT, " %.3f", x));
      }
      out.printf("    %-8s%s%n", w.configName(), b);
    }
    out.flush();
    PairedRun.Edges edges = new PairedRun.Edges(placed.names(), shards, pool);
    Map<Weighting, double[]> acc = new LinkedHashMap<>();
    Progress progress = new Progress(out, "round", (long) Weighting.values().length * o.rounds());
    long done = 0;
    long samples = 0;
    for (Weighting w : Weighting.values()) {
      TrainingSettings settings =
          new TrainingSettings(
              new CnnSpec(placed.classes().size()),
              OptimizerKind.ADAM,
              o.learningRate(),
              o.seed(),
              w,
              o.batchesPerEpoch(),
              o.minibatch());
      double[] perRound = new double[o.rounds()];
      try (LocalTrainer evaluator = settings.newTrainer();
          FederatedTraining fed =
              new FederatedTraining(settings, edges.names(), edges.shards(), edges.pool())) {
        for (int r = 1; r <= o.rounds(); r++) {
          FederatedTraining.Round round = fed.round();
          samples += round.samples();
          evaluator.setWeights(fed.global().toArray());
          perRound[r - 1] =
              evaluator.evaluate(placed.test().x(), placed.test().y(), 100).accuracy();
          progress.report(
              ++done,
              samples,
              String.format(
                  Locale.ROOT,
                  "%s round %d/%d: train loss %.4f, held-out top-1 %.3f",
                  w.configName(),
                  r,
                  o.rounds(),
                  round.loss(),
                  perRound[r - 1]));
        }
      }
      acc.put(w, perRound);
    }
    table(out, acc);
    return acc;
  }

  /** The first {@code n} samples of a shard. */
  private static Shard first(Shard s, int n) {
    if (n > s.size()) {
      throw new IllegalArgumentException("a shard of " + s.size() + " has no " + n + " samples");
    }
    return new Shard() {
      @Override
      public int size() {
        return n;
      }

      @Override
      public void copy(int i, Minibatch batch, int slot) {
        s.copy(i, batch, slot);
      }
    };
  }

  private static void table(PrintWriter out, Map<Weighting, double[]> acc) {
    out.println();
    out.printf("%6s", "round");
    acc.keySet().forEach(w -> out.printf(" %10s", w.configName()));
    out.println();
    int rounds = acc.values().iterator().next().length;
    for (int r = 0; r < rounds; r++) {
      out.printf("%6d", r + 1);
      for (double[] a : acc.values()) {
        out.printf(Locale.ROOT, " %10.3f", a[r]);
      }
      out.println();
    }
    out.flush();
  }
}
