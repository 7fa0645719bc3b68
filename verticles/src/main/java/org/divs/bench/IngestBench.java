package org.divs.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.divs.bus.Addresses;
import org.divs.bus.ClusterSettings;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.VertxFactory;
import org.divs.delivery.DeliveryWindow;
import org.divs.node.BatchSender;
import org.divs.proc.Folders;
import org.divs.source.SourceFrame;
import org.divs.source.SyntheticSource;

/**
 * {@code divs bench ingest}: frames/s and MB/s from a terminal to an edge for 640x360 pre-encoded
 * JPEG frames without annotations, through our path ({@link BatchSender}: delivery window, {@code
 * FrameBatch} codec, the edge's ingest check, durable put and ack) with each store kind, beside a
 * bare event-bus request/reply of the same byte sizes and a plain loopback socket with the same
 * number in flight, all measured in one run, in one JVM and across two clustered JVMs on loopback
 * (a child JVM started from this classpath). Then crops/s of the crop worker, and how many video
 * cameras one core sustains at native rate per sample file ({@link VideoBench}).
 */
public final class IngestBench {
  /** Target: our clustered ingest without fsync, as a share of the bare bus, for >= 256 KB. */
  public static final double TARGET = 0.7;

  /** Batch sizes measured, in KB. */
  static final int[] BATCH_KB = {64, 256, 1024};

  /** Chunks in flight by default (the bare bus gains nothing beyond 4, PITFALLS.md). */
  public static final int IN_FLIGHT = 4;

  /**
   * Untimed passes over ours and the bus at 256 KB (and over ours with segment files and the bus at
   * 1 MB) before the measured points of each scope. Both JVMs keep getting faster for tens of
   * seconds (JIT); without them the path measured first ran cold and the bus after it warm: ours at
   * 256 KB gained about 2.5x from its first run to its third, the bare bus about 2x.
   */
  static final int WARMUP_PASSES = 3;

  /** Warm-up passes at most, whether or not the JIT has gone quiet. */
  static final int MAX_WARMUP_PASSES = 20;

  /**
   * Pairs of clustered points (ours with segment files, then the bare bus) measured one after the
   * other per batch size from 256 KB for the target: the ratio of each pair and their median, since
   * the bus itself swings by a third between runs; {@code --pairs} gives another number. Seven: the
   * median of three moved by up to ten points between runs of one build here.
   */
  public static final int TARGET_PAIRS = 7;

  /** Each measured path: its label, and the store kind of ours ({@link IngestRig#KINDS}). */
  private static final String[][] PATHS = {
    {"bare bus", null},
    {"bus+codec", null},
    {"ours mem", "mem"},
    {"ours seg", "seg"},
    {"ours rocks", "rocks"},
    {"seg fsync", "seg-sync"},
    {"rocks fsync", "rocks-sync"},
    {"socket", null}
  };

  /**
   * One measurement.
   *
   * @param batches batches acked
   * @param frames frames in them
   * @param bytes JPEG bytes in them
   * @param seconds wall time
   */
  record Rate(long batches, long frames, long bytes, double seconds) {
    double mbps() {
      return bytes / seconds / 1e6;
    }

    double fps() {
      return frames / seconds;
    }
  }

  private final PrintWriter out;
  private final double seconds;
  private final int inFlight;
  private final boolean targetOnly;
  private final int targetPairs;
  private final List<byte[]> jpegs = new ArrayList<>();
  private final List<SourceFrame> annotated = new ArrayList<>();
  private final AtomicLong incarnation = new AtomicLong(System.currentTimeMillis());
  private final Map<Integer, List<Double>> pairRatios = new LinkedHashMap<>();
  private final Map<Integer, List<CpuUse>> pairCpu = new LinkedHashMap<>();

  /**
   * Cores each JVM kept busy during one point of a pair (process CPU time over wall time) and the
   * point's MB/s, for ours and for the bare bus.
   */
  record CpuUse(
      double oursTerminal,
      double oursEdge,
      double oursMbps,
      double bareTerminal,
      double bareEdge,
      double bareMbps) {}

  /** Process CPU nanoseconds of the terminal's JVM (this one) and the edge's, and the wall time. */
  private record CpuMark(long terminal, long edge, long wall) {
    static CpuMark take(Vertx vertx) throws Exception {
      long[] cpu = await(ProcessCpu.sample(vertx, List.of(IngestRig.NODE)));
      return new CpuMark(cpu[0], cpu[1], System.nanoTime());
    }

    double[] coresUntil(CpuMark end) {
      double span = end.wall - wall;
      return new double[] {(end.terminal - terminal) / span, (end.edge - edge) / span};
    }
  }

  private int done;
  private int total;
  private long started;

  private IngestBench(
      PrintWriter out, double seconds, int inFlight, boolean targetOnly, int targetPairs) {
    this.out = out;
    this.seconds = seconds;
    this.inFlight = inFlight;
    this.targetOnly = targetOnly;
    this.targetPairs = targetPairs;
  }

  /**
   * Runs the whole bench and prints its tables.
   *
   * @param out where the tables go
   * @param data the shared data directory (for the sample videos)
   * @param seconds measured time per point
   * @param inFlight chunks in flight on every path
   * @param targetOnly only the two JVMs' warm-up and the alternating pairs judging the target
   * @param targetPairs alternating pairs per batch size judging the target
   */
  public static void run(
      PrintWriter out, Path data, double seconds, int inFlight, boolean targetOnly, int targetPairs)
      throws Exception {
    new IngestBench(out, seconds, inFlight, targetOnly, targetPairs).all(data);
  }

  private void all(Path data) throws Exception {
    try (SyntheticSource s =
        new SyntheticSource(1, IngestRig.WIDTH, IngestRig.HEIGHT, 10, 0.7, List.of(), 0)) {
      for (int i = 0; i < 200; i++) {
        SourceFrame f = s.next();
        if (i % 10 == 0) {
          jpegs.add(f.jpeg());
        }
        if (!f.annotations().isEmpty()) {
          annotated.add(f);
        }
      }
    }
    double mean = jpegs.stream().mapToInt(b -> b.length).average().orElse(1);
    int withSync = (int) java.util.Arrays.stream(BATCH_KB).filter(kb -> kb >= 256).count();
    total =
        (targetOnly ? 0 : 2 * (BATCH_KB.length * (PATHS.length - 2) + 2 * withSync))
            + 2 * targetPairs * withSync;
    started = System.nanoTime();
    out.printf(
        "divs bench ingest: %dx%d JPEG frames (synthetic scene, mean %.1f KB), no annotations,"
            + " %d in flight, %.1f s per point, %d cores%n",
        IngestRig.WIDTH,
        IngestRig.HEIGHT,
        mean / 1024,
        inFlight,
        seconds,
        Runtime.getRuntime().availableProcessors());
    out.flush();
    Path root = Files.createTempDirectory("divs-bench-ingest");
    Map<String, Map<Integer, Rate>> local = null;
    Map<String, Map<Integer, Rate>> cluster;
    try {
      if (!targetOnly) {
        local = oneJvm(root.resolve("local"));
      }
      cluster = twoJvms(root.resolve("cluster"));
    } finally {
      Folders.deleteTree(root);
    }
    if (!targetOnly) {
      table("one JVM", local);
      table("two JVMs (clustered, loopback)", cluster);
    }
    pairRatios.forEach(
        (kb, ratios) -> {
          double median = median(ratios.stream().mapToDouble(Double::doubleValue));
          out.printf(
              "target: clustered ours seg (no fsync) >= %.0f%% of the bare bus at %d KB, median of"
                  + " %d alternating pairs: %.0f%% %s (pairs: %s)%n",
              TARGET * 100,
              kb,
              ratios.size(),
              median * 100,
              median >= TARGET ? "met" : "NOT met",
              ratios.stream()
                  .map(r -> String.format("%.0f%%", r * 100))
                  .collect(Collectors.joining(", ")));
        });
    pairCpu.forEach(
        (kb, uses) -> {
          out.printf(
              "  CPU at %d KB, median of the pairs (cores busy over each point, warm-up and drain"
                  + " included; ms of CPU per MB moved):%n",
              kb);
          cpuLine("ours seg", uses, CpuUse::oursTerminal, CpuUse::oursEdge, CpuUse::oursMbps);
          cpuLine("bare bus", uses, CpuUse::bareTerminal, CpuUse::bareEdge, CpuUse::bareMbps);
        });
    if (targetOnly) {
      out.flush();
      return;
    }
    for (int kb : BATCH_KB) {
      if (kb >= 256) {
        double bare = cluster.get("bare bus").get(kb).mbps();
        for (String ours : new String[] {"ours seg", "ours rocks"}) {
          double r = cluster.get(ours).get(kb).mbps() / bare;
          out.printf(
              "  the table's single points, clustered %s (no fsync) at %d KB: %.0f%% of the bare bus"
                  + " (target %.0f%%)%n",
              ours, kb, r * 100, TARGET * 100);
        }
      }
    }
    out.println();
    crops();
    out.println();
    VideoBench.cameras(out, data.resolve("video"));
    out.flush();
  }

  private Map<String, Map<Integer, Rate>> oneJvm(Path root) throws Exception {
    Vertx vertx = VertxFactory.local();
    try (IngestRig.SocketServer socket = new IngestRig.SocketServer()) {
      await(IngestRig.deploy(vertx, IngestRig.city(root)));
      return measureAll("one JVM", vertx, socket.port());
    } finally {
      await(vertx.close());
    }
  }

  private Map<String, Map<Integer, Rate>> twoJvms(Path root) throws Exception {
    List<Integer> ports = ClusterSettings.freePorts(2);
    String name = "divs-bench-" + UUID.randomUUID();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g"));
    for (String open :
        List.of(
            "java.base/java.lang",
            "java.base/sun.nio.ch",
            "java.management/sun.management",
            "jdk.management/com.sun.management.internal")) {
      cmd.add("--add-opens");
      cmd.add(open + "=ALL-UNNAMED");
    }
    cmd.addAll(
        List.of(
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            IngestBenchNode.class.getName(),
            name,
            Integer.toString(ports.get(1)),
            Integer.toString(ports.get(0)),
            root.toString()));
    Path log = Files.createTempFile("divs-bench-node", ".log");
    Process child =
        new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
    Vertx vertx = null;
    try {
      List<String> members = List.of("127.0.0.1:" + ports.get(0), "127.0.0.1:" + ports.get(1));
      vertx = await(VertxFactory.clustered(ClusterSettings.loopback(name, ports.get(0), members)));
      BufferedReader r =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = r.readLine();
        if (line == null) {
          throw new IllegalStateException("the bench's child JVM ended; its log: " + log);
        }
      } while (!line.startsWith("READY "));
      int socketPort = Integer.parseInt(line.substring(6).strip());
      // the cloud's console, which every city has, listens to the edge's events (one per chunk
      // served); with no listener anywhere, each publish asked Hazelcast for the address's
      // subscribers, as Vert.x keeps only lookups that found some
      await(vertx.eventBus().consumer(Addresses.CONSOLE_EVENTS, m -> {}).completion());
      ping(vertx);
      Map<String, Map<Integer, Rate>> rates =
          targetOnly ? warmUp("two JVMs", vertx) : measureAll("two JVMs", vertx, socketPort);
      alternate(vertx);
      return rates;
    } finally {
      child.getOutputStream().close();
      child.waitFor(10, TimeUnit.SECONDS);
      child.destroyForcibly();
      if (vertx != null) {
        await(vertx.close());
      }
      Files.deleteIfExists(log);
    }
  }

  /** Waits until the child's units answer (the first remote request after a join is slow). */
  private static void ping(Vertx vertx) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        await(
            vertx
                .eventBus()
                .request(
                    Addresses.nodePing(IngestRig.NODE),
                    "ping",
                    new DeliveryOptions().setSendTimeout(2000)));
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the bench's child JVM never answered", e);
        }
      }
    }
  }

  /**
   * Untimed passes of ours and the bus at 256 KB, and of ours with segment files and the bus at 1
   * MB: {@link #WARMUP_PASSES}, then more until the JIT of both JVMs has gone quiet ({@link
   * ProcessCpu#JIT_QUIET}, at most {@link #MAX_WARMUP_PASSES}); returns the empty rates of every
   * path.
   */
  private Map<String, Map<Integer, Rate>> warmUp(String scope, Vertx vertx) throws Exception {
    Map<String, Map<Integer, Rate>> rates = new LinkedHashMap<>();
    for (String[] p : PATHS) {
      rates.put(p[0], new LinkedHashMap<>());
    }
    int warmN = framesFor(256);
    long warmBytes = batchBytes(warmN);
    int bigN = framesFor(BATCH_KB[BATCH_KB.length - 1]);
    ProcessCpu.JitWatch jit = await(ProcessCpu.JitWatch.start(vertx, List.of(IngestRig.NODE)));
    for (int pass = 1; pass <= MAX_WARMUP_PASSES; pass++) {
      long t0 = System.nanoTime();
      ours(vertx, "mem", warmN);
      ours(vertx, "seg", warmN);
      bare(vertx, warmN, warmBytes, null);
      bare(vertx, warmN, warmBytes, batch("bench-mem", 0, 0, warmN));
      // the target's largest batches too: their loops and allocations compile anew
      ours(vertx, "seg", bigN);
      bare(vertx, bigN, batchBytes(bigN), null);
      double ms = (System.nanoTime() - t0) / 1e6;
      double busy = await(jit.pass(ms));
      out.printf(
          "  %s: warm-up pass %d (ours and the bus at 256 KB and 1 MB, untimed), %.1f s; JIT"
              + " compiling %.0f%% of it in the busier JVM (on until %.0f%%, %d passes at least, %d"
              + " at most)%n",
          scope,
          pass,
          ms / 1e3,
          100 * busy,
          100 * ProcessCpu.JIT_QUIET,
          WARMUP_PASSES,
          MAX_WARMUP_PASSES);
      out.flush();
      if (pass >= WARMUP_PASSES && jit.quietInARow() > 0) {
        break;
      }
    }
    return rates;
  }

  private Map<String, Map<Integer, Rate>> measureAll(String scope, Vertx vertx, int socketPort)
      throws Exception {
    Map<String, Map<Integer, Rate>> rates = warmUp(scope, vertx);
    for (int kb : BATCH_KB) {
      int n = framesFor(kb);
      long bytes = batchBytes(n);
      for (String[] p : PATHS) {
        if (p[1] != null && (!p[1].endsWith("-sync") || kb >= 256)) {
          rates.get(p[0]).put(kb, progress(scope, kb, p[0], ours(vertx, p[1], n)));
        }
      }
      rates.get("bare bus").put(kb, progress(scope, kb, "bare bus", bare(vertx, n, bytes, null)));
      FrameBatch b = batch("bench-mem", 0, 0, n);
      rates.get("bus+codec").put(kb, progress(scope, kb, "bus+codec", bare(vertx, n, bytes, b)));
      rates.get("socket").put(kb, progress(scope, kb, "socket", socket(socketPort, n, bytes)));
    }
    return rates;
  }

  /** The target's pairs: ours with segment files, then the bare bus, {@code targetPairs} times. */
  private void alternate(Vertx vertx) throws Exception {
    for (int kb : BATCH_KB) {
      if (kb < 256) {
        continue;
      }
      int n = framesFor(kb);
      long bytes = batchBytes(n);
      List<Double> ratios = new ArrayList<>();
      List<CpuUse> cpu = new ArrayList<>();
      for (int pair = 0; pair < targetPairs; pair++) {
        CpuMark m0 = CpuMark.take(vertx);
        Rate ours = progress("two JVMs", kb, "pair: seg", ours(vertx, "seg", n));
        CpuMark m1 = CpuMark.take(vertx);
        Rate bare = progress("two JVMs", kb, "pair: bare", bare(vertx, n, bytes, null));
        CpuMark m2 = CpuMark.take(vertx);
        ratios.add(ours.mbps() / bare.mbps());
        double[] o = m0.coresUntil(m1);
        double[] b = m1.coresUntil(m2);
        cpu.add(new CpuUse(o[0], o[1], ours.mbps(), b[0], b[1], bare.mbps()));
      }
      pairRatios.put(kb, ratios);
      pairCpu.put(kb, cpu);
    }
  }

  /** One path's line of the CPU table: the median cores of each JVM and its CPU per MB. */
  private void cpuLine(
      String path,
      List<CpuUse> uses,
      ToDoubleFunction<CpuUse> terminal,
      ToDoubleFunction<CpuUse> edge,
      ToDoubleFunction<CpuUse> mbps) {
    double t = median(uses.stream().mapToDouble(terminal));
    double e = median(uses.stream().mapToDouble(edge));
    double mb = median(uses.stream().mapToDouble(mbps));
    out.printf(
        "    %-8s terminal JVM %.2f + edge JVM %.2f = %.2f of %d cores; per MB: terminal %.2f ms,"
            + " edge %.2f ms%n",
        path, t, e, t + e, Runtime.getRuntime().availableProcessors(), t / mb * 1e3, e / mb * 1e3);
  }

  /** The middle value (the upper one of an even count). */
  private static double median(DoubleStream values) {
    double[] v = values.sorted().toArray();
    return v[v.length / 2];
  }

  private Rate progress(String scope, int kb, String path, Rate r) {
    done++;
    double elapsed = (System.nanoTime() - started) / 1e9;
    double left = elapsed / done * (total - done);
    out.printf(
        "  [%d/%d] %-9s %5d KB %-11s %8.1f MB/s %8.0f frames/s   (%.0f s elapsed, ~%.0f s left)%n",
        done, total, scope, kb, path, r.mbps(), r.fps(), elapsed, left);
    out.flush();
    return r;
  }

  private int framesFor(int kb) {
    double mean = jpegs.stream().mapToInt(b -> b.length).average().orElse(1);
    return (int) Math.max(1, Math.round(kb * 1024 / mean));
  }

  private long batchBytes(int n) {
    long b = 0;
    for (int i = 0; i < n; i++) {
      b += jpegs.get(i % jpegs.size()).length;
    }
    return b;
  }

  /** Batches of {@code n} frames through a {@link BatchSender} to {@code street-<kind>}. */
  private Rate ours(Vertx vertx, String kind, int n) throws Exception {
    long inc = incarnation.incrementAndGet();
    String terminal = "bench-" + kind;
    Context ctx = vertx.getOrCreateContext();
    Promise<Rate> result = Promise.promise();
    double secs = kind.endsWith("-sync") ? Math.max(1, seconds / 2) : seconds;
    ctx.runOnContext(
        v -> {
          long[] seq = {0};
          long t0 = System.nanoTime();
          long end = t0 + (long) ((secs + 0.3) * 1e9);
          long warm = t0 + (long) (0.3 * 1e9);
          long[] mark = {-1, 0}; // time, frames acked at the end of the warm-up
          BatchSender[] sender = new BatchSender[1];
          Runnable[] fill = new Runnable[1];
          fill[0] =
              () -> {
                long now = System.nanoTime();
                if (mark[0] < 0 && now >= warm) {
                  mark[0] = now;
                  mark[1] = sender[0].framesAcked();
                }
                if (now < end) {
                  while (sender[0].canAccept()) {
                    FrameBatch b = batch(terminal, inc, seq[0], n);
                    seq[0] += n;
                    sender[0].offer(b);
                  }
                } else if (sender[0].drained() && !result.future().isComplete()) {
                  long frames = sender[0].framesAcked() - mark[1];
                  double s = (System.nanoTime() - mark[0]) / 1e9;
                  result.complete(new Rate(frames / n, frames, (frames / n) * batchBytes(n), s));
                }
              };
          sender[0] =
              new BatchSender(
                  vertx,
                  Addresses.edgeFrames("street-" + kind),
                  new DeliveryWindow.Settings(
                      inFlight, inFlight, 30_000, 2, 60_000, DeliveryWindow.Policy.BLOCK),
                  () -> fill[0].run());
          fill[0].run();
          vertx.setPeriodic(
              50,
              id -> {
                if (result.future().isComplete()) {
                  vertx.cancelTimer(id);
                } else {
                  fill[0].run();
                }
              });
        });
    return await(result.future());
  }

  private FrameBatch batch(String terminal, long inc, long first, int n) {
    List<EncodedFrame> frames = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long s = first + i;
      frames.add(
          EncodedFrame.owning(
              s, s * 40, jpegs.get(i % jpegs.size()), List.of(), EncodedFrame.NO_COUNT, null));
    }
    return new FrameBatch(
        terminal, inc, first * 40, (first + n) * 40, IngestRig.WIDTH, IngestRig.HEIGHT, frames);
  }

  /**
   * Request/reply to the bare echo consumer, same number in flight: buffers of {@code bytes}, or
   * {@code batch} itself (our codec without the edge's work).
   */
  private Rate bare(Vertx vertx, int n, long bytes, FrameBatch batch) throws Exception {
    Object payload = batch != null ? batch : Buffer.buffer(new byte[(int) bytes]);
    Context ctx = vertx.getOrCreateContext();
    Promise<Rate> result = Promise.promise();
    ctx.runOnContext(
        v -> {
          long t0 = System.nanoTime();
          long warm = t0 + (long) (0.3 * 1e9);
          long end = warm + (long) (seconds * 1e9);
          long[] count = {0, 0}; // replies after warm-up, in flight
          long[] mark = {-1};
          Runnable[] send = new Runnable[1];
          send[0] =
              () -> {
                while (count[1] < inFlight && System.nanoTime() < end) {
                  count[1]++;
                  vertx
                      .eventBus()
                      .request(Addresses.echo(IngestRig.NODE), payload)
                      .onComplete(
                          ar -> {
                            count[1]--;
                            long now = System.nanoTime();
                            if (mark[0] < 0 && now >= warm) {
                              mark[0] = now;
                            } else if (mark[0] >= 0 && ar.succeeded()) {
                              count[0]++;
                            }
                            if (now >= end && count[1] == 0) {
                              double s = (now - mark[0]) / 1e9;
                              result.tryComplete(
                                  new Rate(count[0], count[0] * n, count[0] * bytes, s));
                            }
                            send[0].run();
                          });
                }
              };
          send[0].run();
        });
    return await(result.future());
  }

  /** The same messages over a plain loopback socket, the same number unanswered at most. */
  private Rate socket(int port, int n, long bytes) throws Exception {
    byte[] payload = new byte[(int) bytes];
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setTcpNoDelay(true);
      DataOutputStream o = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      Semaphore window = new Semaphore(inFlight);
      long warm = System.nanoTime() + (long) (0.3 * 1e9);
      long end = warm + (long) (seconds * 1e9);
      AtomicLong sent = new AtomicLong();
      Thread writer =
          new Thread(
              () -> {
                try {
                  while (System.nanoTime() < end) {
                    window.acquire();
                    o.writeInt(payload.length);
                    o.write(payload);
                    o.flush();
                    sent.incrementAndGet();
                  }
                } catch (IOException | InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "bench-socket-writer");
      writer.start();
      long acked = 0;
      long counted = 0;
      long mark = -1;
      while (true) {
        if (acked == sent.get()) {
          if (!writer.isAlive() && acked == sent.get()) {
            break;
          }
          writer.join(1); // nothing in flight: wait for the writer to send or end
          continue;
        }
        if (in.read() < 0) {
          break;
        }
        acked++;
        window.release();
        long now = System.nanoTime();
        if (mark < 0 && now >= warm) {
          mark = now;
        } else if (mark >= 0) {
          counted++;
        }
      }
      writer.join();
      double secs = (System.nanoTime() - mark) / 1e9;
      return new Rate(counted, counted * n, counted * bytes, secs);
    }
  }

  private void table(String scope, Map<String, Map<Integer, Rate>> rates) {
    out.println();
    out.println(scope + ": MB/s (frames/s); the last columns divide by the bare bus");
    out.printf("%8s %6s", "batch", "frames");
    for (String[] p : PATHS) {
      out.printf(" %18s", p[0]);
    }
    out.printf(" %9s %10s %11s%n", "seg/bare", "rocks/bare", "socket/bare");
    for (int kb : BATCH_KB) {
      out.printf("%5d KB %6d", kb, framesFor(kb));
      for (String[] p : PATHS) {
        Rate r = rates.get(p[0]).get(kb);
        out.printf(" %18s", r == null ? "-" : String.format("%6.1f (%6.0f/s)", r.mbps(), r.fps()));
      }
      double bare = rates.get("bare bus").get(kb).mbps();
      out.printf(
          " %8.2fx %9.2fx %10.2fx%n",
          rates.get("ours seg").get(kb).mbps() / bare,
          rates.get("ours rocks").get(kb).mbps() / bare,
          rates.get("socket").get(kb).mbps() / bare);
    }
  }

  /** Crops/s of the edge's crop worker on one thread: decode each frame once, cut its boxes. */
  private void crops() {
    org.divs.config.TaskSpec cnn =
        new org.divs.config.TaskSpec(
            "cnn",
            org.divs.config.TaskSpec.Model.CNN,
            0.001,
            List.of("bike", "car", "juggernaut", "minibus", "pickup", "truck"),
            12,
            12,
            100);
    org.divs.train.CropStore store = new org.divs.train.CropStore(100_000, 3 * 64 * 64);
    org.divs.node.CropCutter cutter =
        new org.divs.node.CropCutter(
            List.of(cnn), Map.of("cnn", store), new org.divs.train.LiveCrops(16));
    List<EncodedFrame> frames = new ArrayList<>();
    long boxes = 0;
    for (int i = 0; i < annotated.size(); i++) {
      SourceFrame f = annotated.get(i);
      frames.add(new EncodedFrame(i, f.timeMs(), f.jpeg(), f.annotations()));
      boxes += f.annotations().size();
    }
    cutter.cut("bench", 0, true, frames); // warm-up
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    int passes = 0;
    do {
      cutter.cut("bench", 0, true, frames);
      passes++;
    } while (System.nanoTime() - t0 < seconds * 1e9);
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
    out.printf(
        "crop worker (one thread): %dx%d frames with %.1f boxes each: %.0f crops/s wall, %.0f crops"
            + " per CPU-second (%.0f frames decoded per CPU-second)%n",
        IngestRig.WIDTH,
        IngestRig.HEIGHT,
        (double) boxes / frames.size(),
        passes * boxes / wall,
        passes * boxes / cpu,
        passes * frames.size() / cpu);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
