package org.divs.bench;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.divs.proc.ClusterCity;
import org.divs.proc.ConsoleProbe;
import org.divs.proc.NodeProcess;
import org.divs.proc.Wait;

/**
 * {@code divs bench cluster}: the three-node {@link ClusterCity} started as three JVMs on
 * 127.0.0.1, then the same topology in one JVM, side by side: time from process start until every
 * node is ready (joined the cluster, units deployed, so the first round can run), time to the first
 * round event both streets took part in (published after the cloud evaluated that round's global),
 * and the latency of a round (the cloud's {@code ms}: globals sent down to the merge of every
 * street's update) across the JVMs beside one JVM.
 */
public final class ClusterBench {
  /** Target of issue 10: the cluster is ready within this long after the processes start. */
  public static final Duration READY_TARGET = Duration.ofSeconds(10);

  private static final Duration STARTUP = Duration.ofMinutes(3);

  /** What one layout measured; {@code cpuMs}: CPU each JVM used until it was ready. */
  record Result(long readyMs, List<Long> cpuMs, long firstRoundMs, List<Long> roundMs) {
    long cpuTotal() {
      return cpuMs.stream().mapToLong(Long::longValue).sum();
    }

    long median() {
      List<Long> sorted = roundMs.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }
  }

  private ClusterBench() {}

  /**
   * Runs both layouts with {@code rounds} measured rounds each, JVMs from {@code classPath}, files
   * under a new temporary directory; prints progress and the table to {@code out}.
   */
  public static void run(PrintWriter out, int rounds, String classPath) throws IOException {
    Path dir = Files.createTempDirectory("divs-bench-cluster");
    out.printf(
        Locale.ROOT,
        "divs bench cluster: cloud+district | street-1 | street-2, %d rounds each; %d cores, load"
            + " average %.1f; files in %s%n",
        rounds,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        dir);
    out.flush();
    Path archive = dir.resolve("divs.jsa");
    long archiveMs = recordArchive(dir, archive, classPath);
    out.printf(
        Locale.ROOT,
        "class-data archive recorded in %.1f s (divs warmup --city; once per JAR, as the Docker"
            + " build does): %s%n",
        archiveMs / 1000.0,
        archive);
    out.flush();
    Result plain = measure(out, dir, "3 JVMs", ClusterCity.NODES, rounds, classPath, List.of());
    Result fast =
        measure(
            out,
            dir,
            "3 JVMs fast start",
            ClusterCity.NODES,
            rounds,
            classPath,
            NodeProcess.fastStart(archive));
    Result one = measure(out, dir, "1 JVM", null, rounds, classPath, List.of());
    out.println();
    out.printf("%-40s %10s %10s %10s %10s%n", "", "3 JVMs", "3 fast", "1 JVM", "3 fast / 1");
    row(out, "ready (start -> every node ready)", plain, fast, one, Result::readyMs);
    row(out, "CPU used until ready, all JVMs", plain, fast, one, Result::cpuTotal);
    row(out, "first round event of both streets", plain, fast, one, Result::firstRoundMs);
    row(out, "round latency, median of " + rounds, plain, fast, one, Result::median);
    out.printf(
        "round latency, each: 3 JVMs %s ms; 3 fast %s ms; 1 JVM %s ms%n",
        plain.roundMs(), fast.roundMs(), one.roundMs());
    out.printf(
        "CPU until ready, each JVM: 3 JVMs %s ms; 3 fast %s ms; 1 JVM %s ms%n",
        plain.cpuMs(), fast.cpuMs(), one.cpuMs());
    out.printf("fast start: %s%n", String.join(" ", NodeProcess.fastStart(archive)));
    out.printf(
        Locale.ROOT,
        "target: cluster ready within %d s: %s with the fast-start options (%.1f s); %s with the"
            + " default options (%.1f s)%n",
        READY_TARGET.toSeconds(),
        fast.readyMs() <= READY_TARGET.toMillis() ? "met" : "MISSED",
        fast.readyMs() / 1000.0,
        plain.readyMs() <= READY_TARGET.toMillis() ? "met" : "missed",
        plain.readyMs() / 1000.0);
    out.flush();
  }

  /** Records the class-data archive with {@code divs warmup --city}; returns the time it took. */
  private static long recordArchive(Path dir, Path archive, String classPath) throws IOException {
    long t0 = System.currentTimeMillis();
    NodeProcess p =
        NodeProcess.start(
            "archive", NodeProcess.recordArchive(classPath, archive), dir, dir.resolve("archive"));
    try {
      int code = p.waitFor(STARTUP);
      if (code != 0 || !Files.isRegularFile(archive)) {
        throw new IOException(
            "recording the class-data archive failed (exit " + code + "); see " + dir);
      }
    } finally {
      p.kill();
    }
    return System.currentTimeMillis() - t0;
  }

  /** The class path of this JVM: the fat JAR when run as {@code java -jar divs.jar}. */
  public static String ownClassPath() {
    // Absolute entries: the node JVMs run in their own working directories.
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Starts the city on {@code nodes} (null: one JVM), measures, and kills every process. */
  private static Result measure(
      PrintWriter out,
      Path dir,
      String label,
      List<String> nodes,
      int rounds,
      String classPath,
      List<String> jvmOptions)
      throws IOException {
    Path work = Files.createDirectories(dir.resolve(label.replace(' ', '-')));
    ClusterCity city = ClusterCity.onFreePorts().checkpoints(work.resolve("checkpoints"));
    // Rounds close on completeness, not at the deadline: a long one, every street needed.
    city.deadlineMs(60_000).quorum(1.0);
    Path config = city.write(work.resolve("city.json"));
    List<NodeProcess> running = new ArrayList<>();
    try {
      long t0 = System.currentTimeMillis();
      for (String node :
          nodes == null ? java.util.Collections.<String>singletonList(null) : nodes) {
        List<String> cmd = NodeProcess.runCommand(classPath, config, node, 0, jvmOptions);
        running.add(NodeProcess.start(node == null ? "city" : node, cmd, work, work));
      }
      // Each JVM's CPU is read when its ready line shows (polled together).
      Map<NodeProcess, Long> cpuAtReady = new LinkedHashMap<>();
      Wait.until(
          label + ": every node ready",
          STARTUP,
          () -> {
            for (NodeProcess p : running) {
              if (!cpuAtReady.containsKey(p) && p.output().contains(NodeProcess.READY)) {
                cpuAtReady.put(p, p.cpu().toMillis());
              } else {
                p.requireAlive();
              }
            }
            return cpuAtReady.size() == running.size() ? Optional.of(true) : Optional.empty();
          });
      long readyMs = System.currentTimeMillis() - t0;
      List<Long> cpuMs = running.stream().map(cpuAtReady::get).toList();
      out.printf(
          Locale.ROOT,
          "%s: every node ready after %.1f s (CPU used %s ms)%n",
          label,
          readyMs / 1000.0,
          cpuMs);
      out.flush();
      ConsoleProbe console = new ConsoleProbe("127.0.0.1", city.consolePort());
      NodeProcess[] watch = running.toArray(NodeProcess[]::new);
      List<Long> ms = new ArrayList<>();
      long first = -1;
      for (int i = 1; i <= rounds; i++) {
        int count = i;
        JsonObject ev =
            console
                .awaitRounds(
                    label + " round " + count + " with both streets",
                    STARTUP,
                    count,
                    r -> ConsoleProbe.merged(r, ClusterCity.STREETS),
                    watch)
                .get(count - 1);
        if (first < 0) {
          first = ev.getLong("eventTime") - t0;
        }
        ms.add(ev.getLong("ms"));
        out.printf(
            "%s: round %d (%d of %d): %d ms%n",
            label, ev.getLong("round"), count, rounds, ev.getLong("ms"));
        out.flush();
      }
      return new Result(readyMs, cpuMs, first, ms);
    } finally {
      running.forEach(NodeProcess::kill);
    }
  }

  private static void row(
      PrintWriter out,
      String what,
      Result plain,
      Result fast,
      Result one,
      java.util.function.ToLongFunction<Result> value) {
    long f = value.applyAsLong(fast);
    long o = value.applyAsLong(one);
    out.printf(
        Locale.ROOT,
        "%-40s %10s %10s %10s %10s%n",
        what,
        value.applyAsLong(plain) + " ms",
        f + " ms",
        o + " ms",
        o > 0 ? String.format(Locale.ROOT, "%.2f", (double) f / o) : "-");
  }
}
