package org.divs.experiment;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.divs.flow.ForecastMetrics;
import org.divs.model.Evaluation;

/** The tables {@code divs eval} and the experiments print. */
public final class Reports {
  private Reports() {}

  /**
   * Prints top-1 accuracy, per-class recall and the confusion matrix of a classifier.
   *
   * @param out where to print
   * @param e the evaluation
   * @param classes class names in output order
   */
  public static void classifier(PrintWriter out, Evaluation e, List<String> classes) {
    out.printf(
        Locale.ROOT, "top-1 accuracy %.4f (%d of %d)%n", e.accuracy(), e.correct(), e.samples());
    int[][] m = e.confusion();
    out.print("recall:");
    for (int c = 0; c < classes.size(); c++) {
      int row = 0;
      for (int v : m[c]) {
        row += v;
      }
      out.printf(
          Locale.ROOT, " %s %s", classes.get(c), row == 0 ? "n/a" : fmt((double) m[c][c] / row));
    }
    out.println();
    out.printf("confusion (rows actual, columns predicted):%n%12s", "");
    for (String c : classes) {
      out.printf(" %10s", c);
    }
    out.println();
    for (int a = 0; a < classes.size(); a++) {
      out.printf("%12s", classes.get(a));
      for (int p = 0; p < classes.size(); p++) {
        out.printf(" %10d", m[a][p]);
      }
      out.println();
    }
    out.flush();
  }

  /**
   * Prints MAE, RMSE and MAPE at h = 1, h = H and over 1..H, one row per forecaster.
   *
   * @param out where to print
   * @param names the forecasters' names
   * @param metrics their metrics, in the same order, all of the same horizon
   */
  public static void forecasts(PrintWriter out, List<String> names, List<ForecastMetrics> metrics) {
    int h = metrics.get(0).horizon();
    out.printf(
        Locale.ROOT,
        "%-22s %8s %8s %8s %8s %8s %8s %8s %8s %8s%n",
        "forecaster (" + metrics.get(0).samples() + " samples)",
        "MAE h1",
        "MAE h" + h,
        "MAE mean",
        "RMSE h1",
        "RMSE h" + h,
        "RMSE mean",
        "MAPE h1",
        "MAPE h" + h,
        "MAPE mean");
    for (int i = 0; i < names.size(); i++) {
      ForecastMetrics m = metrics.get(i);
      out.printf(
          Locale.ROOT,
          "%-22s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %7.1f%% %7.1f%% %7.1f%%%n",
          names.get(i),
          m.mae(1),
          m.mae(h),
          m.meanMae(),
          m.rmse(1),
          m.rmse(h),
          m.meanRmse(),
          m.mape(1),
          m.mape(h),
          m.meanMape());
    }
    out.flush();
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** The mean of the values. */
  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** "mean±sd" (sample standard deviation; 0 for one value), 3 decimals. */
  static String meanSd(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    double sd = v.length < 2 ? 0 : Math.sqrt(ss / (v.length - 1));
    return String.format(Locale.ROOT, "%.3f±%.3f", m, sd);
  }
}
