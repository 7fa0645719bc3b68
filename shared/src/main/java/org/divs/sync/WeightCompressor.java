package org.divs.sync;

import java.util.Arrays;
import java.util.Objects;

/**
 * The sender's side of one compressed weight stream (one task on one link): encodes each round's
 * weights as a delta from the base the receiver holds, with error feedback.
 *
 * <p>Error feedback: what quantisation lost in one round (the residual) is added to the next
 * round's delta before quantising, so errors do not pile up round after round; the receiver ends
 * every round at the target minus only the latest residual.
 *
 * <ul>
 *   <li>Up link (street edge): {@code encode(local, global, round - 1)}, where {@code global} is
 *       W(round - 1) as the edge decoded it (the weights it trained from).
 *   <li>Down link (cloud): {@code encode(W(i), W(i - 1), i - 1)} with the cloud's exact W; the
 *       edges add the delta to their W(i - 1). The cloud decodes the leaves' deltas against the
 *       edges' W(i - 1), so it also keeps a {@link WeightDecompressor} of its own down link.
 * </ul>
 *
 * <p>With {@link WeightEncoding#F32} the weights travel full and exact (a float32 delta would save
 * nothing). Not thread-safe: one instance per stream. Allocates only the payload of each message.
 */
public final class WeightCompressor {
  private final WeightEncoding encoding;
  private final int[] tensorLengths;
  private final boolean errorFeedback;
  private final int size;
  private float[] residual;
  private float[] scratch;

  /**
   * A compressor for weight sets whose tensors have {@code tensorLengths} floats, in layout order.
   *
   * @param errorFeedback false only to measure what error feedback buys
   */
  public WeightCompressor(WeightEncoding encoding, int[] tensorLengths, boolean errorFeedback) {
    this.encoding = Objects.requireNonNull(encoding, "encoding");
    long sum = 0;
    for (int len : tensorLengths) {
      if (len < 0) {
        throw new IllegalArgumentException("negative tensor length " + len);
      }
      sum += len;
    }
    this.size = Math.toIntExact(sum);
    this.tensorLengths = tensorLengths.clone();
    this.errorFeedback = errorFeedback;
  }

  /** A compressor with error feedback. */
  public WeightCompressor(WeightEncoding encoding, int[] tensorLengths) {
    this(encoding, tensorLengths, true);
  }

  /** The encoding. */
  public WeightEncoding encoding() {
    return encoding;
  }

  /**
   * Encodes {@code target} for a receiver that holds {@code base} as the weights of {@code
   * baseRound}: float32 sends {@code target} full; float16 and int8 send {@code target - base} plus
   * the carried residual, and carry what they lose to the next call.
   *
   * @throws IllegalArgumentException if a size differs from the tensor lengths' sum, or for a NaN
   *     or infinite value (the residual is then left as it was)
   */
  public EncodedWeights encode(Weights target, Weights base, long baseRound) {
    checkSize(target);
    if (encoding == WeightEncoding.F32) {
      return EncodedWeights.full(target);
    }
    checkSize(base);
    if (scratch == null) {
      scratch = new float[size];
    }
    float[] r = errorFeedback ? residual : null;
    EncodedWeights encoded =
        EncodedWeights.quantiseDelta(
            encoding,
            tensorLengths,
            target.array(),
            base.array(),
            r,
            baseRound,
            scratch,
            errorFeedback);
    if (errorFeedback) {
      // the scratch now holds the new residual: swap it in, and reuse the old one next time
      float[] fresh = scratch;
      scratch = residual;
      residual = fresh;
    }
    return encoded;
  }

  /** Drops the carried residual, e.g. after the receiver was reset to full weights. */
  public void reset() {
    if (residual != null) {
      Arrays.fill(residual, 0f);
    }
  }

  /** L2 norm of the carried residual (0 before the first delta or without error feedback). */
  public double residualNorm() {
    if (residual == null) {
      return 0;
    }
    double s = 0;
    for (float v : residual) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  /** A copy of the carried residual (zeros before the first delta), for tests. */
  float[] residual() {
    return residual == null ? new float[size] : residual.clone();
  }

  private void checkSize(Weights w) {
    if (w.size() != size) {
      throw new IllegalArgumentException(
          "weight set has " + w.size() + " floats, the tensors " + size);
    }
  }
}
