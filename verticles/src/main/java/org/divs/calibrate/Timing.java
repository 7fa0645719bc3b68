package org.divs.calibrate;

/**
 * Timing on a machine shared with other work: a figure is the least mean over several short
 * stretches, since other processes only ever make a stretch slower. The number of stretches and
 * their length are fixed here.
 */
public final class Timing {
  /** Stretches per figure. */
  static final int STRETCHES = 12;

  /** Least length of one stretch. */
  static final long STRETCH_NANOS = 250_000_000L;

  /** Least calls per stretch. */
  static final int MIN_CALLS = 2;

  private Timing() {}

  /** Seconds per unit of {@code call}, which handles {@code units} units (samples, bytes...). */
  static double best(Runnable call, double units) {
    double best = Double.MAX_VALUE;
    for (int s = 0; s < STRETCHES; s++) {
      long start = System.nanoTime();
      long calls = 0;
      do {
        call.run();
        calls++;
      } while (calls < MIN_CALLS || System.nanoTime() - start < STRETCH_NANOS);
      best = Math.min(best, (System.nanoTime() - start) / 1e9 / (calls * units));
    }
    return best;
  }

  /** The machine's 1, 5 and 15 minute load averages, or "unknown". */
  public static String loadAverage() {
    try {
      String[] f =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
