package org.divs.experiment;

import java.io.PrintWriter;
import java.util.Locale;

/** Progress lines of a long run: done of total, rate, elapsed and time left. */
final class Progress {
  private final PrintWriter out;
  private final String label;
  private final long total;
  private final long start = System.nanoTime();

  Progress(PrintWriter out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = total;
  }

  /** Prints one line after {@code done} of the total units, with {@code samples} trained so far. */
  void report(long done, long samples, String extra) {
    double s = (System.nanoTime() - start) / 1e9;
    double left = done == 0 ? Double.NaN : s / done * (total - done);
    out.printf(
        Locale.ROOT,
        "  %s %d/%d, %.0f samples/s, %.0f s elapsed, ~%.0f s left%s%n",
        label,
        done,
        total,
        samples / Math.max(s, 1e-9),
        s,
        left,
        extra.isEmpty() ? "" : ", " + extra);
    out.flush();
  }

  /** Seconds since this progress started. */
  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
