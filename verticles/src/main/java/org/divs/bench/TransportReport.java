package org.divs.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.divs.sync.WeightEncoding;

/**
 * The results of {@code divs bench round-transport}: each path's hop times over the measured
 * rounds, their medians side by side, and the ratios of issue 7 with their targets.
 */
final class TransportReport {
  /** Target: our float32 round at most this times the bare path's. */
  static final double F32_TARGET = 1.5;

  /** Target: our float16 round at most this times our float32 round. */
  static final double F16_TARGET = 0.7;

  /** Target: our int8 round at most this times our float32 round. */
  static final double I8_TARGET = 0.5;

  /** A path: ours (the production records, codecs, compressors, merge) or bare buffers. */
  record Path(boolean bare, WeightEncoding encoding) {
    String label() {
      return (bare ? "bare " : "ours ") + encoding.configName();
    }
  }

  private final Map<Path, List<HopTimes>> rounds = new LinkedHashMap<>();
  private final Map<WeightEncoding, Integer> payloadBytes = new EnumMap<>(WeightEncoding.class);

  /** A report for weight payloads of {@code payloadBytes} per encoding (deltas; float32 full). */
  TransportReport(Map<WeightEncoding, Integer> payloadBytes) {
    this.payloadBytes.putAll(payloadBytes);
  }

  /** Every path in the order a round runs them: per encoding, bare then ours. */
  static List<Path> paths() {
    List<Path> out = new ArrayList<>();
    for (WeightEncoding e : WeightEncoding.values()) {
      out.add(new Path(true, e));
      out.add(new Path(false, e));
    }
    return out;
  }

  /** Adds one measured round of {@code path}. */
  void add(Path path, HopTimes times) {
    rounds.computeIfAbsent(path, k -> new ArrayList<>()).add(times);
  }

  /** The median of hop {@code hop} ({@link HopTimes#NAMES} index) of {@code path}, in ms. */
  double median(Path path, int hop) {
    List<HopTimes> list = rounds.getOrDefault(path, List.of());
    if (list.isEmpty()) {
      return Double.NaN;
    }
    double[] v = list.stream().mapToDouble(t -> t.values()[hop]).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /**
   * Median of {@code a} over median of {@code b}, per hop; NaN where b's median is under 0.05 ms.
   */
  double[] ratios(Path a, Path b) {
    double[] out = new double[HopTimes.NAMES.length];
    for (int h = 0; h < out.length; h++) {
      double den = median(b, h);
      out[h] = den < 0.05 ? Double.NaN : median(a, h) / den;
    }
    return out;
  }

  /** Prints the medians table and the three ratios with their targets. */
  void print(PrintWriter out) {
    int f32 = payloadBytes.get(WeightEncoding.F32);
    out.printf(
        "%-13s %8s %8s %8s | %7s %9s %8s %9s %7s | %6s%n",
        "median ms",
        "down MB",
        "leaf MB",
        "part. MB",
        "down",
        "leaf->agg",
        "agg->top",
        "top merge",
        "round",
        "codec");
    for (Path p : paths()) {
      int bytes = payloadBytes.get(p.encoding());
      double[] m = medians(p);
      out.printf(
          Locale.ROOT,
          "%-13s %8.2f %8.2f %8.2f | %7.1f %9.1f %8.1f %9.1f %7.1f | %6.1f%n",
          p.label(),
          bytes / 1e6,
          bytes / 1e6,
          f32 / 1e6,
          m[0],
          m[1],
          m[2],
          m[3],
          m[4],
          m[5]);
    }
    out.println(
        "codec: the top's encoding of W(i) plus the slowest street edge's decoding and encoding,"
            + " part of the hops before it");
    Path oursF32 = new Path(false, WeightEncoding.F32);
    Path bareF32 = new Path(true, WeightEncoding.F32);
    ratioLine(out, oursF32, bareF32, "<", F32_TARGET);
    ratioLine(out, new Path(false, WeightEncoding.F16), oursF32, "<=", F16_TARGET);
    ratioLine(out, new Path(false, WeightEncoding.I8), oursF32, "<=", I8_TARGET);
    out.printf(
        Locale.ROOT,
        "bytes alone, the bare path: bare float16 / bare float32 %.2f, bare int8 / bare float32"
            + " %.2f%n",
        ratios(new Path(true, WeightEncoding.F16), bareF32)[HopTimes.ROUND],
        ratios(new Path(true, WeightEncoding.I8), bareF32)[HopTimes.ROUND]);
    out.flush();
  }

  private void ratioLine(PrintWriter out, Path a, Path b, String op, double target) {
    double[] r = ratios(a, b);
    StringBuilder hops = new StringBuilder();
    for (int h = 0; h < HopTimes.ROUND; h++) {
      hops.append(hops.length() == 0 ? "" : ", ")
          .append(HopTimes.NAMES[h])
          .append(' ')
          .append(Double.isNaN(r[h]) ? "-" : String.format(Locale.ROOT, "%.2f", r[h]));
    }
    double round = r[HopTimes.ROUND];
    boolean met = op.equals("<") ? round < target : round <= target;
    out.printf(
        Locale.ROOT,
        "%s / %s: round %.2f (target %s %.1f): %s; per hop: %s%n",
        a.label(),
        b.label(),
        round,
        op,
        target,
        met ? "met" : "MISSED",
        hops);
  }

  /** The medians of every hop of {@code path}, in {@link HopTimes#NAMES} order. */
  double[] medians(Path path) {
    double[] out = new double[HopTimes.NAMES.length];
    Arrays.setAll(out, h -> median(path, h));
    return out;
  }
}
