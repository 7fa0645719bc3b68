package org.divs.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.experiment.CnnRealExperiment;
import org.divs.experiment.FlowRealExperiment;
import org.divs.experiment.WeightingExperiment;
import org.divs.experiments.CityRun;
import org.divs.experiments.MigrationExperiment;
import org.divs.experiments.Progress;
import org.divs.model.DjlRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code divs experiment NAME}: trains the same seeded city under several settings, one after
 * another in this JVM, and prints the results side by side.
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the same seeded city under several settings and prints them side by side:",
      "  compression  float32, float16 and int8 on the wire (both directions): accuracy and",
      "               bytes per round",
      "  cnn-real     the CNN on the real vehicle crops: 4 non-IID edges with fedavg beside a",
      "               centralised baseline, held-out top-1 over --seeds seeds",
      "  flow-real    the LSTM on the PeMS series: 4 edges (2 detectors x alternate weeks) with",
      "               fedavg beside a centralised LSTM and the two baselines",
      "  weighting    the CNN on the real crops, 4 non-IID edges of unequal size, trained with",
      "               fedavg, uniform and paper weighting: held-out top-1 per round (--seed S",
      "               is the training seed, default 1)",
      "  migration    dynamic data migration off, then on, over heterogeneous edges (default",
      "               config: the embedded config/exp-migration.json): B per period, round wall",
      "               and emulated time, frames moved",
      "cnn-real and flow-real stream the training data through images / flow terminals into a",
      "city run in this JVM (round 1 waits for the streams; the held-out part is never streamed);",
      "--in-process trains the edges in this process without terminals instead, as weighting",
      "does."
    })
final class ExperimentCommand implements Callable<Integer> {
  /** Simulated edges of cnn-real and flow-real. */
  private static final int EDGES = 4;

  private static final List<String> ENCODINGS = List.of("float32", "float16", "int8");

  /** The embedded topology of {@code divs experiment migration}. */
  static final String MIGRATION_CONFIG = "/config/exp-migration.json";

  @Parameters(
      paramLabel = "NAME",
      description = "compression | cnn-real | flow-real | weighting | migration")
  String name;

  @Option(names = "--config", paramLabel = "FILE", description = "Topology (default: the demo).")
  Path config;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      description =
          "Rounds per setting (default: 10 for compression, 40 for cnn-real, 96 for flow-real, 20"
              + " for weighting).")
  Long rounds;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description = "Training seeds 1..N of cnn-real and flow-real (default: 3).")
  Integer seeds;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description =
          "cnn-real, weighting: the crops folder (default ../shared/data/vehicles); flow-real:"
              + " the CSV"
              + " (default ../shared/data/flow/pems04-sensor0-5min.csv).")
  Path data;

  @Option(
      names = "--in-process",
      description =
          "cnn-real, flow-real: train the 4 edges in this process without terminals (the earlier"
              + " way) instead of streaming the data through a city.")
  boolean inProcess;

  @Option(names = "--seed", paramLabel = "S", description = "Overrides the topology's seed.")
  Long seed;

  @Option(
      names = "--periods",
      paramLabel = "N",
      defaultValue = "14",
      description = "migration: migration periods per setting (default: ${DEFAULT-VALUE}).")
  int periods;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ("cnn-real".equals(name) || "flow-real".equals(name) || "weighting".equals(name)) {
      return realData(out);
    }
    if ("migration".equals(name)) {
      JsonObject base = new JsonObject(RunCommand.readTopology(config, MIGRATION_CONFIG));
      if (seed != null) {
        base.put("seed", seed);
      }
      MigrationExperiment.run(base, periods, Path.of("target", "experiments", "migration"), out);
      return 0;
    }
    if (!"compression".equals(name)) {
      spec.commandLine()
          .getErr()
          .println(
              "unknown experiment '"
                  + name
                  + "': one of [compression, cnn-real, flow-real, weighting, migration]");
      return 2;
    }
    JsonObject base = new JsonObject(RunCommand.readTopology(config));
    if (seed != null) {
      base.put("seed", seed);
    }
    Path dir = Path.of("target", "experiments", "compression");
    Map<String, List<JsonObject>> results = new LinkedHashMap<>();
    Progress progress = new Progress(out, ENCODINGS.size(), "settings");
    boolean loaded = false;
    for (String encoding : ENCODINGS) {
      JsonObject json = base.copy();
      json.getJsonObject("cloud").put("checkpoints", dir.resolve(encoding).toString());
      JsonObject sync = json.getJsonObject("sync", new JsonObject());
      json.put(
          "sync",
          sync.put("compression", new JsonObject().put("up", encoding).put("down", encoding)));
      Topology t = TopologyLoader.parse(json.encode());
      if (!loaded) {
        DjlRuntime.loadFor(t.streetEdges().size() * t.tasks().size());
        loaded = true;
      }
      progress.starting(encoding);
      // the table compares the classifier's accuracy; other tasks' rounds are left out
      results.put(
          encoding,
          CityRun.rounds(t, this.rounds).stream()
              .filter(r -> r.getValue("accuracy") != null)
              .toList());
      progress.done(encoding + " done");
    }
    printTable(out, results);
    return 0;
  }

  /**
   * cnn-real and flow-real: 4 edge trainers and the centralised one step side by side; weighting: 4
   * edge trainers.
   */
  private int realData(PrintWriter out) throws Exception {
    if ((rounds != null && rounds < 1) || (seeds != null && seeds < 1)) {
      spec.commandLine().getErr().println("--rounds and --seeds must be at least 1");
      return 2;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    // weighting has no centralised baseline stepping beside the edges
    int trainers = "weighting".equals(name) ? EDGES : EDGES + 1;
    DjlRuntime.loadFor(trainers);
    out.printf(
        "threads: %d cores, %d trainers stepping at once -> %d intra-op thread(s) (libtorch says"
            + " %d)%n",
        cores,
        trainers,
        DjlRuntime.intraOpThreads(cores, trainers),
        ai.djl.pytorch.jni.JniUtils.getNumThreads());
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    try {
      if ("weighting".equals(name)) {
        WeightingExperiment.run(
            WeightingExperiment.Options.defaults().with(data, seed, rounds), pool, out);
      } else if ("cnn-real".equals(name)) {
        CnnRealExperiment.run(
            CnnRealExperiment.Options.defaults().with(data, seeds, rounds, inProcess), pool, out);
      } else {
        FlowRealExperiment.run(
            FlowRealExperiment.Options.defaults().with(data, seeds, rounds, inProcess), pool, out);
      }
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println(name + ": " + e.getMessage());
      return 1;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void printTable(PrintWriter out, Map<String, List<JsonObject>> results) {
    out.println();
    out.printf("%6s", "round");
    for (String e : results.keySet()) {
      out.printf(" %10s", "acc " + e);
    }
    for (String e : results.keySet()) {
      out.printf(" %14s", "bytes " + e);
    }
    out.println();
    int n = results.values().stream().mapToInt(List::size).min().orElse(0);
    long[] totals = new long[results.size()];
    for (int i = 0; i < n; i++) {
      out.printf("%6d", i);
      for (List<JsonObject> r : results.values()) {
        out.printf(" %10.3f", r.get(i).getDouble("accuracy"));
      }
      int k = 0;
      for (List<JsonObject> r : results.values()) {
        long bytes = r.get(i).getLong("bytesUp") + r.get(i).getLong("bytesDown");
        totals[k++] += bytes;
        out.printf(" %14d", bytes);
      }
      out.println();
    }
    out.printf("%6s", "total");
    for (int k = 0; k < results.size(); k++) {
      out.printf(" %10s", "");
    }
    for (long total : totals) {
      out.printf(" %14d", total);
    }
    out.println();
    out.printf("%6s", "ratio");
    for (int k = 0; k < results.size(); k++) {
      out.printf(" %10s", "");
    }
    for (long total : totals) {
      out.printf(" %14.3f", totals[0] == 0 ? 0 : (double) total / totals[0]);
    }
    out.println();
    out.flush();
  }
}
