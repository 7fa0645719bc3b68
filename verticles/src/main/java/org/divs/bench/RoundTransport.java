package org.divs.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.divs.bus.Addresses;
import org.divs.bus.ClusterSettings;
import org.divs.bus.VertxFactory;
import org.divs.model.CnnSpec;
import org.divs.model.DjlRuntime;
import org.divs.model.LocalTrainer;
import org.divs.sync.EncodedWeights;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weights;

/**
 * {@code divs bench round-transport}: rounds without training on a 3-level tree over three
 * clustered JVMs on 127.0.0.1 (this one the top; child JVMs for the two aggregators and the four
 * street edges), CNN-sized weights, in float32, float16 and int8; beside each, raw buffers of the
 * same sizes along the same path with the same fan-in and one message in flight per sender. Rounds
 * of all six paths are interleaved, each round starting one path later (so no path always follows
 * the same one and inherits its garbage), and a change in the machine's load hits them alike; the
 * medians per hop and the ratios of issue 7 are printed.
 */
public final class RoundTransport {
  private static final long READY_MS = 120_000;

  private RoundTransport() {}

  /**
   * Warm-up rounds at most: after {@code warmup} they go on until no JVM's JIT compiled for {@link
   * ProcessCpu#JIT_QUIET} of a round or more in {@link #QUIET_ROUNDS} rounds in a row.
   */
  static final int MAX_WARMUP_ROUNDS = 100;

  /** Rounds in a row the JIT must stay quiet to end the warm-up: it compiles in bursts. */
  static final int QUIET_ROUNDS = 3;

  /**
   * Runs at least {@code warmup} unmeasured rounds of every path (more until the JIT is quiet, at
   * most {@link #MAX_WARMUP_ROUNDS}), then {@code rounds} measured ones, and prints the table to
   * {@code out}; the child JVMs are killed on the way out.
   *
   * @throws Exception when a JVM fails to start or join, or a round fails or times out
   */
  public static void run(PrintWriter out, int rounds, int warmup) throws Exception {
    int[] tensors;
    Weights initial;
    DjlRuntime.loadFor(1);
    try (LocalTrainer cnn = LocalTrainer.builder().setSpec(new CnnSpec(6)).optSeed(42).build()) {
      tensors = cnn.layout().tensorLengths();
      initial = Weights.wrap(cnn.weights());
    }
    Map<WeightEncoding, Integer> bytes = new EnumMap<>(WeightEncoding.class);
    for (WeightEncoding e : WeightEncoding.values()) {
      bytes.put(e, TransportCity.payloadBytes(e, tensors));
    }
    out.printf(
        Locale.ROOT,
        "round-transport: %d street edges (JVM %s) -> %d aggregators (JVM %s, the production"
            + " AggregatorVerticle) -> top (this JVM), Hazelcast on 127.0.0.1; CNN weights, %,d"
            + " floats in %d tensors; %d or more warm-up rounds (until the JIT is quiet) + %d"
            + " measured rounds of each path, interleaved; %d cores; codec loops: %s (every"
            + " JVM, which take this one's options)%n",
        TransportCity.LEAVES.size(),
        TransportCity.LEAVES_NODE,
        TransportCity.AGGREGATORS.size(),
        TransportCity.AGGREGATORS_NODE,
        initial.size(),
        tensors.length,
        warmup,
        rounds,
        Runtime.getRuntime().availableProcessors(),
        EncodedWeights.kernels());
    out.flush();
    List<Integer> ports = ClusterSettings.freePorts(3);
    String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    String cluster = "divs-bench-" + UUID.randomUUID();
    Path logs = Files.createTempDirectory("divs-round-transport");
    List<Process> children = new ArrayList<>();
    Vertx vertx = null;
    try {
      String tensorList =
          Arrays.stream(tensors).mapToObj(Integer::toString).collect(Collectors.joining(","));
      children.add(
          spawn(TransportCity.AGGREGATORS_NODE, cluster, ports.get(1), members, tensorList, logs));
      children.add(
          spawn(TransportCity.LEAVES_NODE, cluster, ports.get(2), members, tensorList, logs));
      long joinStart = System.nanoTime();
      vertx =
          await(
              VertxFactory.clustered(
                  ClusterSettings.loopback(cluster, ports.get(0), List.of(members.split(",")))),
              READY_MS);
      TransportTop top = new TransportTop(initial, tensors);
      await(vertx.deployVerticle(top), READY_MS);
      for (int i = 0; i < children.size(); i++) {
        String node = i == 0 ? TransportCity.AGGREGATORS_NODE : TransportCity.LEAVES_NODE;
        awaitReady(vertx, node, children.get(i), logs);
      }
      out.printf(
          Locale.ROOT,
          "cluster of 3 JVMs ready in %.1f s (child logs: %s)%n",
          (System.nanoTime() - joinStart) / 1e9,
          logs);
      out.flush();
      TransportReport report = new TransportReport(bytes);
      Map<TransportReport.Path, long[]> cpuUsed = new java.util.LinkedHashMap<>();
      measure(out, vertx, top, report, cpuUsed, rounds, warmup);
      report.print(out);
      printCpu(out, cpuUsed, rounds);
      Map<WeightEncoding, Weights> globals = await(top.globals(), READY_MS);
      Weights f32 = globals.get(WeightEncoding.F32);
      out.printf(
          Locale.ROOT,
          "global after %d rounds, relative L2 distance from float32: float16 %.2e, int8 %.2e%n",
          warmup + rounds,
          globals.get(WeightEncoding.F16).distance(f32) / f32.norm(),
          globals.get(WeightEncoding.I8).distance(f32) / f32.norm());
      out.flush();
    } finally {
      if (vertx != null) {
        try {
          await(vertx.close(), 30_000);
        } catch (Exception e) {
          out.println("closing the benchmark's Vertx failed: " + e);
        }
      }
      for (Process p : children) {
        p.destroy();
      }
      for (Process p : children) {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  /** The JVMs whose CPU each round is charged to: this one (the top), then the children. */
  private static final List<String> CPU_NODES =
      List.of(TransportCity.TOP_NODE, TransportCity.AGGREGATORS_NODE, TransportCity.LEAVES_NODE);

  /** Process CPU nanoseconds of each JVM of {@link #CPU_NODES}, now. */
  private static long[] cpu(Vertx vertx) throws Exception {
    return await(ProcessCpu.sample(vertx, CPU_NODES.subList(1, CPU_NODES.size())), READY_MS);
  }

  /**
   * Prints the mean CPU a measured round of each path cost in each JVM: the codec work's share of a
   * round shows as the quantised paths' CPU beyond the bare ones.
   */
  private static void printCpu(
      PrintWriter out, Map<TransportReport.Path, long[]> used, int rounds) {
    out.printf(
        Locale.ROOT,
        "CPU per round, ms, mean of %d measured rounds (process CPU time of each JVM, all its"
            + " threads): %s%n",
        rounds,
        String.join(" / ", CPU_NODES));
    for (TransportReport.Path p : TransportReport.paths()) {
      long[] ns = used.get(p);
      if (ns == null) {
        continue;
      }
      double total = 0;
      StringBuilder parts = new StringBuilder();
      for (long n : ns) {
        double ms = n / 1e6 / rounds;
        total += ms;
        parts.append(String.format(Locale.ROOT, " %7.1f", ms));
      }
      out.printf(Locale.ROOT, "  %-14s%s  = %7.1f%n", p.label(), parts, total);
    }
    out.flush();
  }

  private static void measure(
      PrintWriter out,
      Vertx vertx,
      TransportTop top,
      TransportReport report,
      Map<TransportReport.Path, long[]> cpuUsed,
      int rounds,
      int warmup)
      throws Exception {
    long start = System.nanoTime();
    ProcessCpu.JitWatch jit =
        await(ProcessCpu.JitWatch.start(vertx, CPU_NODES.subList(1, CPU_NODES.size())), READY_MS);
    boolean warming = warmup > 0;
    int measured = 0;
    for (int r = 0; measured < rounds; r++) {
      long roundStart = System.nanoTime();
      List<TransportReport.Path> order = new ArrayList<>(TransportReport.paths());
      Collections.rotate(order, -r);
      for (TransportReport.Path p : order) {
        long[] before = cpu(vertx);
        HopTimes t = await(top.round(p.bare(), p.encoding()), 2 * TransportLeaf.TIMEOUT_MS);
        long[] after = cpu(vertx);
        if (!warming) {
          report.add(p, t);
          long[] used = cpuUsed.computeIfAbsent(p, k -> new long[after.length]);
          for (int j = 0; j < used.length; j++) {
            used[j] += after[j] - before[j];
          }
        }
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (warming) {
        double busy = await(jit.pass((System.nanoTime() - roundStart) / 1e6), READY_MS);
        warming = r + 1 < warmup || (jit.quietInARow() < QUIET_ROUNDS && r + 1 < MAX_WARMUP_ROUNDS);
        out.printf(
            Locale.ROOT,
            "warm-up round %d: %.1f s elapsed; JIT compiling %.0f%% of it in the busiest JVM (on"
                + " until under %.0f%% %d rounds in a row, %d rounds at least, %d at most)%n",
            r + 1,
            elapsed,
            100 * busy,
            100 * ProcessCpu.JIT_QUIET,
            QUIET_ROUNDS,
            warmup,
            Math.max(warmup, MAX_WARMUP_ROUNDS));
      } else {
        measured++;
        out.printf(
            Locale.ROOT,
            "round %d of %d: %.1f s elapsed, %.2f rounds/s, about %.0f s left%n",
            measured,
            rounds,
            elapsed,
            (r + 1) / elapsed,
            elapsed / (r + 1) * (rounds - measured));
      }
      out.flush();
    }
  }

  private static Process spawn(
      String node, String cluster, int port, String members, String tensors, Path logs)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(heapOptions());
    cmd.addAll(
        List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.management/sun.management=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "-Dhazelcast.logging.type=slf4j",
            "-cp",
            System.getProperty("java.class.path"),
            RoundTransportNode.class.getName(),
            node,
            cluster,
            String.valueOf(port),
            members,
            tensors,
            String.valueOf(ProcessHandle.current().pid())));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(logs.resolve(node + ".log").toFile())
        .start();
  }

  /**
   * This JVM's heap, GC and module options ({@code -Xms}, {@code -Xmx}, {@code -XX:...}, {@code
   * --add-modules}): the child JVMs run with the same, so {@code java -Xms1g --add-modules
   * jdk.incubator.vector -jar divs.jar bench round-transport} sets all three.
   */
  static List<String> heapOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a ->
                a.startsWith("-Xms")
                    || a.startsWith("-Xmx")
                    || a.startsWith("-XX:")
                    || a.startsWith("--add-modules"))
        .filter(a -> !a.contains("FlightRecording") && !a.contains("HeapDump"))
        .toList();
  }

  /**
   * Pings {@code node} until it answers (its units deployed), failing early if its JVM died, and
   * checks that its System.nanoTime falls between the ping's send and its answer: the hop times
   * compare stamps of different JVMs.
   */
  private static void awaitReady(Vertx vertx, String node, Process child, Path logs)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MS);
    while (true) {
      if (!child.isAlive()) {
        throw new IllegalStateException(
            "round-transport node "
                + node
                + " exited with "
                + child.exitValue()
                + ": "
                + tail(logs, node));
      }
      long before = System.nanoTime();
      try {
        long theirs =
            await(
                vertx
                    .eventBus()
                    .<Long>request(
                        Addresses.nodePing(node),
                        "ping",
                        new DeliveryOptions().setSendTimeout(2000))
                    .map(m -> m.body()),
                5000);
        long after = System.nanoTime();
        if (theirs < before || theirs > after) {
          throw new IllegalStateException(
              "node "
                  + node
                  + ": its System.nanoTime is not this JVM's clock; hop times across JVMs would"
                  + " be wrong");
        }
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "round-transport node " + node + " never answered: " + tail(logs, node), e);
        }
        Thread.sleep(200);
      }
    }
  }

  private static String tail(Path logs, String node) {
    try {
      List<String> lines = Files.readAllLines(logs.resolve(node + ".log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static <T> T await(Future<T> f, long ms) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(ms, TimeUnit.MILLISECONDS);
  }
}
