package org.divs.experiments;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.model.DjlRuntime;
import org.divs.node.TaskModels;
import org.divs.sim.Calibration;
import org.divs.sim.Link;
import org.divs.sim.SimResult;
import org.divs.sim.SimSettings;
import org.divs.sim.Simulator;

/**
 * The simulator against a real run: a small city in this JVM, then the simulator on the same
 * topology with every unit on one machine of the calibrated kind. Compared: the mean round time
 * once every frame is in (rounds whose samples reached the run's most), which no calibration figure
 * was taken from.
 */
public final class CalibrationCheck {
  /** The target: the simulated mean within this share of the measured one. */
  public static final double TOLERANCE = 0.25;

  private CalibrationCheck() {}

  /**
   * Measured against simulated rounds of one task.
   *
   * @param task the task compared (the topology's first)
   * @param measured the real rounds: {round, ms, samples}
   * @param simulated the simulated rounds
   * @param measuredMean the real mean round time over rounds with all data, seconds
   * @param simulatedMean the simulated one
   */
  public record Outcome(
      String task,
      List<double[]> measured,
      List<SimResult.Round> simulated,
      double measuredMean,
      double simulatedMean) {
    /** simulated / measured. */
    public double ratio() {
      return simulatedMean / measuredMean;
    }

    /** Whether the simulated mean lies within {@link #TOLERANCE} of the measured one. */
    public boolean within() {
      return Math.abs(ratio() - 1) <= TOLERANCE;
    }
  }

  /** The simulator settings of a city in one JVM: units share the calibrated machine per node. */
  public static SimSettings settings(Topology t, long rounds) {
    TaskSpec first = t.tasks().get(0);
    return new SimSettings(
        SimSettings.Placement.BY_NODE,
        List.of(1),
        1,
        1,
        Link.GIGABIT,
        rounds,
        false,
        t.terminals().isEmpty() ? 10 : t.terminals().get(0).framesPerChunk(),
        Map.of(),
        SimSettings.Balancing.NONE,
        PaperCity.THETA_SHARE,
        PaperCity.XI,
        TaskModels.heldOutSamples(first),
        PaperCity.LSTM_FRAMES_PER_SAMPLE);
  }

  /** Runs the real city for {@code rounds} rounds, then the simulator, and prints both. */
  public static Outcome run(Topology t, Calibration cal, long rounds, Path csv, PrintWriter out)
      throws Exception {
    String task = t.tasks().get(0).id();
    out.printf(
        "real city %s: %d street edges, %d terminals, %d rounds (load average %s)%n",
        t.name(), t.streetEdges().size(), t.terminals().size(), rounds, loadAverage());
    out.flush();
    DjlRuntime.loadFor(t.streetEdges().size() * t.tasks().size());
    long start = System.nanoTime();
    List<double[]> measured =
        CityRun.rounds(t, rounds).stream()
            .filter(e -> e.getString("task").equals(task) && e.getLong("round") > 0)
            .map(CalibrationCheck::row)
            .toList();
    out.printf(
        "real run done in %.0f s (load average %s); simulating%n",
        (System.nanoTime() - start) / 1e9, loadAverage());
    SimResult sim = Simulator.run(t, cal, settings(t, rounds));
    List<SimResult.Round> simulated =
        sim.rounds().stream().filter(r -> r.task().equals(task)).toList();
    double measuredMax = measured.stream().mapToDouble(r -> r[2]).max().orElse(0);
    double measuredMean =
        measured.stream()
            .filter(r -> r[2] == measuredMax)
            .mapToDouble(r -> r[1] / 1000)
            .average()
            .orElse(Double.NaN);
    long simulatedMax = simulated.stream().mapToLong(SimResult.Round::samples).max().orElse(0);
    double simulatedMean =
        simulated.stream()
            .filter(r -> r.samples() == simulatedMax)
            .mapToDouble(SimResult.Round::seconds)
            .average()
            .orElse(Double.NaN);
    Outcome o = new Outcome(task, measured, simulated, measuredMean, simulatedMean);
    write(o, csv);
    print(o, out);
    return o;
  }

  private static double[] row(JsonObject e) {
    return new double[] {e.getLong("round"), e.getLong("ms"), e.getLong("samples")};
  }

  private static String loadAverage() {
    return org.divs.calibrate.Timing.loadAverage();
  }

  private static void write(Outcome o, Path csv) throws IOException {
    Table t =
        new Table("round", "measured_s", "measured_samples", "simulated_s", "simulated_samples");
    int n = Math.max(o.measured().size(), o.simulated().size());
    for (int i = 0; i < n; i++) {
      double[] m = i < o.measured().size() ? o.measured().get(i) : null;
      SimResult.Round s = i < o.simulated().size() ? o.simulated().get(i) : null;
      t.add(
          i + 1,
          m == null ? Double.NaN : m[1] / 1000,
          m == null ? Double.NaN : m[2],
          s == null ? Double.NaN : s.seconds(),
          s == null ? Double.NaN : (double) s.samples());
    }
    t.write(csv);
  }

  private static void print(Outcome o, PrintWriter out) {
    out.printf("%6s %12s %10s %12s %10s%n", "round", "measured", "samples", "simulated", "samples");
    int n = Math.max(o.measured().size(), o.simulated().size());
    for (int i = 0; i < n; i++) {
      double[] m = i < o.measured().size() ? o.measured().get(i) : null;
      SimResult.Round s = i < o.simulated().size() ? o.simulated().get(i) : null;
      out.printf(
          "%6d %10s %10s %12s %10s%n",
          i + 1,
          m == null ? "" : String.format("%.3f s", m[1] / 1000),
          m == null ? "" : String.format("%.0f", m[2]),
          s == null ? "" : String.format("%.3f s", s.seconds()),
          s == null ? "" : Long.toString(s.samples()));
    }
    out.printf(
        "mean round time with every frame in: measured %.3f s, simulated %.3f s, ratio %.2f"
            + " (target within %.0f%%: %s)%n",
        o.measuredMean(), o.simulatedMean(), o.ratio(), TOLERANCE * 100, o.within() ? "yes" : "no");
    out.flush();
  }
}
