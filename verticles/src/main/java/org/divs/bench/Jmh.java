package org.divs.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.divs.proc.NodeProcess;
import org.divs.sync.EncodedWeights;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the DIVS JMH benchmarks with short settings and prints a table with throughput and the
 * ratios the issues ask for. Behind {@code divs bench merge} and {@code divs bench codec}; also
 * {@code java -cp divs.jar org.divs.bench.Jmh [merge|codec|REGEX]...}.
 *
 * <p>Each benchmark runs in one forked JVM (same java, the classpath of this one, i.e. the fat JAR)
 * with 2 warmup and 3 measured iterations of 1 s: a fork keeps one benchmark's JIT profile out of
 * another's. Set the system property {@code divs.bench.forks=0} to run in this JVM instead.
 */
public final class Jmh {
  /** Target of issue 7: production merge time / plain loop time. */
  public static final double MERGE_TARGET = 1.2;

  private static final Map<String, Class<?>> NAMED = new LinkedHashMap<>();

  static {
    NAMED.put("merge", MergeBench.class);
    NAMED.put("codec", CodecBench.class);
  }

  private Jmh() {}

  /** The benchmark names {@link #regexFor} knows: {@code merge}, {@code codec}. */
  public static List<String> names() {
    return new ArrayList<>(NAMED.keySet());
  }

  /** The include regex of a benchmark name ({@code merge}, {@code codec}); others pass through. */
  public static String regexFor(String name) {
    Class<?> c = NAMED.get(name.toLowerCase(Locale.ROOT));
    return c == null ? name : "^" + c.getName().replace(".", "\\.") + "\\.";
  }

  /** Runs {@code java -cp divs.jar org.divs.bench.Jmh [merge|codec|REGEX]...} (default: all). */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    List<String> which = args.length == 0 ? names() : List.of(args);
    for (String name : which) {
      run(regexFor(name), out);
    }
  }

  /**
   * A fork's JVM options: a 1 GB heap, and the Vector API's module when this JVM has it (the weight
   * codec's vector kernels then run in the fork as here).
   */
  private static String[] forkOptions() {
    List<String> options = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
    options.addAll(NodeProcess.vectorModuleOptions());
    return options.toArray(String[]::new);
  }

  /**
   * Runs the benchmarks whose names match {@code includeRegex} and prints their table to {@code
   * out}.
   *
   * @throws IllegalStateException when JMH fails or a benchmark throws (the cause says why)
   */
  public static void run(String includeRegex, PrintWriter out) {
    int forks = Integer.getInteger("divs.bench.forks", 1);
    Options options =
        new OptionsBuilder()
            .include(includeRegex)
            .forks(forks)
            .jvmArgs(forkOptions())
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(1))
            .timeUnit(TimeUnit.MILLISECONDS)
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
    out.printf(
        "JMH %s, %s fork(s), warmup 2 x 1 s, measurement 3 x 1 s, %d cores, codec loops: %s%n",
        includeRegex, forks, Runtime.getRuntime().availableProcessors(), EncodedWeights.kernels());
    out.flush();
    Collection<RunResult> results;
    try {
      results = new Runner(options).run();
    } catch (RunnerException e) {
      throw new IllegalStateException(
          "benchmarks " + includeRegex + " failed: " + e.getMessage(), e);
    }
    if (results.isEmpty()) {
      throw new IllegalStateException("no benchmark matches " + includeRegex);
    }
    print(results, out);
  }

  /**
   * Prints the results table (mean and best iteration), then the ratios. On a busy machine the best
   * iteration is the steadier estimate of what the code costs, so the merge ratio is given for
   * both.
   */
  static void print(Collection<RunResult> results, PrintWriter out) {
    out.printf(
        "%-30s %10s %10s %10s %9s %10s%n",
        "benchmark", "ms/op", "± (99.9%)", "best ms", "GB/s in", "bytes/f32");
    Map<String, double[]> merge = new LinkedHashMap<>();
    for (RunResult r : results) {
      Result<?> primary = r.getPrimaryResult();
      String bench = r.getParams().getBenchmark();
      String method = bench.substring(bench.lastIndexOf('.') + 1);
      String cls = bench.substring(0, bench.lastIndexOf('.'));
      String unit = primary.getScoreUnit();
      double ms = toMillis(primary.getScore(), unit);
      double error = toMillis(primary.getScoreError(), unit);
      double best = toMillis(primary.getStatistics().getMin(), unit);
      String label = cls.substring(cls.lastIndexOf('.') + 1) + "." + method;
      long bytes = 0;
      String ratio = "";
      if (cls.equals(MergeBench.class.getName())) {
        bytes = MergeBench.INPUT_BYTES;
        merge.put(method, new double[] {ms, best});
      } else if (cls.equals(CodecBench.class.getName())) {
        String encoding = r.getParams().getParam("encoding");
        label += " " + encoding;
        bytes = CodecBench.INPUT_BYTES;
        ratio = String.format(Locale.ROOT, "%.4f", CodecBench.bytesRatio(encoding));
      }
      String gbs = bytes == 0 ? "" : String.format(Locale.ROOT, "%.2f", bytes / (ms * 1e6));
      out.printf(
          Locale.ROOT, "%-30s %10.3f %10.3f %10.3f %9s %10s%n", label, ms, error, best, gbs, ratio);
    }
    double[] production = merge.get("production");
    if (production != null) {
      for (String plain : List.of("plainLoop", "plainLoopBySet")) {
        double[] p = merge.get(plain);
        if (p != null) {
          out.printf(
              Locale.ROOT,
              "merge: production / %s = %.2f (mean), %.2f (best)%n",
              plain,
              production[0] / p[0],
              production[1] / p[1]);
        }
      }
      double[] a = merge.get("plainLoop");
      double[] b = merge.get("plainLoopBySet");
      if (a != null && b != null) {
        double ratio = production[0] / Math.min(a[0], b[0]);
        out.printf(
            Locale.ROOT,
            "merge: production / faster plain loop = %.2f (target <= %.1f): %s%n",
            ratio,
            MERGE_TARGET,
            ratio <= MERGE_TARGET ? "met" : "MISSED");
      }
    }
    out.flush();
  }

  private static double toMillis(double score, String unit) {
    return switch (unit) {
      case "ns/op" -> score / 1e6;
      case "us/op" -> score / 1e3;
      case "s/op" -> score * 1e3;
      default -> score;
    };
  }
}
