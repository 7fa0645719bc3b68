package org.divs.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.divs.bus.Addresses;

/**
 * The process CPU time of a benchmark's JVM, for the benchmarks that put the CPU each JVM used
 * beside their timings: every JVM answers its own on {@link Addresses#benchCpu}.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** This JVM's process CPU time so far (all threads, user and system), in nanoseconds. */
  static long nanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Answers requests on {@code Addresses.benchCpu(node)} with {@link #nanos()}. */
  static Future<Void> answer(Vertx vertx, String node) {
    return vertx
        .eventBus()
        .<String>consumer(Addresses.benchCpu(node), m -> m.reply(nanos()))
        .completion();
  }

  /**
   * This JVM's process CPU time, then that of the JVM of each of {@code nodes} (asked over the bus,
   * all at once), in nanoseconds.
   */
  static Future<long[]> sample(Vertx vertx, List<String> nodes) {
    long local = nanos();
    List<Future<Long>> remote =
        nodes.stream()
            .map(
                n ->
                    vertx.eventBus().<Long>request(Addresses.benchCpu(n), "cpu").map(m -> m.body()))
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
