package org.divs.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.divs.config.Topology;
import org.divs.sim.Calibration;
import org.divs.sim.SimResult;
import org.divs.sim.SimSettings.Balancing;
import org.divs.sim.Simulator;

/**
 * The paper's experiments on the simulator (Fig. 8a, Fig. 8b, Fig. 9) and one beyond it (migration
 * against LB-BSP), each writing a CSV, a chart and the parameters under {@code
 * target/experiments/NAME/}. Inputs: the calibration, the seed and the {@link PaperCity}
 * parameters; nothing else, so one seed always gives the same CSV.
 */
public final class Experiments {
  /** The experiments by name. */
  public static final List<String> NAMES = List.of("fig8a", "fig8b", "fig9", "lbbsp");

  /**
   * The settings an experiment sweeps: camera counts (Fig. 8 and LB-BSP), street edge counts (the
   * last is the full city's), and the camera counts of Fig. 9 (the last is the full city's).
   */
  public record Sweeps(List<Integer> cameras, List<Integer> edges, List<Integer> fig9Cameras) {
    /** Copies the lists. */
    public Sweeps {
      cameras = List.copyOf(cameras);
      edges = List.copyOf(edges);
      fig9Cameras = List.copyOf(fig9Cameras);
    }

    int fewestEdges() {
      return edges.get(0);
    }

    int mostEdges() {
      return edges.get(edges.size() - 1);
    }

    int mostCameras() {
      return fig9Cameras.get(fig9Cameras.size() - 1);
    }
  }

  /** The paper's sweeps: 50..200 cameras, 5..30 street edges, 30..200 cameras in Fig. 9. */
  public static final Sweeps PAPER =
      new Sweeps(
          List.of(50, 100, 150, 200),
          List.of(5, 10, 15, 20, 25, 30),
          List.of(30, 60, 90, 120, 150, 200));

  /** The paper's Fig. 8a end points: cameras, seconds at 5 edges, seconds at 30 edges. */
  static final double[][] PAPER_8A = {{50, 2335.13, 851.28}, {200, 6117.22, 1773.62}};

  private final Calibration cal;
  private final Sweeps sweeps;
  private final long seed;
  private final Path dir;
  private final boolean charts;
  private final PrintWriter out;

  private Experiments(
      Calibration cal, Sweeps sweeps, long seed, Path dir, boolean charts, PrintWriter out) {
    this.cal = cal;
    this.sweeps = sweeps;
    this.seed = seed;
    this.dir = dir;
    this.charts = charts;
    this.out = out;
  }

  /**
   * Runs experiment {@code name} and writes its files under {@code root/name}.
   *
   * @param charts whether to draw the chart beside the CSV
   * @return the CSV written
   */
  public static Path run(
      String name,
      Calibration cal,
      Sweeps sweeps,
      long seed,
      Path root,
      boolean charts,
      PrintWriter out)
      throws IOException {
    Experiments e = new Experiments(cal, sweeps, seed, root.resolve(name), charts, out);
    e.writeParameters();
    return switch (name) {
      case "fig8a" -> e.fig8a();
      case "fig8b" -> e.fig8b();
      case "fig9" -> e.fig9();
      case "lbbsp" -> e.lbbsp();
      default ->
          throw new IllegalArgumentException("unknown experiment '" + name + "': one of " + NAMES);
    };
  }

  private SimResult simulate(int cameras, int edges, List<String> tasks, Balancing balancing) {
    Topology t = PaperCity.topology(cameras, edges, tasks, seed, cal.scene());
    SimResult r = Simulator.run(t, cal, PaperCity.settings(cal, balancing));
    if (!r.finished()) {
      throw new IllegalStateException(
          t.name() + " under " + balancing + " did not finish (a task paused or the cap hit)");
    }
    return r;
  }

  private static String mode(Balancing b) {
    return b.name().toLowerCase(Locale.ROOT);
  }

  private static String label(int cameras, int edges, String what) {
    return String.format("%d cameras, %d edges, %s", cameras, edges, what);
  }

  private static String done(SimResult r) {
    return String.format("%.1f s simulated, %d events", r.seconds(), r.events());
  }

  private void writeParameters() throws IOException {
    StringBuilder md = new StringBuilder("| parameter | value | source |\n|---|---|---|\n");
    for (List<String> row : PaperCity.parameters(cal)) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    md.append("| seed | ").append(seed).append(" | the command line |\n");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("parameters.md"), md.toString());
  }

  // ---- Fig. 8a ----

  private Path fig8a() throws IOException {
    List<Balancing> modes = List.of(Balancing.MIGRATION, Balancing.NONE);
    Progress p =
        new Progress(out, sweeps.cameras().size() * sweeps.edges().size() * modes.size(), "runs");
    Table t =
        new Table(
            "cameras", "edges", "balancing", "total_s", "ingest_s", "mean_round_s", "moved_bytes");
    Charts.Lines lines = new Charts.Lines();
    for (int c = 0; c < sweeps.cameras().size(); c++) {
      int cameras = sweeps.cameras().get(c);
      for (int edges : sweeps.edges()) {
        for (Balancing b : modes) {
          p.starting(label(cameras, edges, mode(b)));
          SimResult r = simulate(cameras, edges, List.of("cnn"), b);
          t.add(
              cameras,
              edges,
              mode(b),
              r.seconds(),
              r.ingestSeconds(),
              r.meanRoundSeconds("cnn", SimResult.Round::counted),
              r.bytes().migration());
          lines.add(
              cameras + " cameras" + (b == Balancing.NONE ? ", no migration" : ""),
              c,
              b == Balancing.NONE,
              edges,
              r.seconds());
          p.done(done(r));
        }
      }
    }
    Path csv = dir.resolve("fig8a.csv");
    t.write(csv);
    if (charts) {
      Charts.write(
          dir.resolve("fig8a.png"),
          "Fig. 8a: total time as street edges grow (D = " + PaperCity.STREAM_HOURS + " h/camera)",
          "street edges",
          "total time (s)",
          lines);
    }
    out.println();
    int few = sweeps.fewestEdges();
    int most = sweeps.mostEdges();
    out.printf("Fig. 8a: total time from %d to %d street edges%n", few, most);
    out.printf(
        "%8s  %-10s %12s %12s %8s   %s%n",
        "cameras", "balancing", few + " edges", most + " edges", "cut", "paper (5 -> 30)");
    for (int cameras : sweeps.cameras()) {
      for (Balancing b : modes) {
        double t5 = find(t, cameras, few, mode(b));
        double t30 = find(t, cameras, most, mode(b));
        String paper = "";
        for (double[] row : PAPER_8A) {
          if (row[0] == cameras) {
            paper =
                String.format(
                    "%.2f s -> %.2f s (%.2f%%)", row[1], row[2], 100 * (row[2] / row[1] - 1));
          }
        }
        out.printf(
            "%8d  %-10s %10.1f s %10.1f s %7.2f%%   %s%n",
            cameras, mode(b), t5, t30, 100 * (t30 / t5 - 1), paper);
      }
    }
    out.flush();
    return csv;
  }

  private static double find(Table t, int cameras, int edges, String balancing) {
    for (int i = 0; i < t.rows().size(); i++) {
      if (t.number(i, "cameras") == cameras
          && t.number(i, "edges") == edges
          && t.text(i, "balancing").equals(balancing)) {
        return t.number(i, "total_s");
      }
    }
    throw new IllegalStateException("no row for " + cameras + ", " + edges + ", " + balancing);
  }

  // ---- Fig. 8b ----

  private Path fig8b() throws IOException {
    int edges = sweeps.mostEdges();
    int taskCounts = PaperCity.TASKS.size();
    Progress p = new Progress(out, sweeps.cameras().size() * taskCounts, "runs");
    Table t = new Table("cameras", "edges", "tasks", "total_s", "ratio_to_one_task");
    Charts.Lines lines = new Charts.Lines();
    for (int cameras : sweeps.cameras()) {
      double one = Double.NaN;
      for (int n = 1; n <= taskCounts; n++) {
        List<String> tasks = PaperCity.TASKS.subList(0, n);
        p.starting(label(cameras, edges, String.join("+", tasks)));
        SimResult r = simulate(cameras, edges, tasks, Balancing.MIGRATION);
        if (n == 1) {
          one = r.seconds();
        }
        t.add(cameras, edges, String.join("+", tasks), r.seconds(), r.seconds() / one);
        lines.add(n + (n == 1 ? " task" : " tasks"), n - 1, false, cameras, r.seconds());
        p.done(done(r));
      }
    }
    Path csv = dir.resolve("fig8b.csv");
    t.write(csv);
    if (charts) {
      Charts.write(
          dir.resolve("fig8b.png"),
          "Fig. 8b: total time for 1, 2 and 3 tasks (" + edges + " street edges)",
          "cameras",
          "total time (s)",
          lines);
    }
    out.println();
    out.println("Fig. 8b: total time against one task (" + edges + " street edges)");
    for (int i = 0; i < t.rows().size(); i++) {
      out.printf(
          "%5.0f cameras  %-16s %10.1f s  x%.2f%n",
          t.number(i, "cameras"),
          t.text(i, "tasks"),
          t.number(i, "total_s"),
          t.number(i, "ratio_to_one_task"));
    }
    out.flush();
    return csv;
  }

  // ---- Fig. 9 ----

  /** {sweep, cameras, edges}: {@code cameras} at the most edges, then the edges at most cameras. */
  private List<int[]> sweep(List<Integer> cameras) {
    List<int[]> points = new ArrayList<>();
    for (int c : cameras) {
      points.add(new int[] {0, c, sweeps.mostEdges()});
    }
    for (int edges : sweeps.edges()) {
      points.add(new int[] {1, sweeps.mostCameras(), edges});
    }
    return points;
  }

  /** Mean B_now and B_now / T_mean over every assessment but the first (before any move). */
  private static double[] balance(SimResult r) {
    List<SimResult.Period> later =
        r.periods().subList(Math.min(1, r.periods().size()), r.periods().size());
    double b = later.stream().mapToDouble(SimResult.Period::balance).average().orElse(Double.NaN);
    double share =
        later.stream()
            .mapToDouble(x -> x.meanSeconds() > 0 ? x.balance() / x.meanSeconds() : 0)
            .average()
            .orElse(Double.NaN);
    return new double[] {b, share};
  }

  private Path fig9() throws IOException {
    List<Balancing> modes = List.of(Balancing.MIGRATION, Balancing.NONE);
    List<int[]> points = sweep(sweeps.fig9Cameras());
    Progress p = new Progress(out, points.size() * modes.size(), "runs");
    Table t =
        new Table(
            "sweep",
            "cameras",
            "edges",
            "balancing",
            "balance_s",
            "balance_share",
            "moved_bytes",
            "weight_bytes",
            "total_s");
    List<Charts.Lines> byCameras = List.of(new Charts.Lines(), new Charts.Lines());
    List<Charts.Lines> byEdges = List.of(new Charts.Lines(), new Charts.Lines());
    for (int[] point : points) {
      for (Balancing b : modes) {
        int cameras = point[1];
        int edges = point[2];
        p.starting(label(cameras, edges, mode(b)));
        SimResult r = simulate(cameras, edges, List.of("cnn"), b);
        double[] bal = balance(r);
        long weights = r.bytes().globals() + r.bytes().updates();
        String sweep = point[0] == 0 ? "cameras" : "edges";
        t.add(
            sweep,
            cameras,
            edges,
            mode(b),
            bal[0],
            bal[1],
            r.bytes().migration(),
            weights,
            r.seconds());
        List<Charts.Lines> panels = point[0] == 0 ? byCameras : byEdges;
        double x = point[0] == 0 ? cameras : edges;
        String name = b == Balancing.MIGRATION ? "with migration" : "without migration";
        panels.get(0).add(name, b == Balancing.MIGRATION ? 0 : 1, false, x, bal[0]);
        if (b == Balancing.MIGRATION) {
          panels.get(1).add("MB moved by migration", 2, false, x, r.bytes().migration() / 1e6);
        }
        p.done(done(r) + String.format(", B %.1f s", bal[0]));
      }
    }
    Path csv = dir.resolve("fig9.csv");
    t.write(csv);
    if (charts) {
      List<String> y = List.of("balance B (s)", "frames moved (MB)");
      Charts.write(
          dir.resolve("fig9a.png"),
          "Fig. 9a: balance and data moved (" + sweeps.mostEdges() + " street edges)",
          "cameras",
          y,
          byCameras);
      Charts.write(
          dir.resolve("fig9b.png"),
          "Fig. 9b: balance and data moved (" + sweeps.mostCameras() + " cameras)",
          "street edges",
          y,
          byEdges);
    }
    out.println();
    out.println("Fig. 9: balance B (mean B_now after the first assessment) and bytes moved");
    out.printf(
        "%-8s %8s %6s  %-10s %10s %8s %12s%n",
        "sweep", "cameras", "edges", "balancing", "B", "B/T", "moved MB");
    for (int i = 0; i < t.rows().size(); i++) {
      out.printf(
          "%-8s %8.0f %6.0f  %-10s %8.1f s %7.1f%% %12.1f%n",
          t.text(i, "sweep"),
          t.number(i, "cameras"),
          t.number(i, "edges"),
          t.text(i, "balancing"),
          t.number(i, "balance_s"),
          100 * t.number(i, "balance_share"),
          t.number(i, "moved_bytes") / 1e6);
    }
    out.flush();
    return csv;
  }

  // ---- LB-BSP against migration ----

  private Path lbbsp() throws IOException {
    List<Balancing> modes = List.of(Balancing.NONE, Balancing.MIGRATION, Balancing.LBBSP);
    List<int[]> points = sweep(sweeps.cameras());
    Progress p = new Progress(out, points.size() * modes.size(), "runs");
    Table t =
        new Table(
            "sweep",
            "cameras",
            "edges",
            "balancing",
            "total_s",
            "mean_round_s",
            "speedup_vs_none",
            "moved_bytes");
    Charts.Lines byCameras = new Charts.Lines();
    Charts.Lines byEdges = new Charts.Lines();
    for (int[] point : points) {
      double none = Double.NaN;
      for (int m = 0; m < modes.size(); m++) {
        Balancing b = modes.get(m);
        int cameras = point[1];
        int edges = point[2];
        p.starting(label(cameras, edges, mode(b)));
        SimResult r = simulate(cameras, edges, List.of("cnn"), b);
        if (b == Balancing.NONE) {
          none = r.seconds();
        }
        t.add(
            point[0] == 0 ? "cameras" : "edges",
            cameras,
            edges,
            mode(b),
            r.seconds(),
            r.meanRoundSeconds("cnn", SimResult.Round::counted),
            none / r.seconds(),
            r.bytes().migration());
        (point[0] == 0 ? byCameras : byEdges)
            .add(mode(b), m, false, point[0] == 0 ? cameras : edges, r.seconds());
        p.done(done(r));
      }
    }
    Path csv = dir.resolve("lbbsp.csv");
    t.write(csv);
    if (charts) {
      Charts.write(
          dir.resolve("lbbsp.png"),
          "No balancing, migration and LB-BSP (" + sweeps.mostEdges() + " street edges)",
          "cameras",
          "total time (s)",
          byCameras);
      Charts.write(
          dir.resolve("lbbsp-edges.png"),
          "No balancing, migration and LB-BSP (" + sweeps.mostCameras() + " cameras)",
          "street edges",
          "total time (s)",
          byEdges);
    }
    out.println();
    out.println("Migration against LB-BSP: total time, and speed-up over no balancing");
    for (int i = 0; i < t.rows().size(); i++) {
      out.printf(
          "%5.0f cameras %3.0f edges  %-10s %10.1f s  x%.2f  moved %.1f MB%n",
          t.number(i, "cameras"),
          t.number(i, "edges"),
          t.text(i, "balancing"),
          t.number(i, "total_s"),
          t.number(i, "speedup_vs_none"),
          t.number(i, "moved_bytes") / 1e6);
    }
    out.flush();
    return csv;
  }
}
