package org.divs.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.divs.bus.Addresses;

/**
 * The process CPU time and JIT compile time of a benchmark's JVM, for the benchmarks that put the
 * CPU each JVM used beside their timings and warm up until every JVM's JIT is quiet: every JVM
 * answers its own on {@link Addresses#benchCpu}.
 */
final class ProcessCpu {
  private static final String JIT = "jit";

  /**
   * A benchmark's warm-up goes on until the JIT compiled for less than this share of a pass's wall
   * time in every JVM: before that, per-call methods can still run in C1's profiling tier, and C2
   * compiling them takes cores from the first measured points.
   */
  static final double JIT_QUIET = 0.05;

  private ProcessCpu() {}

  /** This JVM's process CPU time so far (all threads, user and system), in nanoseconds. */
  static long nanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Milliseconds this JVM's JIT compilers have spent compiling so far (0 if the JVM does not count
   * them).
   */
  static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  /**
   * Answers requests on {@code Addresses.benchCpu(node)}: {@code "jit"} with {@link #jitMillis()},
   * anything else with {@link #nanos()}.
   */
  static Future<Void> answer(Vertx vertx, String node) {
    return vertx
        .eventBus()
        .<String>consumer(
            Addresses.benchCpu(node), m -> m.reply(JIT.equals(m.body()) ? jitMillis() : nanos()))
        .completion();
  }

  /**
   * This JVM's process CPU time, then that of the JVM of each of {@code nodes} (asked over the bus,
   * all at once), in nanoseconds.
   */
  static Future<long[]> sample(Vertx vertx, List<String> nodes) {
    return ask(vertx, nodes, "cpu", nanos());
  }

  /**
   * The JIT of this JVM and of the JVMs of {@code nodes}, watched over a benchmark's warm-up: it
   * goes on until the JIT has (nearly) stopped, so its paths run compiled code when measured.
   */
  static final class JitWatch {
    private final Vertx vertx;
    private final List<String> nodes;
    private long[] last;
    private int quietInARow;

    private JitWatch(Vertx vertx, List<String> nodes, long[] first) {
      this.vertx = vertx;
      this.nodes = nodes;
      this.last = first;
    }

    /** Starts watching: every JVM's {@link #jitMillis()} now. */
    static Future<JitWatch> start(Vertx vertx, List<String> nodes) {
      return ask(vertx, nodes, JIT, jitMillis()).map(first -> new JitWatch(vertx, nodes, first));
    }

    /**
     * The largest share of {@code wallMs} (the pass just run) any JVM spent compiling since the
     * last call; a share under {@link #JIT_QUIET} counts to {@link #quietInARow()}.
     */
    Future<Double> pass(double wallMs) {
      return ask(vertx, nodes, JIT, jitMillis())
          .map(
              now -> {
                double busy = busiest(last, now, wallMs);
                last = now;
                quietInARow = busy < JIT_QUIET ? quietInARow + 1 : 0;
                return busy;
              });
    }

    /** Passes in a row, up to the last, in which no JVM's JIT compiled for {@link #JIT_QUIET}. */
    int quietInARow() {
      return quietInARow;
    }
  }

  /**
   * The largest share of {@code wallMs} any JVM spent compiling between two samples of every JVM's
   * {@link #jitMillis()}.
   */
  static double busiest(long[] before, long[] after, double wallMs) {
    long most = 0;
    for (int i = 0; i < before.length; i++) {
      most = Math.max(most, after[i] - before[i]);
    }
    return most / wallMs;
  }

  private static Future<long[]> ask(Vertx vertx, List<String> nodes, String what, long local) {
    List<Future<Long>> remote =
        nodes.stream()
            .map(
                n -> vertx.eventBus().<Long>request(Addresses.benchCpu(n), what).map(m -> m.body()))
            .toList();
    return Future.all(remote)
        .map(
            all -> {
              long[] out = new long[nodes.size() + 1];
              out[0] = local;
              for (int i = 0; i < remote.size(); i++) {
                out[i + 1] = remote.get(i).result();
              }
              return out;
            });
  }
}
