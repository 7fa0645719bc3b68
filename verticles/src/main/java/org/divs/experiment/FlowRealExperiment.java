package org.divs.experiment;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import org.divs.flow.FlowSamples;
import org.divs.flow.FlowSeries;
import org.divs.flow.ForecastMetrics;
import org.divs.flow.LastValue;
import org.divs.flow.LstmForecaster;
import org.divs.flow.SlotAverage;
import org.divs.model.LocalTrainer;
import org.divs.model.LstmSpec;
import org.divs.model.OptimizerKind;
import org.divs.sync.Checkpoints;
import org.divs.sync.Weighting;
import org.divs.sync.Weights;

/**
 * {@code divs experiment flow-real}: the LSTM on the PeMS series, split chronologically 60/20/20.
 * Detector 0 and its neighbour are two cameras; each camera's training weeks alternate between two
 * edges (4 edges). Trained with {@code fedavg} beside a centralised LSTM with the same settings and
 * samples; both judged on detector 0's last 20% against the last-value and slot-average baselines
 * (the latter learnt from detector 0's first 60%), all by {@link ForecastMetrics}.
 */
public final class FlowRealExperiment {
  /** Target: the federated MAE at most this times the centralised one. */
  public static final double TARGET_RATIO = 1.05;

  private FlowRealExperiment() {}

  /**
   * The experiment's knobs.
   *
   * @param csv the PeMS CSV
   * @param seeds training seeds 1..seeds
   * @param rounds federated rounds per seed
   * @param evalEvery rounds between progress lines (validation MAE)
   * @param learningRate Adam's learning rate
   * @param batchesPerEpoch b
   * @param minibatch m
   * @param lookback L
   * @param horizon H
   * @param countScale the count that maps to 1
   * @param outDir where each seed's checkpoint and topology go
   * @param inProcess train the edges in this process without terminals (the earlier way) instead of
   *     streaming the rows through the city
   */
  public record Options(
      Path csv,
      int seeds,
      int rounds,
      int evalEvery,
      float learningRate,
      int batchesPerEpoch,
      int minibatch,
      int lookback,
      int horizon,
      float countScale,
      Path outDir,
      boolean inProcess) {

    /**
     * These options with the command line's overrides.
     *
     * @param data the CSV, or null to keep it
     * @param seedCount the number of seeds, or null
     * @param roundCount rounds per seed, or null
     * @param local train in process instead of streaming
     * @return the options
     */
    public Options with(Path data, Integer seedCount, Long roundCount, boolean local) {
      return new Options(
          data == null ? csv : data,
          seedCount == null ? seeds : seedCount,
          roundCount == null ? rounds : Math.toIntExact(roundCount),
          evalEvery,
          learningRate,
          batchesPerEpoch,
          minibatch,
          lookback,
          horizon,
          countScale,
          outDir,
          local);
    }

    /**
     * The defaults: 3 seeds, 96 rounds (24 passes), scored every 4, Adam 6e-3, b 4, m 64, L = H =
     * 12, scale 500.
     */
    public static Options defaults() {
      return new Options(
          FlowData.DEFAULT_CSV,
          3,
          96,
          4,
          6e-3f,
          4,
          64,
          12,
          12,
          500f,
          Path.of("target", "experiments", "flow-real"),
          false);
    }
  }

  /**
   * One seed's held-out metrics.
   *
   * @param seed the training seed
   * @param federated the federated LSTM, at its round of lowest validation MAE
   * @param central the centralised LSTM, chosen the same way
   * @param federatedRound the federated round kept
   * @param centralRound the centralised round kept
   */
  public record SeedResult(
      long seed,
      ForecastMetrics federated,
      ForecastMetrics central,
      int federatedRound,
      int centralRound) {}

  /** MAE at h = 1, h = H and over 1..H. */
  static double[] maes(ForecastMetrics m) {
    return new double[] {m.mae(1), m.mae(m.horizon()), m.meanMae()};
  }

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
   * The training rows streamed through the city: per camera and week one {@code flow} terminal
   * replaying that week's rows, a camera's odd weeks on one edge and its even weeks on another; the
   * validation and test rows in the cloud's {@code heldOut}, never streamed. The cloud keeps the
   * global of the lowest validation MAE ({@code flow.best}), whose test MAE is reported.
   */
  private static List<SeedResult> streamed(Options o, ExecutorService pool, PrintWriter out)
      throws Exception {
    FlowData.Split detector = FlowData.chronological(o.csv(), FlowData.DETECTOR);
    FlowData.Split neighbour = FlowData.chronological(o.csv(), FlowData.NEIGHBOUR);
    int a = detector.train().size();
    int b = a + detector.validation().size();
    int n = b + detector.test().size();
    out.printf(
        "flow-real: %s, rows split 60/20/20 by time: train [0, %d), validation [%d, %d), test"
            + " [%d, %d)%n",
        o.csv(), a, a, b, b, n);
    out.println(StreamedRun.STREAMED);
    String csv = o.csv().toAbsolutePath().normalize().toString();
    List<StreamedRun.Edge> edges = new ArrayList<>();
    List<Shard> shards = new ArrayList<>();
    for (FlowData.Split camera : List.of(detector, neighbour)) {
      boolean det = camera == detector;
      String column = det ? FlowData.DETECTOR : FlowData.NEIGHBOUR;
      String cam = det ? "det" : "nbr";
      List<FlowSeries> weeks = camera.train().weeks();
      int[] starts = new int[weeks.size() + 1];
      for (int w = 0; w < weeks.size(); w++) {
        starts[w + 1] = starts[w] + weeks.get(w).size();
      }
      for (int parity = 0; parity < 2; parity++) {
        List<FlowSeries> mine = new ArrayList<>();
        List<JsonObject> terminals = new ArrayList<>();
        StringBuilder which = new StringBuilder();
        for (int w = parity; w < weeks.size(); w += 2) {
          mine.add(weeks.get(w));
          which.append(which.length() == 0 ? "" : ",").append(w + 1);
          terminals.add(
              new JsonObject()
                  .put("id", cam + "-week-" + (w + 1))
                  .put(
                      "source",
                      new JsonObject()
                          .put("type", "flow")
                          .put("path", csv)
                          .put("column", column)
                          .put("fromRow", starts[w])
                          .put("toRow", starts[w + 1])
                          .put("pace", "max"))
                  .put("window", new JsonObject().put("strideMs", STEP_MS).put("lengthMs", STEP_MS))
                  .put("delivery", new JsonObject().put("inFlight", 16).put("queue", 16)));
        }
        FlowSamples samples =
            FlowSamples.of(
                List.of(FlowSeries.concat(mine)), o.lookback(), o.horizon(), o.countScale());
        String id = cam + "-weeks-" + which.toString().replace(',', '-');
        edges.add(new StreamedRun.Edge(id, terminals));
        shards.add(Shards.flow(samples));
        out.printf(
            "  edge %s: %d flow terminals (column %s, one week each), %d samples%n",
            id, terminals.size(), column, samples.size());
      }
    }
    printSettings(out, o, "; every round scored on the validation rows, the best kept");
    int h = o.horizon();
    FlowSeries validation = detector.validation();
    int[] valOrigins = validation.origins(o.lookback(), h);
    FlowSeries test = detector.test();
    int[] testOrigins = test.origins(o.lookback(), h);
    ForecastMetrics last = ForecastMetrics.of(new LastValue(), test, testOrigins, h);
    ForecastMetrics slot =
        ForecastMetrics.of(SlotAverage.fit(detector.train()), test, testOrigins, h);
    Shard union = Shards.union(shards);
    List<SeedResult> results = new ArrayList<>();
    for (long seed = 1; seed <= o.seeds(); seed++) {
      JsonObject task =
          new JsonObject()
              .put("id", "flow")
              .put("model", "lstm")
              .put("learningRate", (double) o.learningRate())
              .put("lookback", o.lookback())
              .put("horizon", h)
              .put("countScale", (double) o.countScale())
              .put(
                  "heldOut",
                  new JsonObject()
                      .put("path", csv)
                      .put("column", FlowData.DETECTOR)
                      .put("fromRow", b)
                      .put("toRow", n)
                      .put("validation", new JsonObject().put("fromRow", a).put("toRow", b)));
      TrainingSettings settings =
          new TrainingSettings(
              new LstmSpec(o.lookback(), h),
              OptimizerKind.ADAM,
              o.learningRate(),
              StreamedRun.cloudSeed(seed, "flow"),
              Weighting.FEDAVG,
              o.batchesPerEpoch(),
              o.minibatch());
      out.printf("[seed %d/%d]%n", seed, o.seeds());
      out.flush();
      Path dir = o.outDir().resolve("seed-" + seed);
      Path checkpoints = dir.resolve("checkpoints");
      CnnRealExperiment.deleteCheckpoints(checkpoints);
      JsonObject topology =
          StreamedRun.topology("flow-real-seed-" + seed, seed, checkpoints, edges, task, settings);
      try (LocalTrainer evaluator = settings.newTrainer()) {
        LstmForecaster lstm = new LstmForecaster("lstm", evaluator, o.countScale());
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
                    "validation MAE",
                    w -> metrics(evaluator, lstm, w, validation, valOrigins, h).meanMae(),
                    true),
                p ->
                    String.format(
                        Locale.ROOT,
                        "validation MAE %.2f, test MAE %.2f, best round so far %s",
                        p.getJsonObject("validation").getDouble("mae"),
                        p.getDouble("mae"),
                        p.getValue("bestRound")),
                pool,
                out);
        Checkpoints.Saved best = StreamedRun.checkpoint(checkpoints, "flow.best");
        SeedResult r =
            new SeedResult(
                seed,
                metrics(evaluator, lstm, best.weights(), test, testOrigins, h),
                metrics(evaluator, lstm, run.central(), test, testOrigins, h),
                Math.toIntExact(best.round()),
                run.centralRound());
        results.add(r);
        out.printf(
            Locale.ROOT,
            "  streams stored after %.1f s, round 1 merged at %.1f s%n"
                + "  detector 0, test 20%%, weights of the round with the lowest validation MAE"
                + " (federated %d, the cloud's flow.best; centralised %d); samples seen:"
                + " federated %d, centralised %d; %.0f s%n",
            run.streamsStoredSeconds(),
            run.firstMergeSeconds(),
            r.federatedRound(),
            r.centralRound(),
            run.federatedSamples(),
            run.centralSamples(),
            run.seconds());
        forecasts(out, r, last, slot);
        out.printf("  checkpoint: divs eval --config %s%n", dir.resolve("topology.json"));
        out.flush();
      }
    }
    summary(out, results, maes(last), maes(slot), h);
    return results;
  }

  /** The PeMS step: 5 minutes, one row per chunk and per window. */
  static final long STEP_MS = 300_000;

  private static List<SeedResult> inProcess(Options o, ExecutorService pool, PrintWriter out)
      throws IOException, InterruptedException {
    FlowData.Split detector = FlowData.chronological(o.csv(), FlowData.DETECTOR);
    FlowData.Split neighbour = FlowData.chronological(o.csv(), FlowData.NEIGHBOUR);
    out.printf(
        "flow-real: %s, rows split 60/20/20 by time: train %d, validation %d, test %d%n",
        o.csv(), detector.train().size(), detector.validation().size(), detector.test().size());
    out.println(PairedRun.IN_PROCESS);
    List<String> names = new ArrayList<>();
    List<Shard> shards = new ArrayList<>();
    for (FlowData.Split camera : List.of(detector, neighbour)) {
      String cam = camera == detector ? "detector-0" : "neighbour";
      List<FlowSeries> weeks = camera.train().weeks();
      for (int parity = 0; parity < 2; parity++) {
        List<FlowSeries> mine = new ArrayList<>();
        StringBuilder which = new StringBuilder();
        for (int w = parity; w < weeks.size(); w += 2) {
          mine.add(weeks.get(w));
          which.append(which.length() == 0 ? "" : ",").append(w + 1);
        }
        FlowSamples samples =
            FlowSamples.of(
                List.of(FlowSeries.concat(mine)), o.lookback(), o.horizon(), o.countScale());
        names.add(cam + "/weeks-" + which);
        shards.add(Shards.flow(samples));
        out.printf("  edge %s: %d samples%n", names.get(names.size() - 1), samples.size());
      }
    }
    printSettings(out, o, "");
    PairedRun.Edges edges = new PairedRun.Edges(names, shards, pool);
    int h = o.horizon();
    FlowSeries validation = detector.validation();
    int[] valOrigins = validation.origins(o.lookback(), h);
    FlowSeries test = detector.test();
    int[] testOrigins = test.origins(o.lookback(), h);
    ForecastMetrics last = ForecastMetrics.of(new LastValue(), test, testOrigins, h);
    ForecastMetrics slot =
        ForecastMetrics.of(SlotAverage.fit(detector.train()), test, testOrigins, h);
    List<SeedResult> results = new ArrayList<>();
    for (long seed = 1; seed <= o.seeds(); seed++) {
      TrainingSettings settings =
          new TrainingSettings(
              new LstmSpec(o.lookback(), h),
              OptimizerKind.ADAM,
              o.learningRate(),
              seed,
              Weighting.FEDAVG,
              o.batchesPerEpoch(),
              o.minibatch());
      out.printf("[seed %d/%d]%n", seed, o.seeds());
      out.flush();
      try (LocalTrainer evaluator = settings.newTrainer()) {
        LstmForecaster lstm = new LstmForecaster("lstm", evaluator, o.countScale());
        PairedRun.Outcome run =
            PairedRun.run(
                edges,
                settings,
                o.rounds(),
                o.evalEvery(),
                out,
                new PairedRun.Scoring(
                    "validation MAE",
                    w -> metrics(evaluator, lstm, w, validation, valOrigins, h).meanMae(),
                    true));
        SeedResult r =
            new SeedResult(
                seed,
                metrics(evaluator, lstm, run.federated(), test, testOrigins, h),
                metrics(evaluator, lstm, run.central(), test, testOrigins, h),
                run.federatedRound(),
                run.centralRound());
        results.add(r);
        out.printf(
            "  detector 0, test 20%%, weights of the round with the lowest validation MAE"
                + " (federated %d, centralised %d); samples seen: federated %d, centralised %d;"
                + " %.0f s%n",
            r.federatedRound(),
            r.centralRound(),
            run.federatedSamples(),
            run.centralSamples(),
            run.seconds());
        forecasts(out, r, last, slot);
        Path topology =
            ExperimentCheckpoint.save(
                o.outDir().resolve("seed-" + seed),
                "flow-real",
                settings,
                new JsonObject()
                    .put("id", "flow")
                    .put("model", "lstm")
                    .put("lookback", o.lookback())
                    .put("horizon", h)
                    .put("countScale", (double) o.countScale()),
                shards.size(),
                o.rounds(),
                run.federated());
        out.printf("  checkpoint: divs eval --config %s%n", topology);
        out.flush();
      }
    }
    summary(out, results, maes(last), maes(slot), h);
    return results;
  }

  private static ForecastMetrics metrics(
      LocalTrainer evaluator,
      LstmForecaster lstm,
      Weights w,
      FlowSeries series,
      int[] origins,
      int h) {
    evaluator.setWeights(w.toArray());
    return ForecastMetrics.of(lstm, series, origins, h);
  }

  /** A seed's forecast table: both LSTMs beside the two baselines. */
  private static void forecasts(
      PrintWriter out, SeedResult r, ForecastMetrics last, ForecastMetrics slot) {
    Reports.forecasts(
        out,
        List.of("federated LSTM", "centralised LSTM", "last value", "slot average"),
        List.of(r.federated(), r.central(), last, slot));
  }

  private static void summary(
      PrintWriter out, List<SeedResult> results, double[] last, double[] slot, int h) {
    int n = results.size();
    double[][] fed = new double[3][n];
    double[][] cen = new double[3][n];
    for (int i = 0; i < n; i++) {
      double[] f = maes(results.get(i).federated());
      double[] c = maes(results.get(i).central());
      for (int k = 0; k < 3; k++) {
        fed[k][i] = f[k];
        cen[k][i] = c[k];
      }
    }
    out.println();
    out.printf(
        "detector 0, test 20%%, MAE over %d seed(s) %14s %14s %14s%n", n, "h1", "h" + h, "mean");
    String row = "%-38s %14s %14s %14s%n";
    out.printf(
        row,
        "federated LSTM",
        Reports.meanSd(fed[0]),
        Reports.meanSd(fed[1]),
        Reports.meanSd(fed[2]));
    out.printf(
        row,
        "centralised LSTM",
        Reports.meanSd(cen[0]),
        Reports.meanSd(cen[1]),
        Reports.meanSd(cen[2]));
    out.printf(row, "last value", Reports.fmt(last[0]), Reports.fmt(last[1]), Reports.fmt(last[2]));
    out.printf(
        row, "slot average", Reports.fmt(slot[0]), Reports.fmt(slot[1]), Reports.fmt(slot[2]));
    boolean beats = true;
    boolean close = true;
    double[] ratio = new double[3];
    for (int k = 0; k < 3; k++) {
      double f = Reports.mean(fed[k]);
      ratio[k] = f / Reports.mean(cen[k]);
      beats &= f < last[k] && f < slot[k];
      close &= ratio[k] <= TARGET_RATIO;
    }
    out.printf(
        row,
        "federated / centralised",
        Reports.fmt(ratio[0]),
        Reports.fmt(ratio[1]),
        Reports.fmt(ratio[2]));
    out.printf(
        Locale.ROOT,
        "target: federated beats both baselines at h1, h%d and mean: %s; within %.0f%% of the"
            + " centralised LSTM: %s%n",
        h,
        beats ? "met" : "MISSED",
        (TARGET_RATIO - 1) * 100,
        close ? "met" : "MISSED");
    out.println(
        "reference (issue 5, same split): a linear autoregression on 12 lags with hour x day-type"
            + " features, MAE 25.5 (h1) / 30.3 (h12)");
    out.flush();
  }

  /** The federation's settings line, with {@code more} after the passes. */
  private static void printSettings(PrintWriter out, Options o, String more) {
    out.printf(
        Locale.ROOT,
        "  fedavg, LSTM hidden %d, L %d, H %d, count scale %.0f, Adam lr %s, b %d, m %d,"
            + " %d rounds (%.1f passes over the training samples)%s%n",
        LstmSpec.DEFAULT_HIDDEN,
        o.lookback(),
        o.horizon(),
        o.countScale(),
        o.learningRate(),
        o.batchesPerEpoch(),
        o.minibatch(),
        o.rounds(),
        (double) o.rounds() / o.batchesPerEpoch(),
        more);
    out.flush();
  }
}
