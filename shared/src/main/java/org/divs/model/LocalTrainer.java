package org.divs.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's local training session on one edge: its own DJL {@link Model}, {@link Trainer} and
 * optimizer state, stepped one minibatch at a time on plain float arrays.
 *
 * <p>Several trainers step concurrently in one JVM, each on its own thread. DJL's {@code
 * PtGradientCollector} holds a JVM-global "collecting" flag and cannot be used for that, so a step
 * does what it would do, per thread: grad mode on (thread-local in libtorch), forward, loss, {@code
 * backward}, grad mode off, then {@link Trainer#step()}. Gradients are zeroed before each forward
 * pass (DJL's collector leaves that disabled and relies on its PyTorch optimizer update, which
 * zeroes each weight's gradient after updating it; zeroing here as well keeps a step independent of
 * how the previous one ended).
 *
 * <p>Every call sets the grad mode it needs on the calling thread and restores it afterwards, and
 * all arrays of a call live in a sub-manager closed at its end; inputs are staged in a direct
 * native-order buffer reused across calls, which {@code NDManager.create} wraps without copying.
 *
 * <p>Not thread-safe: one thread at a time per trainer (any thread; confinement is the caller's).
 * Close it to free its native memory.
 */
public final class LocalTrainer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);

  private final ModelSpec spec;
  private final Model model;
  private final Trainer trainer;
  private final WeightLayout layout;
  private final long[] sampleDims;
  private final int sampleSize;
  private final int chunk;
  private final List<PtNDArray> trainable;
  private ByteBuffer input;
  private ByteBuffer labels;
  private ByteBuffer weightScratch;
  private long steps;
  private boolean closed;

  private LocalTrainer(Builder builder) {
    this.spec = builder.spec;
    this.sampleDims = spec.sampleShape().getShape();
    this.sampleSize = spec.sampleSize();
    this.chunk = builder.chunk;
    Model newModel = Model.newInstance(spec.name(), Device.cpu(), DjlRuntime.ENGINE);
    Trainer newTrainer = null;
    try {
      newModel.setBlock(spec.newBlock());
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(spec.newLoss())
              .optOptimizer(builder.optimizer.build(builder.learningRate))
              .optDevices(new Device[] {Device.cpu()});
      newTrainer = newModel.newTrainer(config);
      boolean gradMode = GradMode.set(false);
      try {
        newTrainer.initialize(batchShape(1));
      } finally {
        GradMode.restore(gradMode);
      }
      this.model = newModel;
      this.trainer = newTrainer;
      this.layout = WeightLayout.of(model.getBlock());
      this.trainable = new ArrayList<>();
      for (Parameter p : model.getBlock().getParameters().values()) {
        if (p.requiresGradient()) {
          trainable.add((PtNDArray) p.getArray());
        }
      }
      this.input = allocate(chunk * sampleSize * Float.BYTES);
      this.labels = allocate(chunk * Math.max(Long.BYTES, spec.outputs() * Float.BYTES));
      this.weightScratch = allocate(layout.scratchBytes());
      layout.write(model.getBlock(), layout.initialWeights(builder.seed), weightScratch);
    } catch (RuntimeException e) {
      if (newTrainer != null) {
        newTrainer.close();
      }
      newModel.close();
      throw e;
    }
    LOG.debug(
        "{} trainer ready: {} parameters, {} floats, {} lr {}, seed {}",
        spec.name(),
        layout.entries().size(),
        layout.size(),
        builder.optimizer,
        builder.learningRate,
        builder.seed);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the model spec this trainer was built from.
   *
   * @return the spec
   */
  public ModelSpec spec() {
    return spec;
  }

  /**
   * Returns the layout of this trainer's weight sets.
   *
   * @return the layout
   */
  public WeightLayout layout() {
    return layout;
  }

  /**
   * Returns the number of training steps taken so far.
   *
   * @return steps since construction
   */
  public long steps() {
    return steps;
  }

  /**
   * Loads a weight set (e.g. the global weights of a round) in place; optimizer state is kept.
   *
   * @param weights {@link WeightLayout#size()} finite floats in layout order
   * @throws IllegalArgumentException on a wrong length or a NaN or infinite value
   */
  public void setWeights(float[] weights) {
    checkOpen();
    layout.write(model.getBlock(), weights, weightScratch);
  }

  /**
   * Copies the current weights out.
   *
   * @return a new array of {@link WeightLayout#size()} floats in layout order
   */
  public float[] weights() {
    checkOpen();
    return layout.read(model.getBlock());
  }

  /**
   * Trains a classifier on one minibatch and updates the weights once.
   *
   * @param x {@code y.length} samples, each {@link ModelSpec#sampleSize()} floats (CHW for images)
   * @param y one class index per sample, in [0, classes)
   * @return the minibatch's mean loss before the update
   * @throws ArithmeticException if the loss is NaN or infinite (training diverged); the update is
   *     then skipped
   */
  public float step(float[] x, int[] y) {
    checkOpen();
    requireKind(ModelSpec.OutputKind.CLASSIFICATION);
    int n = checkBatch(x, y.length);
    stageInput(x, 0, n);
    stageClassLabels(y, 0, n);
    return train(n, new Shape(n), DataType.INT64);
  }

  /**
   * Trains a regression model on one minibatch and updates the weights once.
   *
   * @param x the samples, each {@link ModelSpec#sampleSize()} floats
   * @param targets {@link ModelSpec#outputs()} floats per sample
   * @return the minibatch's mean loss before the update
   * @throws ArithmeticException if the loss is NaN or infinite; the update is then skipped
   */
  public float step(float[] x, float[] targets) {
    checkOpen();
    requireKind(ModelSpec.OutputKind.REGRESSION);
    int outputs = spec.outputs();
    if (targets.length == 0 || targets.length % outputs != 0) {
      throw new IllegalArgumentException(
          "targets hold " + targets.length + " floats, not a positive multiple of " + outputs);
    }
    int n = checkBatch(x, targets.length / outputs);
    stageInput(x, 0, n);
    stageTargets(targets, 0, n);
    return train(n, new Shape(n, outputs), DataType.FLOAT32);
  }

  /**
   * Evaluates a classifier on labelled samples without changing it: grad mode off on the calling
   * thread, inference-mode forward passes in chunks of {@code batch}.
   *
   * @param x {@code y.length} samples
   * @param y one class index per sample
   * @param batch samples per forward pass, positive
   * @return accuracy, mean loss and the confusion matrix {@code [actual][predicted]}
   */
  public Evaluation evaluate(float[] x, int[] y, int batch) {
    checkOpen();
    requireKind(ModelSpec.OutputKind.CLASSIFICATION);
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be positive, got " + batch);
    }
    int n = checkBatch(x, y.length);
    int classes = spec.outputs();
    int[][] confusion = new int[classes][classes];
    double lossSum = 0;
    boolean gradMode = GradMode.set(false);
    try {
      for (int start = 0; start < n; start += batch) {
        int m = Math.min(batch, n - start);
        stageInput(x, start, m);
        stageClassLabels(y, start, m);
        try (NDManager scope = trainer.getManager().newSubManager()) {
          NDList pred = trainer.evaluate(new NDList(inputArray(scope, m)));
          NDArray label = scope.create(labels, new Shape(m), DataType.INT64);
          lossSum += trainer.getLoss().evaluate(new NDList(label), pred).getFloat() * m;
          long[] predicted = pred.singletonOrThrow().argMax(1).toLongArray();
          for (int i = 0; i < m; i++) {
            confusion[y[start + i]][(int) predicted[i]]++;
          }
        }
      }
    } finally {
      GradMode.restore(gradMode);
    }
    return new Evaluation(confusion, lossSum / n);
  }

  /**
   * Classifies samples: the index of the largest output of each.
   *
   * @param x whole samples, {@link ModelSpec#sampleSize()} floats each
   * @return one class index per sample
   */
  public int[] predict(float[] x) {
    requireKind(ModelSpec.OutputKind.CLASSIFICATION);
    float[] out = outputs(x);
    int classes = spec.outputs();
    int[] result = new int[out.length / classes];
    for (int i = 0; i < result.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (out[i * classes + c] > out[i * classes + best]) {
          best = c;
        }
      }
      result[i] = best;
    }
    return result;
  }

  /**
   * Runs the model in inference mode and returns its raw outputs: logits for a classifier, values
   * for a regression model.
   *
   * @param x whole samples, {@link ModelSpec#sampleSize()} floats each
   * @return {@link ModelSpec#outputs()} floats per sample, sample by sample
   */
  public float[] outputs(float[] x) {
    checkOpen();
    if (x.length % sampleSize != 0) {
      throw new IllegalArgumentException(
          "input holds " + x.length + " floats, not a multiple of the sample size " + sampleSize);
    }
    int n = x.length / sampleSize;
    int outputs = spec.outputs();
    float[] out = new float[n * outputs];
    boolean gradMode = GradMode.set(false);
    try {
      for (int start = 0; start < n; start += chunk) {
        int m = Math.min(chunk, n - start);
        stageInput(x, start, m);
        try (NDManager scope = trainer.getManager().newSubManager()) {
          NDArray pred = trainer.evaluate(new NDList(inputArray(scope, m))).singletonOrThrow();
          float[] values = pred.toFloatArray();
          System.arraycopy(values, 0, out, start * outputs, m * outputs);
        }
      }
    } finally {
      GradMode.restore(gradMode);
    }
    return out;
  }

  /**
   * Counts the native arrays this trainer's model holds (parameters, gradients' handles, optimizer
   * state and anything leaked by a call): constant from one step to the next.
   *
   * @return the number of live arrays under the model's manager
   */
  int liveArrays() {
    checkOpen();
    return model.getNDManager().getManagedArrays().size();
  }

  /** Closes the trainer and the model, freeing their native memory. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      trainer.close();
    } finally {
      model.close();
    }
  }

  private float train(int n, Shape labelShape, DataType labelType) {
    float loss;
    // One sub-manager per step: inputs, activations, loss and graph are freed when it closes.
    try (NDManager scope = trainer.getManager().newSubManager()) {
      NDArray x = inputArray(scope, n);
      NDArray label = scope.create(labels, labelShape, labelType);
      boolean gradMode = GradMode.set(true);
      try {
        for (PtNDArray parameter : trainable) {
          JniUtils.zeroGrad(parameter);
        }
        NDList pred = trainer.forward(new NDList(x));
        NDArray lossArray = trainer.getLoss().evaluate(new NDList(label), pred);
        JniUtils.backward((PtNDArray) lossArray, (PtNDArray) lossArray.onesLike(), false, false);
        loss = lossArray.getFloat();
        GradMode.set(false); // the update itself is not recorded
        if (!Float.isFinite(loss)) {
          throw new ArithmeticException(
              spec.name()
                  + " loss is "
                  + loss
                  + " at step "
                  + (steps + 1)
                  + "; update skipped, reload a good weight set (setWeights) to continue");
        }
        trainer.step();
      } finally {
        GradMode.restore(gradMode);
      }
    }
    steps++;
    return loss;
  }

  private NDArray inputArray(NDManager scope, int n) {
    return scope.create(input, batchShape(n), DataType.FLOAT32);
  }

  private Shape batchShape(int n) {
    long[] dims = new long[sampleDims.length + 1];
    dims[0] = n;
    System.arraycopy(sampleDims, 0, dims, 1, sampleDims.length);
    return new Shape(dims);
  }

  private void stageInput(float[] x, int fromSample, int count) {
    int floats = count * sampleSize;
    input = ensure(input, floats * Float.BYTES);
    input.clear();
    FloatBuffer view = input.asFloatBuffer();
    view.put(x, fromSample * sampleSize, floats);
    input.limit(floats * Float.BYTES);
  }

  private void stageClassLabels(int[] y, int from, int count) {
    int classes = spec.outputs();
    labels = ensure(labels, count * Long.BYTES);
    labels.clear();
    LongBuffer view = labels.asLongBuffer();
    for (int i = from; i < from + count; i++) {
      if (y[i] < 0 || y[i] >= classes) {
        throw new IllegalArgumentException(
            "label " + y[i] + " at index " + i + " is outside [0, " + classes + ")");
      }
      view.put(y[i]);
    }
    labels.limit(count * Long.BYTES);
  }

  private void stageTargets(float[] targets, int fromSample, int count) {
    int outputs = spec.outputs();
    int floats = count * outputs;
    labels = ensure(labels, floats * Float.BYTES);
    labels.clear();
    labels.asFloatBuffer().put(targets, fromSample * outputs, floats);
    labels.limit(floats * Float.BYTES);
  }

  private int checkBatch(float[] x, int n) {
    Objects.requireNonNull(x, "x");
    if (n < 1) {
      throw new IllegalArgumentException("a batch needs at least one sample");
    }
    if ((long) n * sampleSize != x.length) {
      throw new IllegalArgumentException(
          "input holds "
              + x.length
              + " floats, expected "
              + n
              + " samples x "
              + sampleSize
              + " = "
              + (long) n * sampleSize);
    }
    return n;
  }

  private void requireKind(ModelSpec.OutputKind kind) {
    if (spec.outputKind() != kind) {
      throw new UnsupportedOperationException(
          spec.name() + " is a " + spec.outputKind() + " model, this call needs " + kind);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(spec.name() + " trainer is closed");
    }
  }

  private static ByteBuffer ensure(ByteBuffer buffer, int bytes) {
    return buffer.capacity() >= bytes ? buffer : allocate(bytes);
  }

  private static ByteBuffer allocate(int bytes) {
    return ByteBuffer.allocateDirect(Math.max(bytes, Long.BYTES)).order(ByteOrder.nativeOrder());
  }

  /** Builds a {@link LocalTrainer}: the spec is required, the rest optional. */
  public static final class Builder {

    private ModelSpec spec;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private float learningRate = 1e-3f;
    private long seed = 42L;
    private int chunk = 64;

    private Builder() {}

    /**
     * Sets the model spec (required).
     *
     * @param spec the model to train
     * @return this builder
     */
    public Builder setSpec(ModelSpec spec) {
      this.spec = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /**
     * Sets the optimizer; {@link OptimizerKind#ADAM} by default.
     *
     * @param optimizer the optimizer kind
     * @return this builder
     */
    public Builder optOptimizer(OptimizerKind optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return this;
    }

    /**
     * Sets the fixed learning rate; 1e-3 by default (suits Adam; use 0.01-0.05 for SGD).
     *
     * @param learningRate a positive finite rate
     * @return this builder
     */
    public Builder optLearningRate(float learningRate) {
      if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
        throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
      }
      this.learningRate = learningRate;
      return this;
    }

    /**
     * Sets the seed of the initial weights ({@link WeightLayout#initialWeights(long)}); 42 by
     * default.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets how many samples an inference forward pass takes at most, and the initial size of the
     * staging buffers; 64 by default.
     *
     * @param chunk a positive sample count
     * @return this builder
     */
    public Builder optInferenceChunk(int chunk) {
      if (chunk < 1) {
        throw new IllegalArgumentException("chunk must be positive, got " + chunk);
      }
      this.chunk = chunk;
      return this;
    }

    /**
     * Builds the trainer: a new model, initialised with the seeded weights. Loads the engine if it
     * is not loaded yet (prefer {@link DjlRuntime#load(int, int)} first).
     *
     * @return a new trainer, to be closed by the caller
     */
    public LocalTrainer build() {
      if (spec == null) {
        throw new IllegalStateException("setSpec is required");
      }
      return new LocalTrainer(this);
    }
  }
}
