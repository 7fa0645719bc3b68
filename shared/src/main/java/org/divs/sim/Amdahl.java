package org.divs.sim;

/**
 * Amdahl's law: a job whose share {@code parallel} of the work spreads over threads runs {@code 1 /
 * ((1 - p) + p / n)} times faster on {@code n} threads than on one.
 *
 * @param parallel p, the parallel share of the work, in [0, 1]
 */
public record Amdahl(double parallel) {
  /** A job that does not speed up at all. */
  public static final Amdahl SERIAL = new Amdahl(0);

  /** Checks the share. */
  public Amdahl {
    if (!(parallel >= 0 && parallel <= 1)) {
      throw new IllegalArgumentException("parallel share must lie in [0, 1], got " + parallel);
    }
  }

  /**
   * The law that gives {@code speedup} on 2 threads: p = 2 (1 - 1 / s), clamped to [0, 1] (a
   * measured speed-up below 1 counts as none, above 2 as perfect).
   */
  public static Amdahl fromTwoThreadSpeedup(double speedup) {
    if (!(speedup > 0) || Double.isInfinite(speedup)) {
      throw new IllegalArgumentException("speed-up must be positive and finite, got " + speedup);
    }
    return new Amdahl(Math.max(0, Math.min(1, 2 * (1 - 1 / speedup))));
  }

  /** How many times faster {@code threads} threads run than one. */
  public double speedup(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    return 1 / ((1 - parallel) + parallel / threads);
  }
}
