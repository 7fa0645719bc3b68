package org.divs.cli;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.divs.calibrate.BusCosts;
import org.divs.calibrate.CalibrationFile;
import org.divs.calibrate.MergeCost;
import org.divs.calibrate.ModelCosts;
import org.divs.calibrate.SceneCosts;
import org.divs.calibrate.Timing;
import org.divs.model.DjlRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code divs calibrate}: the micro-measurements the simulator rests on, written to {@code
 * config/calibration.json}. libtorch reads its thread count once per JVM, so each thread count is
 * measured in a child JVM of its own (this Java, this class path).
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Measures what the simulator needs and writes it as JSON (micro-measurements only, never a",
      "city): each model's training cost per sample at 1 and 2 intra-op threads (a child JVM each)",
      "and minibatch 16, 32, 64, its inference cost and fixed cost per round; the synthetic",
      "scene's JPEG size, vehicles per frame and crop-cutting time; the event bus's cost per",
      "message and per byte, local and clustered on loopback; the merge's cost per float."
    })
final class CalibrateCommand implements Callable<Integer> {
  private static final String MARK = "CALIBRATION ";
  private static final int STEPS = 5;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write (default: ${DEFAULT-VALUE}).",
      defaultValue = "config/calibration.json")
  Path out;

  @Option(names = "--child-threads", hidden = true, paramLabel = "N")
  Integer childThreads;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private long startNanos;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    if (childThreads != null) {
      DjlRuntime.load(childThreads, 1);
      stdout.println(MARK + ModelCosts.measureAll(childThreads).encode());
      stdout.flush();
      return 0;
    }
    startNanos = System.nanoTime();
    String loadBefore = Timing.loadAverage();
    progress(stdout, 0, "models on 1 thread (child JVM)");
    JsonObject one = child(1);
    progress(stdout, 1, "models on 2 threads (child JVM)");
    JsonObject two = child(2);
    progress(stdout, 2, "synthetic scene");
    JsonObject scene = SceneCosts.measure();
    progress(stdout, 3, "event bus, local and clustered on loopback");
    JsonObject bus = BusCosts.measure();
    progress(stdout, 4, "merge");
    JsonObject merge = MergeCost.measure();
    progress(stdout, 5, "done");
    JsonObject file =
        new JsonObject()
            .put(
                "about",
                "Micro-measurements by divs calibrate on the machine below; divs simulate reads"
                    + " this file and its topology only. cpuShare near 1: the figure had its"
                    + " cores. See config/README.md.")
            .put(
                "machine",
                machine()
                    .put("loadAverageBefore", loadBefore)
                    .put("loadAverageAfter", Timing.loadAverage()))
            .put("models", CalibrationFile.models(one, two))
            .put("scene", scene)
            .put("bus", bus)
            .put("merge", merge);
    CalibrationFile.parse(file);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, file.encodePrettily() + "\n");
    stdout.println("wrote " + out);
    printSummary(stdout, file);
    return 0;
  }

  private void progress(PrintWriter out, int done, String next) {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    String left = done == 0 ? "?" : String.format("~%.0f s", elapsed / done * (STEPS - done));
    out.printf(
        "[%d/%d] %.0f s elapsed, %.2f steps/min, %s left; %s%n",
        done, STEPS, elapsed, done / Math.max(elapsed, 1e-9) * 60, left, next);
    out.flush();
  }

  /** Runs the model measurements in a child JVM on {@code threads} intra-op threads. */
  private static JsonObject child(int threads) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java.toString(),
                "-Xmx2g",
                "-D" + DjlRuntime.OFFLINE + "=true",
                "-D" + DjlRuntime.NUM_THREADS + "=" + threads,
                "-D" + DjlRuntime.NUM_INTEROP_THREADS + "=1",
                "-cp",
                System.getProperty("java.class.path"),
                Divs.class.getName(),
                "calibrate",
                "--child-threads",
                Integer.toString(threads))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String result = null;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith(MARK)) {
          result = line.substring(MARK.length());
        }
      }
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
        throw new IllegalStateException(
            "the calibration child on " + threads + " threads failed (see its log above)");
      }
      return new JsonObject(result);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static JsonObject machine() throws IOException {
    String cpu = "unknown";
    Path info = Path.of("/proc/cpuinfo");
    if (Files.isReadable(info)) {
      List<String> lines = Files.readAllLines(info);
      cpu =
          lines.stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).strip())
              .findFirst()
              .orElse(cpu);
    }
    Path group = Path.of("/proc/self/autogroup");
    String priority = Files.isReadable(group) ? Files.readString(group).strip() : "no autogroup";
    return new JsonObject()
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("schedulerGroup", priority)
        .put("cpu", cpu)
        .put("java", System.getProperty("java.vm.name") + " " + Runtime.version())
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
        .put("measuredAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static void printSummary(PrintWriter out, JsonObject f) {
    JsonObject models = f.getJsonObject("models");
    for (String family : models.fieldNames()) {
      JsonObject m = models.getJsonObject(family);
      out.printf("%s (%s, %d floats):%n", family, m.getString("block"), m.getInteger("floats"));
      for (Object o : m.getJsonArray("trainMsPerSample")) {
        JsonObject p = (JsonObject) o;
        out.printf(
            "  train m=%-3d %.4f ms/sample on 1 thread, %.4f on 2 (speed-up %.2f);"
                + " cpu share %.2f, %.2f%s%n",
            p.getInteger("minibatch"),
            p.getDouble("threads1"),
            p.getDouble("threads2"),
            p.getDouble("threads1") / p.getDouble("threads2"),
            p.getDouble("cpuShare1"),
            p.getDouble("cpuShare2"),
            Math.min(p.getDouble("cpuShare1"), p.getDouble("cpuShare2")) < Timing.CONTENDED
                ? "  CONTENDED: other processes held the cores"
                : "");
      }
      JsonObject i = m.getJsonObject("inferMsPerSample");
      out.printf(
          "  infer %.4f ms/sample on 1 thread, %.4f on 2; round overhead %.2f ms%n",
          i.getDouble("threads1"), i.getDouble("threads2"), m.getDouble("roundMs"));
    }
    JsonObject s = f.getJsonObject("scene");
    out.printf(
        "scene: %.0f JPEG bytes/frame, %.2f vehicles/frame, cut %.3f ms/frame%n",
        s.getDouble("jpegBytes"), s.getDouble("cropsPerFrame"), s.getDouble("cutMsPerFrame"));
    JsonObject bus = f.getJsonObject("bus");
    for (String kind : List.of("local", "clustered")) {
      JsonObject b = bus.getJsonObject(kind);
      out.printf(
          "bus %s: %.1f us/message, %.3f ns/byte%n",
          kind, b.getDouble("perMessageUs"), b.getDouble("perByteNs"));
    }
    out.printf("merge: %.3f ns/float/part%n", f.getJsonObject("merge").getDouble("nsPerFloat"));
    out.flush();
  }
}
