package org.divs.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
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
      "  migration    dynamic data migration off, then on, over heterogeneous edges (default",
      "               config: the embedded config/exp-migration.json): B per period, round wall",
      "               and emulated time, frames moved"
    })
final class ExperimentCommand implements Callable<Integer> {
  private static final List<String> ENCODINGS = List.of("float32", "float16", "int8");

  /** The embedded topology of {@code divs experiment migration}. */
  static final String MIGRATION_CONFIG = "/config/exp-migration.json";

  @Parameters(paramLabel = "NAME", description = "compression or migration")
  String name;

  @Option(names = "--config", paramLabel = "FILE", description = "Topology (default: the demo).")
  Path config;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "10",
      description = "Rounds per setting (default: ${DEFAULT-VALUE}).")
  long rounds;

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
          .println("unknown experiment '" + name + "': one of [compression, migration]");
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
      results.put(encoding, CityRun.rounds(t, this.rounds));
      progress.done(encoding + " done");
    }
    printTable(out, results);
    return 0;
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
