package org.divs.experiments;

import java.io.PrintWriter;

/** Progress of a long run on the command line: done of total, rate and time left. */
public final class Progress {
  private final PrintWriter out;
  private final int total;
  private final String unit;
  private final long start = System.nanoTime();
  private int done;

  /**
   * @param out where to print
   * @param total steps in all
   * @param unit what a step is, plural (e.g. "runs")
   */
  public Progress(PrintWriter out, int total, String unit) {
    this.out = out;
    this.total = total;
    this.unit = unit;
  }

  /** Announces the next step. */
  public void starting(String label) {
    out.printf("[%d/%d] %s ...%n", done + 1, total, label);
    out.flush();
  }

  /** Records a finished step and prints the rate and time left. */
  public void done(String label) {
    done++;
    double elapsed = (System.nanoTime() - start) / 1e9;
    double perStep = elapsed / done;
    out.printf(
        "[%d/%d] %s; %.1f s elapsed, %.2f %s/s, ~%.0f s left%n",
        done,
        total,
        label,
        elapsed,
        done / Math.max(elapsed, 1e-9),
        unit,
        perStep * (total - done));
    out.flush();
  }
}
