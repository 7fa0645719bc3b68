package org.divs.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The ordered list of an initialised block's parameters (name and shape) and the one flat {@code
 * float[]} that holds all of them, in that order: the form in which weight sets travel, are
 * averaged and are checkpointed.
 *
 * <p>Two weight sets can be merged only if their layouts have the same {@link #signature()}.
 * Instances are immutable and thread-safe; {@link #read} and {@link #write} must not run while the
 * block is being trained on another thread.
 */
public final class WeightLayout {

  /**
   * One parameter's place in the flat array.
   *
   * @param name the parameter's name in the block, e.g. {@code "02Conv2d_weight"}
   * @param shape the parameter's shape
   * @param offset the index of its first float in the flat array
   * @param length its number of floats
   */
  public record Entry(String name, Shape shape, int offset, int length) {

    /**
     * Checks the entry.
     *
     * @param name the parameter's name
     * @param shape the parameter's shape
     * @param offset the index of its first float
     * @param length its number of floats
     */
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(shape, "shape");
      if (offset < 0 || length != shape.size()) {
        throw new IllegalArgumentException(
            "bad entry " + name + " " + shape + " at " + offset + " length " + length);
      }
    }
  }

  private final List<Entry> entries;
  private final int size;
  private final int largest;
  private final String signature;

  private WeightLayout(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    long total = 0;
    int max = 0;
    for (Entry e : this.entries) {
      total += e.length();
      max = Math.max(max, e.length());
    }
    this.size = Math.toIntExact(total);
    this.largest = max;
    this.signature =
        this.entries.stream().map(e -> e.name() + e.shape()).collect(Collectors.joining(";"));
  }

  /**
   * Reads the layout of an initialised block.
   *
   * @param block a block whose parameters are all initialised, float32
   * @return its layout, in the block's parameter order
   * @throws IllegalStateException if a parameter is not initialised or not float32
   */
  public static WeightLayout of(Block block) {
    List<Entry> entries = new ArrayList<>();
    long offset = 0;
    for (Pair<String, Parameter> pair : block.getParameters()) {
      Parameter p = pair.getValue();
      if (!p.isInitialized()) {
        throw new IllegalStateException("parameter " + pair.getKey() + " is not initialised");
      }
      NDArray array = p.getArray();
      if (array.getDataType() != DataType.FLOAT32) {
        throw new IllegalStateException(
            "parameter " + pair.getKey() + " is " + array.getDataType() + ", not float32");
      }
      Shape shape = array.getShape();
      int length = Math.toIntExact(shape.size());
      entries.add(new Entry(pair.getKey(), shape, Math.toIntExact(offset), length));
      offset += length;
    }
    return new WeightLayout(entries);
  }

  /**
   * Returns the parameters in layout order.
   *
   * @return an unmodifiable list
   */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Returns the total number of floats of a weight set.
   *
   * @return the sum of all parameters' sizes
   */
  public int size() {
    return size;
  }

  /**
   * Returns each parameter's number of floats, in layout order: the tensors whose scales a
   * compressed weight payload carries (see {@link org.divs.sync.EncodedWeights}).
   *
   * @return a new array summing to {@link #size()}
   */
  public int[] tensorLengths() {
    return entries.stream().mapToInt(Entry::length).toArray();
  }

  /**
   * Returns the names and shapes of all parameters in order, e.g. {@code "02Conv2d_weight(16, 3, 5,
   * 5);02Conv2d_bias(16);..."}: equal signatures mean weight sets can be averaged element by
   * element.
   *
   * @return the signature
   */
  public String signature() {
    return signature;
  }

  /**
   * Copies all parameters of the block into one new array, in layout order.
   *
   * @param block a block with this layout
   * @return a new array of {@link #size()} floats
   * @throws IllegalArgumentException if the block's parameters do not match this layout
   */
  public float[] read(Block block) {
    float[] out = new float[size];
    readInto(block, out);
    return out;
  }

  /**
   * Copies all parameters of the block into {@code out}, in layout order.
   *
   * @param block a block with this layout
   * @param out an array of exactly {@link #size()} floats
   * @throws IllegalArgumentException if the length or the block's parameters do not match
   */
  public void readInto(Block block, float[] out) {
    checkLength(out);
    List<Parameter> params = parametersOf(block);
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      // Parameters are contiguous CPU tensors: the direct view aliases the tensor's memory, so
      // this is one bulk copy per parameter.
      ByteBuffer view = params.get(i).getArray().toByteBuffer(true);
      view.order(ByteOrder.nativeOrder()).asFloatBuffer().get(out, e.offset(), e.length());
    }
  }

  /**
   * Loads a weight set into the block's parameters in place (gradients and optimizer state stay
   * attached). Nothing is written unless the whole array is valid.
   *
   * @param block a block with this layout
   * @param weights {@link #size()} finite floats in layout order
   * @throws IllegalArgumentException naming expected and actual length on a length mismatch, or
   *     naming the parameter and index of the first NaN or infinite value
   */
  public void write(Block block, float[] weights) {
    write(block, weights, null);
  }

  /**
   * As {@link #write(Block, float[])}, staging through a caller-owned direct buffer so that
   * repeated writes allocate no direct memory.
   *
   * @param block a block with this layout
   * @param weights {@link #size()} finite floats in layout order
   * @param scratch a direct buffer of at least {@link #scratchBytes()} bytes, or {@code null} to
   *     allocate one for this call
   */
  void write(Block block, float[] weights, ByteBuffer scratch) {
    checkLength(weights);
    checkFinite(weights);
    List<Parameter> params = parametersOf(block);
    ByteBuffer buffer = scratch;
    if (buffer == null || !buffer.isDirect() || buffer.capacity() < scratchBytes()) {
      buffer = ByteBuffer.allocateDirect(scratchBytes());
    }
    buffer.order(ByteOrder.nativeOrder());
    boolean gradMode = GradMode.set(false);
    try {
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        NDArray target = params.get(i).getArray();
        buffer.clear();
        buffer.asFloatBuffer().put(weights, e.offset(), e.length());
        buffer.limit(e.length() * Float.BYTES);
        // create() on a direct native-order buffer aliases it; the in-place indexed copy keeps
        // the parameter's own storage, gradient and identity.
        try (NDManager scope = target.getManager().newSubManager()) {
          NDArray source = scope.create(buffer, e.shape(), DataType.FLOAT32);
          target.set(new NDIndex("..."), source);
        }
      }
    } finally {
      GradMode.restore(gradMode);
    }
  }

  /**
   * Returns the size in bytes of the largest parameter: the scratch buffer {@code write} needs.
   *
   * @return bytes
   */
  int scratchBytes() {
    return Math.max(1, largest) * Float.BYTES;
  }

  /**
   * Builds a deterministic initial weight set from a seed, without touching libtorch's global
   * random generator: Glorot-uniform weights (fan-in and fan-out from the shape: {@code [out, in,
   * kernel...]}) and zero biases (parameters of rank 1). Every node that knows the seed computes
   * the same W(0).
   *
   * @param seed the seed
   * @return a new array of {@link #size()} floats
   */
  public float[] initialWeights(long seed) {
    float[] out = new float[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (Entry e : entries) {
      long[] dims = e.shape().getShape();
      if (dims.length < 2) {
        continue; // biases start at zero
      }
      long receptive = 1;
      for (int d = 2; d < dims.length; d++) {
        receptive *= dims[d];
      }
      double fanIn = (double) dims[1] * receptive;
      double fanOut = (double) dims[0] * receptive;
      double bound = Math.sqrt(6.0 / (fanIn + fanOut));
      for (int i = e.offset(); i < e.offset() + e.length(); i++) {
        out[i] = (float) random.nextDouble(-bound, bound);
      }
    }
    return out;
  }

  private void checkLength(float[] weights) {
    Objects.requireNonNull(weights, "weights");
    if (weights.length != size) {
      throw new IllegalArgumentException(
          "weight set has "
              + weights.length
              + " floats, expected "
              + size
              + " for layout of "
              + entries.size()
              + " parameters");
    }
  }

  private void checkFinite(float[] weights) {
    for (Entry e : entries) {
      for (int i = e.offset(); i < e.offset() + e.length(); i++) {
        if (!Float.isFinite(weights[i])) {
          throw new IllegalArgumentException(
              "weight set refused: "
                  + weights[i]
                  + " in parameter "
                  + e.name()
                  + " at element "
                  + (i - e.offset())
                  + " (flat index "
                  + i
                  + ")");
        }
      }
    }
  }

  private List<Parameter> parametersOf(Block block) {
    PairList<String, Parameter> pairs = block.getParameters();
    if (pairs.size() != entries.size()) {
      throw new IllegalArgumentException(
          "block has " + pairs.size() + " parameters, layout has " + entries.size());
    }
    List<Parameter> params = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      Entry e = entries.get(i);
      Parameter p = pairs.get(i).getValue();
      Shape actual = p.isInitialized() ? p.getArray().getShape() : null;
      if (!e.name().equals(pairs.get(i).getKey()) || !e.shape().equals(actual)) {
        throw new IllegalArgumentException(
            "block parameter "
                + i
                + " is "
                + pairs.get(i).getKey()
                + actual
                + ", layout expects "
                + e.name()
                + e.shape());
      }
      params.add(p);
    }
    return params;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightLayout other && signature.equals(other.signature);
  }

  @Override
  public int hashCode() {
    return signature.hashCode();
  }

  @Override
  public String toString() {
    return "WeightLayout[" + entries.size() + " parameters, " + size + " floats]";
  }
}
