package org.divs.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
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

  /** The process CPU time of the JVM of {@code node}, asked over the bus. */
  static Future<Long> of(Vertx vertx, String node) {
    return vertx.eventBus().<Long>request(Addresses.benchCpu(node), "cpu").map(m -> m.body());
  }
}
