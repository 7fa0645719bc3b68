package org.divs.experiments;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.model.DjlRuntime;

/**
 * {@code divs experiment migration}: the same seeded city of heterogeneous edges run for the same
 * number of migration periods with migration off, then on. Per period it prints B (the balance of
 * the edges' emulated epoch times), the rounds that ended in it with their mean wall time and mean
 * emulated critical path, and the frames moved (as % of the frames held, and cumulatively as % of
 * the frames ingested); then the means over the periods after the first move, and per edge the
 * measured time per sample (emulated, and times the speed: the CPU time, alike on every edge when
 * the emulation holds). Writes {@code migration.csv} under the output directory.
 */
public final class MigrationExperiment {
  private MigrationExperiment() {}

  /**
   * Runs both settings on {@code base} (a topology JSON) for {@code periods} periods each.
   *
   * @param dir where the checkpoints and the CSV go
   */
  public static void run(JsonObject base, int periods, Path dir, PrintWriter out) throws Exception {
    Map<String, MigrationRun.Result> results = new LinkedHashMap<>();
    Progress progress = new Progress(out, 2, "runs");
    for (boolean enabled : new boolean[] {false, true}) {
      String name = enabled ? "on" : "off";
      JsonObject json = base.copy();
      json.getJsonObject("cloud").put("checkpoints", dir.resolve(name).toString());
      json.put(
          "migration",
          json.getJsonObject("migration", new JsonObject()).copy().put("enabled", enabled));
      Topology t = TopologyLoader.parse(json.encode());
      if (results.isEmpty()) {
        DjlRuntime.loadFor(t.streetEdges().size() * t.tasks().size());
      }
      progress.starting(
          "migration " + name + ": " + periods + " periods of " + t.migration().periodMs() + " ms");
      results.put(name, MigrationRun.run(t, periods));
      progress.done("migration " + name + " done");
    }
    report(results.get("off"), results.get("on"), dir, out);
  }

  private static double mean(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
  }

  private static double pct(double part, double whole) {
    return whole == 0 ? Double.NaN : 100 * part / whole;
  }

  private static void report(
      MigrationRun.Result off, MigrationRun.Result on, Path dir, PrintWriter out)
      throws IOException {
    int n = Math.min(off.periods().size(), on.periods().size());
    Table csv =
        new Table(
            "period",
            "b_off_ms",
            "b_on_ms",
            "rounds_off",
            "rounds_on",
            "wall_off_ms",
            "wall_on_ms",
            "emulated_off_ms",
            "emulated_on_ms",
            "held_on",
            "moved_on",
            "moved_pct_held",
            "cum_moved_pct_ingested");
    out.println();
    out.printf(
        "%6s %9s %9s | %6s %6s | %9s %9s | %9s %9s | %7s %6s %7s %8s%n",
        "period",
        "B off",
        "B on",
        "rnd",
        "rnd",
        "wall off",
        "wall on",
        "emu off",
        "emu on",
        "held",
        "moved",
        "%held",
        "cum %in");
    out.printf(
        "%6s %9s %9s | %6s %6s | %9s %9s | %9s %9s | %7s %6s %7s %8s%n",
        "", "ms", "ms", "off", "on", "ms", "ms", "ms", "ms", "on", "on", "on", "on");
    long cumulative = 0;
    int firstMove = -1;
    double maxMovedPct = 0;
    for (int i = 0; i < n; i++) {
      MigrationRun.Period a = off.periods().get(i);
      MigrationRun.Period b = on.periods().get(i);
      cumulative += b.moved();
      if (b.moved() > 0 && firstMove < 0) {
        firstMove = i;
      }
      double movedPct = pct(b.moved(), b.held());
      if (b.moved() > 0) {
        maxMovedPct = Math.max(maxMovedPct, movedPct);
      }
      double cumPct = pct(cumulative, b.ingested());
      out.printf(
          "%6d %9.0f %9.0f | %6d %6d | %9.0f %9.0f | %9.0f %9.0f | %7d %6d %7.1f %8.1f%n",
          b.period(),
          a.balance(),
          b.balance(),
          a.roundWallMs().size(),
          b.roundWallMs().size(),
          mean(a.roundWallMs()),
          mean(b.roundWallMs()),
          mean(a.roundEmulatedMs()),
          mean(b.roundEmulatedMs()),
          b.held(),
          b.moved(),
          b.held() == 0 ? 0.0 : movedPct,
          cumPct);
      csv.add(
          b.period(),
          a.balance(),
          b.balance(),
          a.roundWallMs().size(),
          b.roundWallMs().size(),
          mean(a.roundWallMs()),
          mean(b.roundWallMs()),
          mean(a.roundEmulatedMs()),
          mean(b.roundEmulatedMs()),
          b.held(),
          b.moved(),
          movedPct,
          cumPct);
    }
    Path file = dir.resolve("migration.csv");
    csv.write(file);
    // Compared: the periods after the first move in which both runs hold everything their
    // terminals will send (so both train on as many frames; the first run starts a little later).
    long allOff = n == 0 ? 0 : off.periods().get(n - 1).ingested();
    long allOn = n == 0 ? 0 : on.periods().get(n - 1).ingested();
    int from = firstMove + 1;
    while (from < n
        && (off.periods().get(from).ingested() < allOff
            || on.periods().get(from).ingested() < allOn)) {
      from++;
    }
    List<Double> bOff = new ArrayList<>();
    List<Double> bOn = new ArrayList<>();
    List<Long> wallOff = new ArrayList<>();
    List<Long> wallOn = new ArrayList<>();
    List<Long> emuOff = new ArrayList<>();
    List<Long> emuOn = new ArrayList<>();
    for (int i = from; i < n; i++) {
      MigrationRun.Period a = off.periods().get(i);
      MigrationRun.Period b = on.periods().get(i);
      if (!Double.isNaN(a.balance()) && !Double.isNaN(b.balance())) {
        bOff.add(a.balance());
        bOn.add(b.balance());
      }
      wallOff.addAll(a.roundWallMs());
      wallOn.addAll(b.roundWallMs());
      emuOff.addAll(a.roundEmulatedMs());
      emuOn.addAll(b.roundEmulatedMs());
    }
    double bOffMean = bOff.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double bOnMean = bOn.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    out.println();
    out.printf(
        "Periods %d to %d (after the first move, everything ingested in both runs; %d with B):%n",
        from, n - 1, bOff.size());
    out.printf(
        "  B_after       off %8.0f ms   on %8.0f ms   %+6.1f%%  (target <= -50%%)%n",
        bOffMean, bOnMean, pct(bOnMean - bOffMean, bOffMean));
    out.printf(
        "  round wall    off %8.0f ms   on %8.0f ms   %+6.1f%%  (%d and %d rounds)%n",
        mean(wallOff),
        mean(wallOn),
        pct(mean(wallOn) - mean(wallOff), mean(wallOff)),
        wallOff.size(),
        wallOn.size());
    out.printf(
        "  round emul.   off %8.0f ms   on %8.0f ms   %+6.1f%%  (target <= -25%%)%n",
        mean(emuOff), mean(emuOn), pct(mean(emuOn) - mean(emuOff), mean(emuOff)));
    long ingested = n == 0 ? 0 : on.periods().get(n - 1).ingested();
    out.printf(
        "  moved         at most %.1f%% of the frames held in one period (target <= 20%%);"
            + " %d frames in all, %.1f%% of the %d ingested%n",
        maxMovedPct, cumulative, pct(cumulative, ingested), ingested);
    out.println();
    out.println("Per edge at the end (speed emulation: CPU ms per sample should agree):");
    out.printf(
        "%-10s %5s | %6s %6s %9s %9s %9s | %6s %6s %9s %9s %9s%n",
        "edge",
        "speed",
        "n off",
        "S off",
        "T off ms",
        "emu/smp",
        "cpu/smp",
        "n on",
        "S on",
        "T on ms",
        "emu/smp",
        "cpu/smp");
    for (String edge : on.loads().keySet()) {
      JsonObject a = off.loads().getOrDefault(edge, new JsonObject());
      JsonObject b = on.loads().get(edge);
      out.printf(
          "%-10s %5.2f | %s | %s%n",
          edge, b.getDouble("speed", Double.NaN), edgeCells(a), edgeCells(b));
    }
    out.println();
    out.println("CSV: " + file.toAbsolutePath());
    out.flush();
  }

  private static String edgeCells(JsonObject load) {
    long frames = load.getLong("frames", 0L);
    JsonObject samples = load.getJsonObject("samples", new JsonObject());
    JsonObject times = load.getJsonObject("TMs", new JsonObject());
    long s = 0;
    double t = 0;
    for (String task : times.fieldNames()) {
      s += samples.getLong(task, 0L);
      t += times.getDouble(task);
    }
    double perSample = s == 0 ? Double.NaN : t / s;
    return String.format(
        java.util.Locale.ROOT,
        "%6d %6d %9.0f %9.3f %9.3f",
        frames,
        s,
        t,
        perSample,
        perSample * load.getDouble("speed", Double.NaN));
  }
}
