package org.divs.calibrate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Timing on a machine shared with other work: a figure is the least mean over several short
 * stretches, since other processes only ever make a stretch slower. Each figure also records the
 * share of its cores the process had in that stretch (process CPU time over wall time x threads),
 * so a figure taken while others held the cores shows itself.
 */
public final class Timing {
  /** Least stretches per figure. */
  static final int STRETCHES = 12;

  /** Most stretches per figure, while too few had their cores. */
  static final int MAX_STRETCHES = 40;

  /** Stretches that must have had their cores (share at least {@link #CONTENDED}). */
  static final int UNCONTENDED = 3;

  /** Least length of one stretch. */
  static final long STRETCH_NANOS = 250_000_000L;

  /** Least calls per stretch. */
  static final int MIN_CALLS = 2;

  /** Below this share of its cores a figure is reported as contended. */
  public static final double CONTENDED = 0.8;

  /**
   * A timed figure.
   *
   * @param seconds seconds per unit in the best stretch
   * @param cpuShare process CPU time over wall time x threads in that stretch
   */
  record Figure(double seconds, double cpuShare) {}

  private Timing() {}

  /**
   * Seconds per unit of {@code call}, which handles {@code units} units, on {@code threads}: the
   * best of at least {@value #STRETCHES} stretches, more (up to {@value #MAX_STRETCHES}) until
   * {@value #UNCONTENDED} of them had their cores; the best of those when there are.
   */
  static Figure best(Runnable call, double units, int threads) {
    Figure best = null;
    Figure bestFree = null;
    int free = 0;
    for (int s = 0; s < MAX_STRETCHES && (s < STRETCHES || free < UNCONTENDED); s++) {
      long cpu = processCpuNanos();
      long start = System.nanoTime();
      long calls = 0;
      do {
        call.run();
        calls++;
      } while (calls < MIN_CALLS || System.nanoTime() - start < STRETCH_NANOS);
      long wall = System.nanoTime() - start;
      double seconds = wall / 1e9 / (calls * units);
      double share = cpu < 0 ? Double.NaN : (processCpuNanos() - cpu) / (double) wall / threads;
      Figure f = new Figure(seconds, share);
      if (best == null || seconds < best.seconds()) {
        best = f;
      }
      if (share >= CONTENDED) {
        free++;
        if (bestFree == null || seconds < bestFree.seconds()) {
          bestFree = f;
        }
      }
    }
    return bestFree != null ? bestFree : best;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The machine's 1, 5 and 15 minute load averages, or "unknown". */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
