package org.divs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("LocalTrainer")
class LocalTrainerTest {

  private static final Logger LOG = LoggerFactory.getLogger(LocalTrainerTest.class);
  private static final int CLASSES = 3;
  private static final int STEPS = 60;
  private static final int BATCH = 32;

  @BeforeAll
  static void loadEngine() {
    DjlRuntime.load(1, 1);
  }

  private static LocalTrainer cnn(long seed) {
    return LocalTrainer.builder().setSpec(new CnnSpec(CLASSES)).optSeed(seed).build();
  }

  /** What one training thread saw. */
  private record Run(float[] losses, int overlappingSteps, int intraOpThreads) {

    double meanFirst10() {
      return mean(0, 10);
    }

    double meanLast10() {
      return mean(losses.length - 10, losses.length);
    }

    private double mean(int from, int to) {
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += losses[i];
      }
      return sum / (to - from);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  @DisplayName("Two CNN trainers step concurrently on two threads in one JVM and both learn")
  void twoTrainersLearnConcurrently() throws Exception {
    ShapeImages.Set[] train = {
      ShapeImages.generate(640, CLASSES, 11), ShapeImages.generate(640, CLASSES, 12)
    };
    ShapeImages.Set heldOut = ShapeImages.generate(150, CLASSES, 13);
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LocalTrainer a = cnn(1);
        LocalTrainer b = cnn(2)) {
      LocalTrainer[] trainers = {a, b};
      List<Future<Run>> runs = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        LocalTrainer trainer = trainers[t];
        ShapeImages.Set data = train[t];
        runs.add(
            pool.submit(
                () -> {
                  float[] losses = new float[STEPS];
                  int overlapping = 0;
                  start.await(30, TimeUnit.SECONDS);
                  for (int s = 0; s < STEPS; s++) {
                    ShapeImages.Set batch = data.slice(s * BATCH, BATCH);
                    int now = active.incrementAndGet();
                    maxActive.accumulateAndGet(now, Math::max);
                    losses[s] = trainer.step(batch.x(), batch.y());
                    // the other trainer was stepping when this step started or ended
                    if (active.getAndDecrement() == 2 || now == 2) {
                      overlapping++;
                    }
                  }
                  return new Run(losses, overlapping, JniUtils.getNumThreads());
                }));
      }
      Run[] results = {runs.get(0).get(), runs.get(1).get()};

      assertThat(maxActive.get()).as("steps of the two trainers overlapped in time").isEqualTo(2);
      for (int t = 0; t < 2; t++) {
        Run run = results[t];
        Evaluation eval = trainers[t].evaluate(heldOut.x(), heldOut.y(), 50);
        LOG.info(
            "trainer {}: loss first 10 {} last 10 {}, {} of {} steps overlapped, intra-op threads"
                + " on its thread {}, held-out {}",
            t,
            String.format("%.3f", run.meanFirst10()),
            String.format("%.3f", run.meanLast10()),
            run.overlappingSteps(),
            STEPS,
            run.intraOpThreads(),
            eval);
        assertThat(run.overlappingSteps()).as("trainer %d overlapping steps", t).isPositive();
        assertThat(run.meanLast10()).as("trainer %d loss", t).isLessThan(0.5 * run.meanFirst10());
        assertThat(eval.accuracy())
            .as("trainer %d held-out accuracy", t)
            .isGreaterThanOrEqualTo(1.0 / CLASSES + 0.30);
        assertThat(trainers[t].steps()).isEqualTo(STEPS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("A step's update does not carry gradients of earlier steps")
  void gradientsDoNotAccumulate() {
    ShapeImages.Set data = ShapeImages.generate(32, CLASSES, 21);
    ShapeImages.Set first = data.slice(0, 16);
    ShapeImages.Set second = data.slice(16, 16);
    LocalTrainer.Builder plainSgd =
        LocalTrainer.builder()
            .setSpec(new CnnSpec(CLASSES))
            .optOptimizer(OptimizerKind.SGD)
            .optLearningRate(0.05f)
            .optSeed(3);
    try (LocalTrainer fresh = plainSgd.build();
        LocalTrainer used = plainSgd.build()) {
      float[] start = fresh.weights();
      used.step(first.x(), first.y());
      used.setWeights(start);

      fresh.step(second.x(), second.y());
      used.step(second.x(), second.y());

      float[] expected = fresh.weights();
      float[] actual = used.weights();
      double maxDiff = 0;
      double maxMove = 0;
      for (int i = 0; i < expected.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
        maxMove = Math.max(maxMove, Math.abs(expected[i] - start[i]));
      }
      assertThat(maxMove).as("the step moved the weights").isGreaterThan(1e-4);
      assertThat(maxDiff).as("same update with or without an earlier step").isLessThan(1e-6);
    }
  }

  @Test
  @DisplayName("Steps, evaluations and weight transfers leave no native arrays behind")
  void noLeaks() {
    ShapeImages.Set data = ShapeImages.generate(40, CLASSES, 51);
    try (LocalTrainer trainer = cnn(8)) {
      trainer.step(data.slice(0, 8).x(), data.slice(0, 8).y());
      int settled = trainer.liveArrays();
      assertThat(settled)
          .as("parameters and optimizer state")
          .isGreaterThan(trainer.layout().entries().size());
      for (int s = 1; s <= 10; s++) {
        ShapeImages.Set batch = data.slice(s * 8, 8);
        trainer.step(batch.x(), batch.y());
        trainer.setWeights(trainer.weights());
        trainer.evaluate(data.x(), data.y(), 16);
        trainer.predict(batch.x());
      }
      assertThat(trainer.liveArrays()).isEqualTo(settled);
    }
  }

  @Test
  @DisplayName("Evaluation's confusion matrix sums to the number of samples and matches predict")
  void confusionMatrix() {
    ShapeImages.Set data = ShapeImages.generate(70, CLASSES, 31);
    try (LocalTrainer trainer = cnn(4)) {
      trainer.step(data.slice(0, 16).x(), data.slice(0, 16).y());
      Evaluation eval = trainer.evaluate(data.x(), data.y(), 32);
      int[][] confusion = eval.confusion();
      int[] predicted = trainer.predict(data.x());

      assertThat(eval.samples()).isEqualTo(70);
      assertThat(eval.classes()).isEqualTo(CLASSES);
      assertThat(java.util.Arrays.stream(confusion).flatMapToInt(java.util.Arrays::stream).sum())
          .isEqualTo(70);
      assertThat(predicted).hasSize(70);
      for (int c = 0; c < CLASSES; c++) {
        int cls = c;
        long actual = java.util.Arrays.stream(data.y()).filter(y -> y == cls).count();
        long predictedAs = java.util.Arrays.stream(predicted).filter(p -> p == cls).count();
        assertThat(java.util.Arrays.stream(confusion[c]).sum()).isEqualTo(actual);
        int column = 0;
        for (int[] row : confusion) {
          column += row[c];
        }
        assertThat(column).isEqualTo(predictedAs);
      }
      assertThat(eval.meanLoss()).isFinite().isPositive();
    }
  }

  @Test
  @DisplayName("A step whose loss is not finite is refused and leaves the weights unchanged")
  void nonFiniteLoss() {
    ShapeImages.Set batch = ShapeImages.generate(4, CLASSES, 61);
    try (LocalTrainer trainer = cnn(9)) {
      float[] before = trainer.weights();
      float[] poisoned = batch.x().clone();
      poisoned[123] = Float.NaN;
      assertThatThrownBy(() -> trainer.step(poisoned, batch.y()))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageContaining("NaN");
      assertThat(trainer.weights()).isEqualTo(before);
      assertThat(trainer.steps()).isZero();
      assertThat(trainer.step(batch.x(), batch.y())).isFinite();
    }
  }

  @Test
  @DisplayName("Malformed batches, labels and calls of the wrong kind are refused")
  void refusesBadInput() {
    try (LocalTrainer trainer = cnn(5)) {
      int sample = trainer.spec().sampleSize();
      assertThatThrownBy(() -> trainer.step(new float[sample * 2 - 1], new int[] {0, 1}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected 2 samples");
      assertThatThrownBy(() -> trainer.step(new float[sample], new int[] {CLASSES}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside [0, 3)");
      assertThatThrownBy(() -> trainer.step(new float[sample], new float[] {1f}))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> trainer.setWeights(new float[3]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected " + trainer.layout().size());
    }
  }

  @Test
  @DisplayName("A closed trainer refuses further calls, and closing twice is harmless")
  void closed() {
    LocalTrainer trainer = cnn(10);
    trainer.close();
    trainer.close();
    assertThatThrownBy(trainer::weights)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  /** A small regression model with the LSTM task's shapes: [12, 4] in, 12 values out. */
  private record TinyRegressionSpec() implements ModelSpec {
    @Override
    public String name() {
      return "tiny-regression";
    }

    @Override
    public Block newBlock() {
      return new SequentialBlock()
          .add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(32).build())
          .add(Activation.reluBlock())
          .add(Linear.builder().setUnits(12).build());
    }

    @Override
    public Shape sampleShape() {
      return new Shape(12, 4);
    }

    @Override
    public int outputs() {
      return 12;
    }

    @Override
    public OutputKind outputKind() {
      return OutputKind.REGRESSION;
    }

    @Override
    public Loss newLoss() {
      return Loss.l2Loss();
    }
  }

  @Test
  @DisplayName("A regression spec with the LSTM task's shapes trains through the same trainer")
  void regressionSpecTrains() {
    SplittableRandom random = new SplittableRandom(41);
    try (LocalTrainer trainer =
        LocalTrainer.builder()
            .setSpec(new TinyRegressionSpec())
            .optLearningRate(1e-2f)
            .optSeed(6)
            .build()) {
      float[] losses = new float[100];
      for (int s = 0; s < losses.length; s++) {
        float[] x = new float[16 * 48];
        float[] y = new float[16 * 12];
        for (int i = 0; i < 16; i++) {
          for (int t = 0; t < 12; t++) {
            for (int f = 0; f < 4; f++) {
              x[i * 48 + t * 4 + f] = (float) random.nextDouble(-1, 1);
            }
            y[i * 12 + t] = 2 * x[i * 48 + t * 4] - x[i * 48 + t * 4 + 1] + 0.5f;
          }
        }
        losses[s] = trainer.step(x, y);
      }
      double first = 0;
      double last = 0;
      for (int i = 0; i < 10; i++) {
        first += losses[i];
        last += losses[losses.length - 10 + i];
      }
      assertThat(last).isLessThan(0.5 * first);
      assertThat(trainer.outputs(new float[3 * 48])).hasSize(3 * 12);
      assertThatThrownBy(() -> trainer.predict(new float[48]))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
