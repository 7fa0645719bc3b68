package org.divs.experiment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import org.divs.model.CnnSpec;
import org.divs.model.Evaluation;
import org.divs.model.LocalTrainer;
import org.divs.model.OptimizerKind;
import org.divs.scene.VehicleClass;
import org.divs.sync.Weighting;
import org.divs.sync.Weights;
import org.divs.train.CropStore;

/**
 * {@code divs experiment cnn-real}: the CNN on the 1,500 real vehicle crops, split 80/20 per class
 * with a stated seed; the 80% placed on 4 edges that each hold mostly 3 classes (non-IID), trained
 * with {@code fedavg}; beside it a centralised baseline with the same model, optimiser, learning
 * rate, W(0), minibatch, no augmentation and the same samples per round. Both are judged on the
 * 20%, which neither trains on, for several seeds (W(0) and shuffles; the split and placement stay
 * fixed).
 */
public final class CnnRealExperiment {
  /** Target: federated top-1 on the held-out 20%, mean over seeds. */
  public static final double TARGET_ACCURACY = 0.85;

  /** Target: mean of the paired per-seed differences (centralised - federated), in points. */
  public static final double TARGET_GAP_POINTS = 3;

  private CnnRealExperiment() {}

  /**
   * The experiment's knobs.
   *
   * @param dataDir the crops folder
   * @param splitSeed seed of the 80/20 split and of the placement on edges
   * @param seeds training seeds 1..seeds
   * @param rounds federated rounds per seed
   * @param evalEvery rounds between progress lines with held-out accuracy
   * @param learningRate Adam's learning rate
   * @param batchesPerEpoch b
   * @param minibatch m
   * @param outDir where each seed's checkpoint and topology go
   */
  public record Options(
      Path dataDir,
      long splitSeed,
      int seeds,
      int rounds,
      int evalEvery,
      float learningRate,
      int batchesPerEpoch,
      int minibatch,
      Path outDir) {

    /**
     * These options with the command line's overrides.
     *
     * @param data the crops folder, or null to keep it
     * @param seedCount the number of seeds, or null
     * @param roundCount rounds per seed, or null
     * @return the options
     */
    public Options with(Path data, Integer seedCount, Long roundCount) {
      return new Options(
          data == null ? dataDir : data,
          splitSeed,
          seedCount == null ? seeds : seedCount,
          roundCount == null ? rounds : Math.toIntExact(roundCount),
          evalEvery,
          learningRate,
          batchesPerEpoch,
          minibatch,
          outDir);
    }

    /**
     * The defaults: 3 seeds, 40 rounds (10 passes over the training crops), Adam 2e-3, b 4, m 32.
     */
    public static Options defaults() {
      return new Options(
          VehicleData.DEFAULT_DIR,
          VehicleData.SPLIT_SEED,
          3,
          40,
          10,
          2e-3f,
          4,
          32,
          Path.of("target", "experiments", "cnn-real"));
    }
  }

  /**
   * One seed's result.
   *
   * @param seed the training seed
   * @param federated held-out top-1 of the federation
   * @param central held-out top-1 of the centralised baseline
   * @param federatedSamples samples the edges trained on
   * @param centralSamples samples the baseline trained on
   * @param seconds wall time of the seed
   */
  public record SeedResult(
      long seed,
      double federated,
      double central,
      long federatedSamples,
      long centralSamples,
      double seconds) {}

  /**
   * Runs the experiment and prints progress and the summary.
   *
   * @return every seed's result
   */
  public static List<SeedResult> run(Options o, ExecutorService pool, PrintWriter out)
      throws IOException, InterruptedException {
    List<String> classes = new ArrayList<>();
    for (VehicleClass c : VehicleClass.values()) {
      classes.add(c.label());
    }
    VehicleData.Split split = VehicleData.split(o.dataDir(), o.splitSeed());
    out.printf(
        "cnn-real: %d training and %d held-out crops from %s (stratified 80/20, split seed %d)%n",
        split.train().size(), split.test().size(), o.dataDir(), o.splitSeed());
    out.println(PairedRun.IN_PROCESS);
    out.flush();
    long t0 = System.nanoTime();
    VehicleData.Loaded train = VehicleData.load(split.train(), classes, pool);
    VehicleData.Loaded test = VehicleData.load(split.test(), classes, pool);
    out.printf(
        Locale.ROOT, "  decoded and cropped to 64x64 in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    List<CropStore> stores = VehicleData.nonIid(train, classes.size(), o.splitSeed());
    List<String> names = new ArrayList<>();
    List<Shard> shards = new ArrayList<>();
    for (int e = 0; e < stores.size(); e++) {
      names.add("edge-" + (e + 1));
      shards.add(Shards.crops(stores.get(e)));
      out.printf(
          "  edge-%d: %d crops, per class %s%n",
          e + 1, stores.get(e).size(), perClass(stores.get(e), classes));
    }
    out.printf(
        Locale.ROOT,
        "  fedavg, Adam lr %s, b %d, m %d, no augmentation, %d rounds (%.1f passes over the"
            + " training crops); the last round's weights are judged%n",
        o.learningRate(),
        o.batchesPerEpoch(),
        o.minibatch(),
        o.rounds(),
        (double) o.rounds() / o.batchesPerEpoch());
    out.flush();
    PairedRun.Edges edges = new PairedRun.Edges(names, shards, pool);
    List<SeedResult> results = new ArrayList<>();
    for (long seed = 1; seed <= o.seeds(); seed++) {
      TrainingSettings settings =
          new TrainingSettings(
              new CnnSpec(classes.size()),
              OptimizerKind.ADAM,
              o.learningRate(),
              seed,
              Weighting.FEDAVG,
              o.batchesPerEpoch(),
              o.minibatch());
      out.printf("[seed %d/%d]%n", seed, o.seeds());
      out.flush();
      try (LocalTrainer evaluator = settings.newTrainer()) {
        PairedRun.Outcome run =
            PairedRun.run(
                edges,
                settings,
                o.rounds(),
                o.evalEvery(),
                out,
                new PairedRun.Scoring(
                    "held-out top-1", w -> evaluate(evaluator, w, test).accuracy(), false));
        Evaluation fed = evaluate(evaluator, run.federated(), test);
        Evaluation central = evaluate(evaluator, run.central(), test);
        out.println("  federated on the held-out 20%:");
        Reports.classifier(out, fed, classes);
        results.add(
            new SeedResult(
                seed,
                fed.accuracy(),
                central.accuracy(),
                run.federatedSamples(),
                run.centralSamples(),
                run.seconds()));
        Path topology =
            ExperimentCheckpoint.save(
                o.outDir().resolve("seed-" + seed),
                "cnn-real",
                settings,
                new JsonObject()
                    .put("id", "cnn")
                    .put("model", "cnn")
                    .put("classes", new JsonArray(classes)),
                stores.size(),
                o.rounds(),
                run.federated());
        out.printf("  checkpoint: divs eval --config %s%n", topology);
      }
    }
    summary(out, results);
    return results;
  }

  private static String perClass(CropStore store, List<String> classes) {
    int[] n = new int[classes.size()];
    float[] scratch = new float[store.cropLength()];
    CropStore.Snapshot held = store.snapshot();
    for (int i = 0; i < held.size(); i++) {
      n[held.copy(i, scratch, 0)]++;
    }
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < n.length; c++) {
      b.append(c == 0 ? "" : " ").append(classes.get(c)).append(' ').append(n[c]);
    }
    return b.toString();
  }

  private static Evaluation evaluate(LocalTrainer evaluator, Weights w, VehicleData.Loaded test) {
    evaluator.setWeights(w.toArray());
    return evaluator.evaluate(test.x(), test.y(), 100);
  }

  private static void summary(PrintWriter out, List<SeedResult> results) {
    out.println();
    out.printf(
        "%6s %10s %10s %12s %14s %14s %8s%n",
        "seed", "federated", "central", "diff (pts)", "samples fed", "samples cen", "s");
    double[] fed = new double[results.size()];
    double[] cen = new double[results.size()];
    double[] diff = new double[results.size()];
    for (int i = 0; i < results.size(); i++) {
      SeedResult r = results.get(i);
      fed[i] = r.federated();
      cen[i] = r.central();
      diff[i] = 100 * (r.central() - r.federated());
      out.printf(
          Locale.ROOT,
          "%6d %10.4f %10.4f %12.1f %14d %14d %8.0f%n",
          r.seed(),
          r.federated(),
          r.central(),
          diff[i],
          r.federatedSamples(),
          r.centralSamples(),
          r.seconds());
    }
    out.printf(
        Locale.ROOT,
        "%6s %10s %10s %12s%n",
        "mean",
        Reports.meanSd(fed),
        Reports.meanSd(cen),
        String.format(Locale.ROOT, "%.1f", Reports.mean(diff)));
    out.printf(
        Locale.ROOT,
        "target: federated mean >= %.2f: %s; centralised mean >= %.2f: %s;"
            + " mean paired difference <= %.0f points: %s%n",
        TARGET_ACCURACY,
        Reports.mean(fed) >= TARGET_ACCURACY ? "met" : "MISSED",
        TARGET_ACCURACY,
        Reports.mean(cen) >= TARGET_ACCURACY ? "met" : "MISSED",
        TARGET_GAP_POINTS,
        Reports.mean(diff) <= TARGET_GAP_POINTS ? "met" : "MISSED");
    out.flush();
  }
}
