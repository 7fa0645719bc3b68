package org.divs.node;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * The trainer's clock for speed emulation: the CPU time of the calling thread (wall time where the
 * JVM cannot measure it), and the pause that stands in for slower hardware.
 */
final class StepClock {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported();

  private StepClock() {}

  /** This thread's CPU time in ns (wall time when the JVM does not measure thread CPU time). */
  static long cpuNanos() {
    return CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /**
   * Sleeps {@code nanos} on the calling worker thread: the emulated remainder of a step on slower
   * hardware. An interrupt ends the pause early and is kept for the caller.
   */
  static void pause(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
