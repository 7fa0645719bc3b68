package org.divs.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.divs.sync.EncodedWeights;
import org.divs.sync.WeightCompressor;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One compressed hop of {@value #FLOATS} floats in each encoding: the sender's {@link
 * WeightCompressor#encode} (delta, error feedback, quantisation), the wire bytes written and read
 * back, and the receiver's decode against its base. Throughput is reported per float32 input byte.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CodecBench {
  /** Floats per weight set. */
  public static final int FLOATS = 1_000_000;

  /** Float32 bytes of one weight set. */
  public static final long INPUT_BYTES = (long) FLOATS * Float.BYTES;

  /** Tensors shaped like a CNN's (kernels, biases, fully connected), scaled to 1M floats. */
  static final int[] TENSORS = {2_400, 16, 25_600, 32, 800_000, 120, 171_822, 10};

  /** The encoding, by configuration name. */
  @Param({"float32", "float16", "int8"})
  public String encoding;

  private Weights base;
  private Weights target;
  private WeightCompressor compressor;

  /** A base and a target a training round away from it, per tensor scale. */
  @Setup
  public void setUp() {
    Weights[] pair = pair();
    base = pair[0];
    target = pair[1];
    compressor = new WeightCompressor(WeightEncoding.fromConfig(encoding), TENSORS);
  }

  static Weights[] pair() {
    SplittableRandom random = new SplittableRandom(11);
    float[] b = new float[FLOATS];
    float[] t = new float[FLOATS];
    int off = 0;
    for (int k = 0; k < TENSORS.length; k++) {
      double scale = 0.3 / (1 + k);
      for (int i = off; i < off + TENSORS[k]; i++) {
        b[i] = (float) (random.nextGaussian() * scale);
        t[i] = b[i] + (float) (random.nextGaussian() * scale * 0.01);
      }
      off += TENSORS[k];
    }
    return new Weights[] {Weights.wrap(b), Weights.wrap(t)};
  }

  /** Encode, write, read, decode. */
  @Benchmark
  public Weights roundTrip() {
    return hop(compressor, target, base);
  }

  static Weights hop(WeightCompressor compressor, Weights target, Weights base) {
    EncodedWeights e = compressor.encode(target, base, 0);
    ByteBuffer wire = ByteBuffer.allocate(e.wireBytes());
    e.writeTo(wire);
    wire.flip();
    return EncodedWeights.readFrom(wire).decode(base);
  }

  /** Wire bytes of one delta in {@code encoding}, divided by the float32 bytes of the weights. */
  public static double bytesRatio(String encoding) {
    Weights[] pair = pair();
    WeightCompressor c = new WeightCompressor(WeightEncoding.fromConfig(encoding), TENSORS);
    return (double) c.encode(pair[1], pair[0], 0).wireBytes() / INPUT_BYTES;
  }
}
