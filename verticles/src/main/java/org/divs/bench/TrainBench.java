package org.divs.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.divs.bus.FrameId;
import org.divs.model.CnnSpec;
import org.divs.model.DjlRuntime;
import org.divs.model.LocalTrainer;
import org.divs.model.LstmSpec;
import org.divs.model.ModelSpec;
import org.divs.node.TrainerHarness;
import org.divs.train.CropStore;

/**
 * {@code divs bench train}: training throughput of the two tasks' models, measured in child JVMs
 * because libtorch's intra-op thread count is fixed per JVM.
 *
 * <p>Cases, each in a fresh JVM at the given intra-op threads: the bare DJL loop (DJL's own {@code
 * GradientCollector}, inputs created from float arrays, one model in the JVM), {@link LocalTrainer}
 * reading its minibatches from a {@link CropStore} as the trainer verticle does (CNN) or from float
 * arrays (LSTM), alone and both tasks stepping at once on two threads. CNN 3x64x64 batch 64, LSTM
 * 12 steps x 4 features, hidden 64, 12 out, batch 64; and the production trainer verticle of the
 * CNN on a worker with nothing ingesting ({@link TrainerHarness}), rounds over all 512 crops.
 */
public final class TrainBench {
  /** Samples per minibatch. */
  static final int BATCH = 64;

  private static final String RESULT = "RESULT ";

  private TrainBench() {}

  /** One case: what runs, at how many intra-op threads. */
  record Case(String name, int threads, String label) {}

  /** The cases in run order. */
  static List<Case> cases() {
    return List.of(
        new Case("cnn-bare", 1, "CNN bare DJL loop"),
        new Case("cnn-trainer", 1, "CNN LocalTrainer from CropStore"),
        new Case("cnn-verticle", 1, "CNN trainer verticle (worker)"),
        new Case("cnn-bare", 2, "CNN bare DJL loop"),
        new Case("cnn-trainer", 2, "CNN LocalTrainer from CropStore"),
        new Case("cnn-verticle", 2, "CNN trainer verticle (worker)"),
        new Case("lstm-bare", 1, "LSTM bare DJL loop"),
        new Case("lstm-trainer", 1, "LSTM LocalTrainer"),
        new Case("lstm-trainer", 2, "LSTM LocalTrainer"),
        new Case("together", 1, "CNN + LSTM LocalTrainers at once"));
  }

  /**
   * Runs every case in a child JVM and prints the table and ratios.
   *
   * @param out where to print
   * @param seconds measured seconds per case (after a warm-up of a third of that)
   */
  public static void run(PrintWriter out, double seconds) throws IOException, InterruptedException {
    List<Case> cases = cases();
    out.printf(
        Locale.ROOT,
        "train bench: %d cases, each in its own JVM, %.0f s measured after %.0f s warm-up,"
            + " batch %d, %d cores%n",
        cases.size(),
        seconds,
        seconds / 3,
        BATCH,
        Runtime.getRuntime().availableProcessors());
    out.flush();
    Map<String, double[]> results = new LinkedHashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      double[] r = child(c, seconds);
      results.put(c.name() + "@" + c.threads(), r);
      double elapsed = (System.nanoTime() - start) / 1e9;
      out.printf(
          Locale.ROOT,
          "[%d/%d] %-34s %d thread(s): %s samples/s  (%.0f s elapsed, ~%.0f s left)%n",
          i + 1,
          cases.size(),
          c.label(),
          c.threads(),
          r.length == 1
              ? String.format(Locale.ROOT, "%.0f", r[0])
              : String.format(Locale.ROOT, "CNN %.0f + LSTM %.0f", r[0], r[1]),
          elapsed,
          elapsed / (i + 1) * (cases.size() - i - 1));
      out.flush();
    }
    out.println();
    for (int t = 1; t <= 2; t++) {
      out.printf(
          Locale.ROOT,
          "CNN, %d thread(s): LocalTrainer from CropStore / bare DJL loop = %.2f%n",
          t,
          results.get("cnn-trainer@" + t)[0] / results.get("cnn-bare@" + t)[0]);
      double verticle = results.get("cnn-verticle@" + t)[0] / results.get("cnn-bare@" + t)[0];
      out.printf(
          Locale.ROOT,
          "CNN, %d thread(s): trainer verticle (a worker, crops from the edge's CropStore, nothing"
              + " ingesting) / bare DJL loop = %.2f (target >= 0.8: %s)%n",
          t,
          verticle,
          verticle >= 0.8 ? "met" : "MISSED");
    }
    out.printf(
        Locale.ROOT,
        "CNN LocalTrainer 2 threads / 1 thread = %.2f; bare DJL 2 / 1 = %.2f%n",
        results.get("cnn-trainer@2")[0] / results.get("cnn-trainer@1")[0],
        results.get("cnn-bare@2")[0] / results.get("cnn-bare@1")[0]);
    out.printf(
        Locale.ROOT,
        "LSTM, 1 thread: LocalTrainer / bare DJL loop = %.2f; LocalTrainer 2 threads / 1 thread"
            + " = %.2f%n",
        results.get("lstm-trainer@1")[0] / results.get("lstm-bare@1")[0],
        results.get("lstm-trainer@2")[0] / results.get("lstm-trainer@1")[0]);
    double[] both = results.get("together@1");
    out.printf(
        Locale.ROOT,
        "two tasks at once (1 thread each, the threads rule on 2 cores): CNN %.0f (%.2f of alone"
            + " at 1 thread, %.2f of alone at 2), LSTM %.0f (%.2f of alone at 1 thread)%n",
        both[0],
        both[0] / results.get("cnn-trainer@1")[0],
        both[0] / results.get("cnn-trainer@2")[0],
        both[1],
        both[1] / results.get("lstm-trainer@1")[0]);
    out.flush();
  }

  private static double[] child(Case c, double seconds) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd =
        List.of(
            java.toString(),
            "-Xmx2g",
            "-D" + DjlRuntime.OFFLINE + "=true",
            "-D" + DjlRuntime.NUM_THREADS + "=" + c.threads(),
            "-D" + DjlRuntime.NUM_INTEROP_THREADS + "=1",
            "-cp",
            System.getProperty("java.class.path"),
            TrainBench.class.getName(),
            c.name(),
            Double.toString(seconds));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String result = null;
      List<String> tail = new ArrayList<>();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith(RESULT)) {
            result = line.substring(RESULT.length());
          } else {
            tail.add(line);
            if (tail.size() > 20) {
              tail.remove(0);
            }
          }
        }
      }
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
        throw new IOException(
            "bench case " + c + " failed (exit " + p.exitValue() + "): " + String.join("\n", tail));
      }
      String[] parts = result.strip().split(" ");
      double[] out = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        out[i] = Double.parseDouble(parts[i]);
      }
      return out;
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /** The child: {@code TrainBench CASE SECONDS}; prints {@code RESULT samples/s [samples/s]}. */
  public static void main(String[] args) throws Exception {
    String name = args[0];
    double seconds = Double.parseDouble(args[1]);
    DjlRuntime.load(1, 1); // the -D properties win
    double[] r =
        switch (name) {
          case "cnn-bare" -> new double[] {bare(new CnnSpec(6), seconds)};
          case "lstm-bare" -> new double[] {bare(new LstmSpec(12, 12), seconds)};
          case "cnn-trainer" -> new double[] {trainer(new CnnSpec(6), seconds)};
          case "cnn-verticle" ->
              new double[] {
                TrainerHarness.cnnSamplesPerSecond(filledStore(new CnnSpec(6)), BATCH, seconds)
              };
          case "lstm-trainer" -> new double[] {trainer(new LstmSpec(12, 12), seconds)};
          case "together" -> together(seconds);
          default -> throw new IllegalArgumentException("unknown case " + name);
        };
    StringBuilder b = new StringBuilder(RESULT);
    for (double v : r) {
      b.append(String.format(Locale.ROOT, "%.1f ", v));
    }
    System.out.println(b.toString().strip());
  }

  /** Samples per second of {@code step} over {@code seconds}, after a warm-up. */
  private static double measure(Runnable step, double seconds) {
    long warm = System.nanoTime() + (long) (seconds / 3 * 1e9);
    while (System.nanoTime() < warm) {
      step.run();
    }
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long steps = 0;
    while (System.nanoTime() < end) {
      step.run();
      steps++;
    }
    return steps * BATCH / ((System.nanoTime() - start) / 1e9);
  }

  private static float[] randomInputs(ModelSpec spec, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[BATCH * spec.sampleSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return x;
  }

  /** DJL's textbook loop: GradientCollector, arrays created from float[] every step. */
  private static double bare(ModelSpec spec, double seconds) {
    float[] x = randomInputs(spec, 1);
    boolean regression = spec.outputKind() == ModelSpec.OutputKind.REGRESSION;
    float[] y = new float[BATCH * (regression ? spec.outputs() : 1)];
    for (int i = 0; i < y.length; i++) {
      y[i] = regression ? 0.5f : i % spec.outputs();
    }
    Shape xShape = new Shape(BATCH).addAll(spec.sampleShape());
    Shape yShape = regression ? new Shape(BATCH, spec.outputs()) : new Shape(BATCH);
    try (Model model = Model.newInstance("bare", Device.cpu(), DjlRuntime.ENGINE)) {
      model.setBlock(spec.newBlock());
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(spec.newLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(xShape);
        return measure(
            () -> {
              try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray input = scope.create(x, xShape);
                NDArray label = scope.create(y, yShape);
                try (GradientCollector gc = trainer.newGradientCollector()) {
                  NDList pred = trainer.forward(new NDList(input));
                  NDArray loss = trainer.getLoss().evaluate(new NDList(label), pred);
                  gc.backward(loss);
                }
                trainer.step();
              }
            },
            seconds);
      }
    }
  }

  /** The production step: a CropStore-fed CNN or an LSTM on float arrays. */
  private static double trainer(ModelSpec spec, double seconds) {
    try (LocalTrainer t = LocalTrainer.builder().setSpec(spec).build()) {
      return measure(stepper(spec, t), seconds);
    }
  }

  private static Runnable stepper(ModelSpec spec, LocalTrainer t) {
    if (spec.outputKind() == ModelSpec.OutputKind.CLASSIFICATION) {
      // as the trainer verticle does: copy each crop of the minibatch out of the edge's store
      int len = spec.sampleSize();
      CropStore.Snapshot held = filledStore(spec).snapshot();
      float[] x = new float[BATCH * len];
      int[] y = new int[BATCH];
      int[] cursor = {0};
      return () -> {
        for (int i = 0; i < BATCH; i++) {
          y[i] = held.copy((cursor[0]++) % 512, x, i * len);
        }
        t.step(x, y);
      };
    }
    float[] x = randomInputs(spec, 3);
    float[] y = new float[BATCH * spec.outputs()];
    java.util.Arrays.fill(y, 0.5f);
    return () -> t.step(x, y);
  }

  /** An edge's crop store holding 512 crops (random pixels, labels round-robin). */
  private static CropStore filledStore(ModelSpec spec) {
    int len = spec.sampleSize();
    CropStore store = new CropStore(512, len);
    float[] source = randomInputs(spec, 2);
    float[] one = new float[len];
    for (int i = 0; i < 512; i++) {
      System.arraycopy(source, (i % BATCH) * len, one, 0, len);
      store.add(new FrameId("bench", 0, i), one, i % spec.outputs());
    }
    return store;
  }

  /** A CNN and an LSTM trainer stepping at once, each on its own thread. */
  private static double[] together(double seconds) throws Exception {
    ModelSpec[] specs = {new CnnSpec(6), new LstmSpec(12, 12)};
    double[] out = new double[2];
    CyclicBarrier start = new CyclicBarrier(2);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      int which = k;
      Thread th =
          new Thread(
              () -> {
                try (LocalTrainer t = LocalTrainer.builder().setSpec(specs[which]).build()) {
                  Runnable step = stepper(specs[which], t);
                  start.await();
                  out[which] = measure(step, seconds);
                } catch (Throwable e) {
                  failure.set(e);
                }
              },
              "bench-" + specs[which].name());
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(failure.get());
    }
    return out;
  }
}
