package org.divs.model;

import ai.djl.pytorch.jni.JniUtils;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput and optimizer measurements of the CNN trainer; not a test. Surefire skips it unless
 * run explicitly: {@code mvn -pl shared test -Dtest=CnnTrainerBench -Ddivs.bench=true}.
 */
@EnabledIfSystemProperty(named = "divs.bench", matches = "true")
@DisplayName("CNN trainer benchmark")
class CnnTrainerBench {

  private static final Logger LOG = LoggerFactory.getLogger(CnnTrainerBench.class);
  private static final int BATCH = 64;
  private static final int WARMUP = 3;
  private static final int MEASURED = 15;

  private static ShapeImages.Set data;

  @BeforeAll
  static void setUp() {
    DjlRuntime.load(1, 1);
    data = ShapeImages.generate(BATCH * 4, 3, 1);
  }

  /** Steps a trainer and returns {wall seconds, thread CPU seconds} of the measured steps. */
  private static double[] run(LocalTrainer trainer, CyclicBarrier barrier) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int s = 0; s < WARMUP; s++) {
      ShapeImages.Set b = data.slice(s * BATCH, BATCH);
      trainer.step(b.x(), b.y());
    }
    if (barrier != null) {
      barrier.await(60, TimeUnit.SECONDS);
    }
    long cpu = mx.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int s = 0; s < MEASURED; s++) {
      ShapeImages.Set b = data.slice(s * BATCH, BATCH);
      trainer.step(b.x(), b.y());
    }
    return new double[] {
      (System.nanoTime() - start) / 1e9, (mx.getCurrentThreadCpuTime() - cpu) / 1e9
    };
  }

  private static <T> T onNewThread(Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      return pool.submit(task).get();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("CNN samples per second: one trainer on 1 and 2 threads, two trainers together")
  void throughput() throws Exception {
    int samples = MEASURED * BATCH;
    try (LocalTrainer one = LocalTrainer.builder().setSpec(new CnnSpec(3)).build()) {
      double[] r = onNewThread(() -> run(one, null));
      LOG.info(
          "one trainer, 1 intra-op thread, batch {}: {} samples/s (thread CPU / wall {})",
          BATCH,
          String.format("%.0f", samples / r[0]),
          String.format("%.2f", r[1] / r[0]));
      double[] r2 =
          onNewThread(
              () -> {
                JniUtils.setNumThreads(2);
                try {
                  return run(one, null);
                } finally {
                  JniUtils.setNumThreads(1);
                }
              });
      LOG.info(
          "one trainer, 2 intra-op threads, batch {}: {} samples/s",
          BATCH,
          String.format("%.0f", samples / r2[0]));
    }
    try (LocalTrainer a = LocalTrainer.builder().setSpec(new CnnSpec(3)).optSeed(1).build();
        LocalTrainer b = LocalTrainer.builder().setSpec(new CnnSpec(3)).optSeed(2).build()) {
      CyclicBarrier barrier = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        long start = System.nanoTime();
        Future<double[]> fa = pool.submit(() -> run(a, barrier));
        Future<double[]> fb = pool.submit(() -> run(b, barrier));
        double[] ra = fa.get();
        double[] rb = fb.get();
        double wall = Math.max(ra[0], rb[0]);
        LOG.info(
            "two trainers together, 1 intra-op thread each, batch {}: {} samples/s in total"
                + " ({} + {}; thread CPU / wall {} and {}; {} s with warm-up)",
            BATCH,
            String.format("%.0f", 2 * samples / wall),
            String.format("%.0f", samples / ra[0]),
            String.format("%.0f", samples / rb[0]),
            String.format("%.2f", ra[1] / ra[0]),
            String.format("%.2f", rb[1] / rb[0]),
            String.format("%.1f", (System.nanoTime() - start) / 1e9));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  @DisplayName("Weight transfer: read and write of the whole CNN weight set")
  void weightTransfer() {
    try (LocalTrainer t = LocalTrainer.builder().setSpec(new CnnSpec(3)).build()) {
      float[] w = t.weights();
      for (int i = 0; i < 5; i++) {
        t.setWeights(t.weights());
      }
      int rounds = 50;
      long start = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        w = t.weights();
      }
      long mid = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        t.setWeights(w);
      }
      long end = System.nanoTime();
      LOG.info(
          "{} floats: read {} ms, write {} ms",
          w.length,
          String.format("%.2f", (mid - start) / 1e6 / rounds),
          String.format("%.2f", (end - mid) / 1e6 / rounds));
    }
  }

  @Test
  @DisplayName("Optimizers: loss ratio and held-out accuracy after 60 steps of batch 32")
  void optimizers() {
    ShapeImages.Set train = ShapeImages.generate(1024, 3, 1);
    ShapeImages.Set test = ShapeImages.generate(300, 3, 2);
    Object[][] configs = {
      {OptimizerKind.ADAM, 1e-3f}, {OptimizerKind.ADAM, 5e-4f},
      {OptimizerKind.SGD_MOMENTUM, 0.01f}, {OptimizerKind.SGD_MOMENTUM, 0.03f},
      {OptimizerKind.SGD, 0.05f}, {OptimizerKind.SGD, 0.1f},
    };
    for (Object[] config : configs) {
      for (long seed : new long[] {7, 8}) {
        try (LocalTrainer t =
            LocalTrainer.builder()
                .setSpec(new CnnSpec(3))
                .optOptimizer((OptimizerKind) config[0])
                .optLearningRate((Float) config[1])
                .optSeed(seed)
                .build()) {
          double first = 0;
          double last = 0;
          int stepsTo03 = -1;
          double ema = Math.log(3);
          for (int s = 0; s < 60; s++) {
            ShapeImages.Set b = train.slice(s * 32, 32);
            float loss;
            try {
              loss = t.step(b.x(), b.y());
            } catch (ArithmeticException diverged) {
              LOG.info("{} lr {} seed {}: diverged at step {}", config[0], config[1], seed, s + 1);
              last = Double.NaN;
              break;
            }
            ema = 0.8 * ema + 0.2 * loss;
            if (stepsTo03 < 0 && ema < 0.3) {
              stepsTo03 = s + 1;
            }
            if (s < 10) {
              first += loss;
            }
            if (s >= 50) {
              last += loss;
            }
          }
          LOG.info(
              "{} lr {} seed {}: last10/first10 loss {}, steps until smoothed loss < 0.3: {},"
                  + " held-out accuracy {}",
              config[0],
              config[1],
              seed,
              String.format("%.3f", last / first),
              stepsTo03,
              String.format("%.3f", t.evaluate(test.x(), test.y(), 100).accuracy()));
        }
      }
    }
  }
}
