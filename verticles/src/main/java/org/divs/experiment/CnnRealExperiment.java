package org.divs.experiment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import org.divs.bus.FrameId;
import org.divs.model.CnnBlock;
import org.divs.model.CnnSpec;
import org.divs.model.Evaluation;
import org.divs.model.LocalTrainer;
import org.divs.model.OptimizerKind;
import org.divs.node.HeldOutData;
import org.divs.scene.VehicleClass;
import org.divs.source.ImagesSource;
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
   * @param inProcess train the edges in this process without terminals (the earlier way) instead of
   *     streaming the crops through the city
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
      Path outDir,
      boolean inProcess) {

    /**
     * These options with the command line's overrides.
     *
     * @param data the crops folder, or null to keep it
     * @param seedCount the number of seeds, or null
     * @param roundCount rounds per seed, or null
     * @param local train in process instead of streaming
     * @return the options
     */
    public Options with(Path data, Integer seedCount, Long roundCount, boolean local) {
      return new Options(
          data == null ? dataDir : data,
          splitSeed,
          seedCount == null ? seeds : seedCount,
          roundCount == null ? rounds : Math.toIntExact(roundCount),
          evalEvery,
          learningRate,
          batchesPerEpoch,
          minibatch,
          outDir,
          local);
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
          Path.of("target", "experiments", "cnn-real"),
          false);
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
      throws Exception {
    return o.inProcess() ? inProcess(o, pool, out) : streamed(o, pool, out);
  }

  /**
   * The crops streamed through the city: each edge's 300 crops (placed as {@link
   * VehicleData#placement}) in a list file its {@code images} terminal replays; the 20% in the
   * cloud's held-out list, never streamed. The baseline trains on the same crops, cut the same way.
   */
  private static List<SeedResult> streamed(Options o, ExecutorService pool, PrintWriter out)
      throws Exception {
    List<String> classes = new ArrayList<>();
    for (VehicleClass c : VehicleClass.values()) {
      classes.add(c.label());
    }
    VehicleData.Split split = VehicleData.split(o.dataDir(), o.splitSeed());
    List<ImagesSource.Item> train =
        split.train().stream().filter(it -> classes.contains(it.label())).toList();
    int[] labels = train.stream().mapToInt(it -> classes.indexOf(it.label())).toArray();
    out.printf(
        "cnn-real: %d training and %d held-out crops from %s (stratified 80/20, split seed %d)%n",
        train.size(), split.test().size(), o.dataDir(), o.splitSeed());
    out.println(StreamedRun.STREAMED);
    Path lists = o.outDir().resolve("lists");
    Path heldOut = VehicleData.writeList(lists.resolve("held-out.csv"), split.test());
    List<StreamedRun.Edge> edges = new ArrayList<>();
    List<Shard> shards = new ArrayList<>();
    int len = (int) CnnBlock.SAMPLE_SHAPE.size();
    List<List<Integer>> placement = VehicleData.placement(labels, classes.size(), o.splitSeed());
    for (int e = 0; e < placement.size(); e++) {
      String id = "edge-" + (e + 1);
      List<ImagesSource.Item> mine = placement.get(e).stream().map(train::get).toList();
      Path list = VehicleData.writeList(lists.resolve(id + ".csv"), mine);
      // the crops as the edge cuts them from its terminal's frames, stored as it stores them
      HeldOutData.Labelled cut = HeldOutData.crops(list, SIDE, classes);
      CropStore store = new CropStore(cut.y().length, len);
      float[] chw = new float[len];
      int[] perClass = new int[classes.size()];
      for (int i = 0; i < cut.y().length; i++) {
        System.arraycopy(cut.x(), i * len, chw, 0, len);
        store.add(new FrameId("cam-" + (e + 1), 0, i), chw, cut.y()[i]);
        perClass[cut.y()[i]]++;
      }
      shards.add(Shards.crops(store));
      out.printf(
          "  %s: terminal cam-%d streams %d crops (%s), per class %s%n",
          id, e + 1, mine.size(), list, perClass(perClass, classes));
      edges.add(
          new StreamedRun.Edge(
              id,
              List.of(
                  new JsonObject()
                      .put("id", "cam-" + (e + 1))
                      .put(
                          "source",
                          new JsonObject()
                              .put("type", "images")
                              .put("path", list.toAbsolutePath().toString())
                              .put("pace", "max")
                              .put("fps", 10))
                      .put("frame", new JsonObject().put("width", SIDE).put("height", SIDE)))));
    }
    HeldOutData.Labelled test = HeldOutData.crops(heldOut, SIDE, classes);
    Shard union = Shards.union(shards);
    out.printf(
        Locale.ROOT,
        "  held out: %d crops in %s (the cloud's tasks[].heldOut; no terminal streams them)%n"
            + "  fedavg, Adam lr %s, b %d, m %d, no augmentation, %d rounds (%.1f passes over the"
            + " training crops); the last round's global is judged%n",
        test.y().length,
        heldOut,
        o.learningRate(),
        o.batchesPerEpoch(),
        o.minibatch(),
        o.rounds(),
        (double) o.rounds() / o.batchesPerEpoch());
    out.flush();
    List<SeedResult> results = new ArrayList<>();
    for (long seed = 1; seed <= o.seeds(); seed++) {
      JsonObject task =
          new JsonObject()
              .put("id", "cnn")
              .put("model", "cnn")
              .put("learningRate", (double) o.learningRate())
              .put("classes", new JsonArray(classes))
              .put("heldOut", new JsonObject().put("path", heldOut.toAbsolutePath().toString()));
      TrainingSettings settings =
          new TrainingSettings(
              new CnnSpec(classes.size()),
              OptimizerKind.ADAM,
              o.learningRate(),
              StreamedRun.cloudSeed(seed, "cnn"),
              Weighting.FEDAVG,
              o.batchesPerEpoch(),
              o.minibatch());
      out.printf("[seed %d/%d]%n", seed, o.seeds());
      out.flush();
      Path dir = o.outDir().resolve("seed-" + seed);
      Path checkpoints = dir.resolve("checkpoints");
      deleteCheckpoints(checkpoints);
      JsonObject topology =
          StreamedRun.topology("cnn-real-seed-" + seed, seed, checkpoints, edges, task, settings);
      try (LocalTrainer evaluator = settings.newTrainer()) {
        StreamedRun.Outcome run =
            StreamedRun.run(
                "seed " + seed + " round",
                dir,
                topology,
                settings,
                union,
                StreamedRun.perRound(shards, settings),
                o.rounds(),
                o.evalEvery(),
                new PairedRun.Scoring(
                    "held-out top-1",
                    w -> {
                      evaluator.setWeights(w.toArray());
                      return evaluator.evaluate(test.x(), test.y(), 100).accuracy();
                    },
                    false),
                p -> String.format(Locale.ROOT, "held-out top-1 %.3f", p.getDouble("accuracy")),
                pool,
                out);
        Weights global = StreamedRun.checkpoint(checkpoints, "cnn").weights();
        evaluator.setWeights(global.toArray());
        Evaluation fed = evaluator.evaluate(test.x(), test.y(), 100);
        evaluator.setWeights(run.central().toArray());
        Evaluation central = evaluator.evaluate(test.x(), test.y(), 100);
        out.printf(
            Locale.ROOT,
            "  streams stored after %.1f s, round 1 merged at %.1f s; the cloud's held-out top-1"
                + " of round %d: %.4f%n",
            run.streamsStoredSeconds(),
            run.firstMergeSeconds(),
            run.last().getLong("round"),
            run.last().getDouble("accuracy"));
        results.add(
            reported(
                out,
                classes,
                seed,
                fed,
                central,
                run.federatedSamples(),
                run.centralSamples(),
                run.seconds()));
        out.printf("  checkpoint: divs eval --config %s%n", dir.resolve("topology.json"));
      }
    }
    summary(out, results);
    return results;
  }

  /** Prints the federation's classifier report of a seed and returns the seed's result. */
  private static SeedResult reported(
      PrintWriter out,
      List<String> classes,
      long seed,
      Evaluation fed,
      Evaluation central,
      long federatedSamples,
      long centralSamples,
      double seconds) {
    out.println("  federated on the held-out 20%:");
    Reports.classifier(out, fed, classes);
    return new SeedResult(
        seed, fed.accuracy(), central.accuracy(), federatedSamples, centralSamples, seconds);
  }

  /** Removes the checkpoints and round logs an earlier run left in a seed's folder. */
  static void deleteCheckpoints(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
    }
  }

  private static String perClass(int[] n, List<String> classes) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < n.length; c++) {
      b.append(c == 0 ? "" : " ").append(classes.get(c)).append(' ').append(n[c]);
    }
    return b.toString();
  }

  /** The frame side of the images terminals: the shared crops' own size, passed through. */
  static final int SIDE = 100;

  private static List<SeedResult> inProcess(Options o, ExecutorService pool, PrintWriter out)
      throws IOException, InterruptedException {
    VehicleData.Placed placed =
        VehicleData.placeNonIid("cnn-real", o.dataDir(), o.splitSeed(), pool, out);
    List<String> classes = placed.classes();
    VehicleData.Loaded test = placed.test();
    List<CropStore> stores = placed.stores();
    List<String> names = placed.names();
    List<Shard> shards = new ArrayList<>();
    for (CropStore store : stores) {
      shards.add(Shards.crops(store));
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
        results.add(
            reported(
                out,
                classes,
                seed,
                fed,
                central,
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
