package org.divs.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A weight set as it travels on the wire: full weights or a delta from the weights of a base round,
 * in float32, float16 or int8 (see {@link WeightEncoding}). Immutable; compares by content.
 *
 * <p>Full float32 holds its {@link Weights} as they are (no copy, decoding returns them), so the
 * partial sums between aggregators and every local delivery cost nothing extra. The quantised
 * encodings hold their packed little-endian payload and one scale per tensor; the tensors are the
 * model's parameters in layout order, so a tensor of small biases is not drowned by a large kernel.
 *
 * <p>Wire format ({@link #writeTo}, all little-endian): the encoding byte (the encoding's {@link
 * WeightEncoding#code() code}, plus {@code 0x10} for a delta: {@code 0x00} full float32 as before,
 * {@code 0x11} float16 delta, {@code 0x12} int8 delta, ...), the base round (i64, deltas only), the
 * number of values (i32); for the quantised encodings the number of tensors (i32), their lengths
 * (i32 each) and scales (f32 each); then the values (4, 2 or 1 bytes each).
 *
 * <p>This class holds no stream state: the sender's error feedback lives in {@link
 * WeightCompressor}, the receiver's base in {@link WeightDecompressor}. It only remembers its
 * latest decoding and the base it was for: every receiver in one JVM gets the same instance of a
 * message (its codec's {@code transform} returns it), and receivers that hold the same base (they
 * decoded the same messages before) then share one decoding instead of each making its own.
 */
public final class EncodedWeights {
  /** Added to the encoding code in the encoding byte when the values are a delta. */
  public static final int DELTA_FLAG = 0x10;

  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  /** The codec's loops: on the Vector API when the JVM has it (see {@link CodecKernels}). */
  private static final CodecKernels KERNELS = CodecKernels.active();

  /**
   * Values per call of the codec's loop methods. Short calls, made often, get the loops compiled
   * fully by the JIT within the first few weight sets; one call per tensor of hundreds of thousands
   * of values runs on-stack-replaced or profiling code for dozens of rounds.
   */
  private static final int CHUNK = 4096;

  private static final int[] NO_INTS = new int[0];
  private static final float[] NO_FLOATS = new float[0];

  private final WeightEncoding encoding;
  private final boolean delta;
  private final long baseRound;
  private final int size;
  private final int[] tensorLengths;
  private final float[] scales;
  private final Weights f32;
  private final byte[] packed;
  private final int packedOffset;
  private int hash;
  private Weights decodedBase;
  private Weights decoded;

  private EncodedWeights(
      WeightEncoding encoding,
      boolean delta,
      long baseRound,
      int size,
      int[] tensorLengths,
      float[] scales,
      Weights f32,
      byte[] packed,
      int packedOffset) {
    this.encoding = encoding;
    this.delta = delta;
    this.baseRound = delta ? baseRound : -1;
    this.size = size;
    this.tensorLengths = tensorLengths;
    this.scales = scales;
    this.f32 = f32;
    this.packed = packed;
    this.packedOffset = packedOffset;
  }

  /** Full float32 weights, exact: holds {@code weights} itself (they are immutable). */
  public static EncodedWeights full(Weights weights) {
    Objects.requireNonNull(weights, "weights");
    return new EncodedWeights(
        WeightEncoding.F32, false, -1, weights.size(), NO_INTS, NO_FLOATS, weights, null, 0);
  }

  /**
   * Full weights in {@code encoding}; float32 is {@link #full(Weights)}.
   *
   * @param tensorLengths the model's tensor sizes in layout order, summing to the weights' size
   */
  public static EncodedWeights encode(
      WeightEncoding encoding, int[] tensorLengths, Weights weights) {
    if (encoding == WeightEncoding.F32) {
      return full(weights);
    }
    return quantise(encoding, tensorLengths, weights.array(), false, -1, null);
  }

  /**
   * The delta {@code target - base} in {@code encoding}, without error feedback (see {@link
   * WeightCompressor} for the sender that keeps it).
   *
   * @param tensorLengths the model's tensor sizes in layout order, summing to the weights' size
   * @param baseRound the round of {@code base}, which the receiver must hold to decode
   */
  public static EncodedWeights delta(
      WeightEncoding encoding, int[] tensorLengths, Weights target, Weights base, long baseRound) {
    checkSameSize(target.size(), base.size());
    float[] t = target.array();
    float[] b = base.array();
    float[] d = new float[t.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = t[i] - b[i];
    }
    return quantise(encoding, tensorLengths, d, true, baseRound, null);
  }

  /**
   * Encodes {@code values} (never retained) and, when {@code residualOut} is not null, writes there
   * what the receiver will miss: {@code values[i]} minus its decoded value. One pass for the scale
   * of each tensor, one for the values.
   *
   * @throws IllegalArgumentException naming tensor and index of a NaN or infinite value
   */
  static EncodedWeights quantise(
      WeightEncoding encoding,
      int[] tensorLengths,
      float[] values,
      boolean delta,
      long baseRound,
      float[] residualOut) {
    if (delta && baseRound < 0) {
      throw new IllegalArgumentException("a delta needs a base round >= 0, not " + baseRound);
    }
    int n = values.length;
    if (encoding == WeightEncoding.F32) {
      int bad = firstNonFinite(values, 0, n);
      if (bad >= 0) {
        throw nonFinite(values, bad, 0);
      }
      if (residualOut != null) {
        Arrays.fill(residualOut, 0, n, 0f);
      }
      return new EncodedWeights(
          encoding, delta, baseRound, n, NO_INTS, NO_FLOATS, Weights.of(values), null, 0);
    }
    int[] lengths = checkLengths(tensorLengths, n);
    float[] scales = new float[lengths.length];
    byte[] packed = new byte[n * encoding.bytesPerValue()];
    int off = 0;
    for (int t = 0; t < lengths.length; t++) {
      int end = off + lengths[t];
      float max = Weights.largestMagnitude(values, off, end);
      scales[t] = pack(encoding, values, off, end, max, t, packed, residualOut);
      off = end;
    }
    return new EncodedWeights(encoding, delta, baseRound, n, lengths, scales, null, packed, 0);
  }

  /**
   * The sender's fused path: {@code e = target - base (+ residual)} and each tensor's largest value
   * in one pass, the quantisation in a second. {@code e} ends up holding the new residual when
   * {@code keepResidual}; {@code residual} may be {@code e} itself or null.
   */
  static EncodedWeights quantiseDelta(
      WeightEncoding encoding,
      int[] tensorLengths,
      float[] target,
      float[] base,
      float[] residual,
      long baseRound,
      float[] e,
      boolean keepResidual) {
    int n = target.length;
    int[] lengths = checkLengths(tensorLengths, n);
    float[] scales = new float[lengths.length];
    byte[] packed = new byte[n * encoding.bytesPerValue()];
    int off = 0;
    for (int t = 0; t < lengths.length; t++) {
      int end = off + lengths[t];
      float max = 0;
      for (int c = off; c < end; c += CHUNK) {
        max = Math.max(max, KERNELS.delta(target, base, residual, e, c, Math.min(end, c + CHUNK)));
      }
      scales[t] = pack(encoding, e, off, end, max, t, packed, keepResidual ? e : null);
      off = end;
    }
    return new EncodedWeights(encoding, true, baseRound, n, lengths, scales, null, packed, 0);
  }

  private static float pack(
      WeightEncoding encoding,
      float[] values,
      int off,
      int end,
      float max,
      int tensor,
      byte[] packed,
      float[] residualOut) {
    if (!Float.isFinite(max)) {
      throw nonFinite(values, firstNonFinite(values, off, end), tensor);
    }
    return encoding == WeightEncoding.F16
        ? packHalves(values, off, end, max, packed, residualOut)
        : packBytes(values, off, end, max, packed, residualOut);
  }

  /** float16 of x / 2^e, with 2^e chosen so max / 2^e lies in [2^14, 2^15): no overflow. */
  private static float packHalves(
      float[] v, int from, int to, float max, byte[] packed, float[] residual) {
    if (max == 0) {
      for (int i = from; i < to; i++) {
        SHORT_LE.set(packed, 2 * i, (short) 0);
      }
      if (residual != null) {
        System.arraycopy(v, from, residual, from, to - from); // +-0 only
      }
      return 0f;
    }
    int e = Math.max(Float.MIN_EXPONENT, Math.getExponent(max) - 14);
    float scale = Math.scalb(1f, e);
    float inv = Math.scalb(1f, -e);
    for (int c = from; c < to; c += CHUNK) {
      KERNELS.halves(v, c, Math.min(to, c + CHUNK), inv, scale, packed, residual);
    }
    return scale;
  }

  /**
   * Symmetric int8: q = round(x * 127 / max), nearest; decoded q * (max / 127). A tensor whose
   * largest value is so small (under about 3.7e-37) that 127 / max overflows is sent as zeros with
   * scale 0, the whole of it left to the residual.
   */
  private static float packBytes(
      float[] v, int from, int to, float max, byte[] packed, float[] residual) {
    float inv = 127f / max; // infinite for 0 and for a maximum under about 3.7e-37
    float scale = max / 127f;
    if (Float.isInfinite(inv)) {
      inv = 0f;
      scale = 0f;
    }
    for (int c = from; c < to; c += CHUNK) {
      KERNELS.bytes(v, c, Math.min(to, c + CHUNK), inv, scale, packed, residual);
    }
    return scale;
  }

  /**
   * The weights this stands for: full weights as they are (float32: the very instance; {@code base}
   * is ignored and may be null), or {@code base} plus the delta. Decoding again against the same
   * base instance returns the same instance; thread-safe.
   *
   * @param base the weights of round {@link #baseRound()} (deltas only)
   * @throws IllegalArgumentException for a delta without a base or with a base of another size
   */
  public Weights decode(Weights base) {
    if (!delta && f32 != null) {
      return f32;
    }
    if (delta && base == null) {
      throw new IllegalArgumentException(
          "a delta against round " + baseRound + " needs the weights of that round");
    }
    Weights b = delta ? base : null;
    synchronized (this) {
      if (decoded == null || decodedBase != b) {
        decoded = decodeAfresh(b);
        decodedBase = b;
      }
      return decoded;
    }
  }

  private Weights decodeAfresh(Weights base) {
    if (base == null) {
      float[] out = new float[size];
      dequantise(null, 0, size, out, 0);
      return Weights.wrap(out);
    }
    checkSameSize(size, base.size());
    float[] b = base.array();
    float[] out = new float[size];
    if (f32 != null) {
      float[] d = f32.array();
      for (int i = 0; i < size; i++) {
        out[i] = b[i] + d[i];
      }
    } else {
      dequantise(b, 0, size, out, 0);
    }
    return Weights.wrap(out);
  }

  /**
   * The largest magnitude a decoded value of this delta adds to its base, as a bound: float16 65504
   * x its largest scale (infinity when a value is infinite or NaN), int8 128 x its largest scale,
   * float32 the largest value (NaN when one is). A base whose largest magnitude plus this stays at
   * most {@link Float#MAX_VALUE} decodes to finite values only, so a receiver can check a delta
   * without decoding it.
   */
  double largestStep() {
    if (f32 != null) {
      return f32.maxAbs();
    }
    double step = 0;
    int off = 0;
    for (int t = 0; t < tensorLengths.length; t++) {
      int end = off + tensorLengths[t];
      if (encoding == WeightEncoding.F16) {
        if (!KERNELS.halvesFinite(packed, packedOffset, off, end)) {
          return Double.POSITIVE_INFINITY;
        }
        step = Math.max(step, (double) Float16.MAX_VALUE * scales[t]);
      } else {
        step = Math.max(step, 128.0 * scales[t]);
      }
      off = end;
    }
    return step;
  }

  /**
   * {@code acc[i - from] += s x v[i]} for i in {@code [from, from + count)}, where v is what {@link
   * #decode} holds: the merge's accumulation of a delta without a decoded copy. Bit for bit the
   * decoded float times s added in double, as when the decoded weights are merged.
   *
   * @param base the base's values (deltas only; ignored for full weights)
   */
  void accumulate(float[] base, int from, int count, double s, double[] acc) {
    int to = from + count;
    if (f32 != null) {
      float[] v = f32.array();
      if (delta) {
        for (int i = from; i < to; i++) {
          acc[i - from] += s * (base[i] + v[i]);
        }
      } else {
        for (int i = from; i < to; i++) {
          acc[i - from] += s * v[i];
        }
      }
      return;
    }
    float[] b = delta ? base : null;
    int off = 0;
    for (int t = 0; t < tensorLengths.length && off < to; t++) {
      int end = off + tensorLengths[t];
      int lo = Math.max(off, from);
      int hi = Math.min(end, to);
      off = end;
      if (lo < hi) {
        if (encoding == WeightEncoding.F16) {
          KERNELS.addHalves(packed, packedOffset, b, lo, hi, scales[t], s, acc, from);
        } else {
          KERNELS.addBytes(packed, packedOffset, b, lo, hi, scales[t], s, acc, from);
        }
      }
    }
  }

  /**
   * Decodes the quantised values {@code [from, to)} into {@code out[i - shift]}, adding {@code
   * base[i]} unless it is null.
   */
  private void dequantise(float[] base, int from, int to, float[] out, int shift) {
    byte[] packed = this.packed;
    int p = packedOffset;
    int off = 0;
    for (int t = 0; t < tensorLengths.length && off < to; t++) {
      int end = off + tensorLengths[t];
      int lo = Math.max(off, from);
      int hi = Math.min(end, to);
      off = end;
      if (lo >= hi) {
        continue;
      }
      for (int c = lo; c < hi; c += CHUNK) {
        int ce = Math.min(hi, c + CHUNK);
        if (encoding == WeightEncoding.F16) {
          KERNELS.unhalves(packed, p, base, c, ce, scales[t], out, shift);
        } else {
          KERNELS.unbytes(packed, p, base, c, ce, scales[t], out, shift);
        }
      }
    }
  }

  /**
   * Which loops this JVM's codec runs: "scalar", or "vector (256-bit)" when the JVM was started
   * with {@code --add-modules jdk.incubator.vector} (see {@link CodecKernels}).
   */
  public static String kernels() {
    return KERNELS.name();
  }

  /** The encoding. */
  public WeightEncoding encoding() {
    return encoding;
  }

  /** Whether this is a delta from the weights of {@link #baseRound()}. */
  public boolean isDelta() {
    return delta;
  }

  /** The round whose weights a delta is relative to; -1 for full weights. */
  public long baseRound() {
    return baseRound;
  }

  /** Number of values (floats of the weight set). */
  public int size() {
    return size;
  }

  /** The tensor lengths of a quantised encoding (a copy); empty for float32. */
  public int[] tensorLengths() {
    return tensorLengths.clone();
  }

  /** The per-tensor scales of a quantised encoding (a copy); empty for float32. */
  public float[] scales() {
    return scales.clone();
  }

  /** Bytes {@link #writeTo} writes. */
  public int wireBytes() {
    int header = 1 + (delta ? Long.BYTES : 0) + Integer.BYTES;
    if (encoding.quantised()) {
      header += Integer.BYTES + tensorLengths.length * (Integer.BYTES + Float.BYTES);
    }
    return header + size * encoding.bytesPerValue();
  }

  /** Writes the wire format at the buffer's position (setting its order to little-endian). */
  public void writeTo(ByteBuffer out) {
    out.order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) (encoding.code() | (delta ? DELTA_FLAG : 0)));
    if (delta) {
      out.putLong(baseRound);
    }
    out.putInt(size);
    if (encoding.quantised()) {
      out.putInt(tensorLengths.length);
      for (int len : tensorLengths) {
        out.putInt(len);
      }
      for (float s : scales) {
        out.putFloat(s);
      }
      out.put(packed, packedOffset, packedLength());
    } else {
      f32.writeTo(out);
    }
  }

  /** The wire format as a new array. */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(wireBytes());
    writeTo(b);
    return b.array();
  }

  /**
   * Reads what {@link #writeTo} wrote, from the buffer's position (setting its order to
   * little-endian).
   *
   * @throws IllegalStateException for an unknown encoding byte or an inconsistent or short payload
   */
  public static EncodedWeights readFrom(ByteBuffer in) {
    return read(in, false);
  }

  /**
   * Reads like {@link #readFrom} but keeps a quantised payload's values where they are, in the
   * buffer's backing array (no copy of megabytes, no new large array), when the buffer has one. For
   * a buffer that belongs to one received message and is never written again, such as an event-bus
   * message's wire buffer.
   *
   * @throws IllegalStateException for an unknown encoding byte or an inconsistent or short payload
   */
  public static EncodedWeights readSharing(ByteBuffer in) {
    return read(in, true);
  }

  private static EncodedWeights read(ByteBuffer in, boolean share) {
    in.order(ByteOrder.LITTLE_ENDIAN);
    int code = in.get() & 0xff;
    WeightEncoding encoding = null;
    for (WeightEncoding e : WeightEncoding.values()) {
      if ((code & ~DELTA_FLAG) == e.code()) {
        encoding = e;
      }
    }
    if (encoding == null) {
      throw new IllegalStateException("unknown weight encoding " + code);
    }
    boolean delta = (code & DELTA_FLAG) != 0;
    long baseRound = delta ? in.getLong() : -1;
    int size = in.getInt();
    if (size < 0 || (delta && baseRound < 0)) {
      throw new IllegalStateException(
          "bad weight payload header: " + size + " values, base round " + baseRound);
    }
    int[] lengths = NO_INTS;
    float[] scales = NO_FLOATS;
    if (encoding.quantised()) {
      int tensors = in.getInt();
      if (tensors < 0 || tensors > in.remaining() / (Integer.BYTES + Float.BYTES)) {
        throw new IllegalStateException("bad weight payload: " + tensors + " tensors");
      }
      lengths = new int[tensors];
      long sum = 0;
      for (int t = 0; t < tensors; t++) {
        lengths[t] = in.getInt();
        if (lengths[t] < 0) {
          throw new IllegalStateException("bad weight payload: tensor length " + lengths[t]);
        }
        sum += lengths[t];
      }
      if (sum != size) {
        throw new IllegalStateException(
            "bad weight payload: tensors hold " + sum + " values, header says " + size);
      }
      scales = new float[tensors];
      for (int t = 0; t < tensors; t++) {
        scales[t] = in.getFloat();
        if (!(scales[t] >= 0 && Float.isFinite(scales[t]))) {
          throw new IllegalStateException("bad weight payload: scale " + scales[t]);
        }
      }
    }
    long bytes = (long) size * encoding.bytesPerValue();
    if (bytes > in.remaining()) {
      throw new IllegalStateException(
          "weight payload cut short: " + in.remaining() + " bytes for " + bytes);
    }
    if (!encoding.quantised()) {
      return new EncodedWeights(
          encoding, delta, baseRound, size, lengths, scales, Weights.read(in, size), null, 0);
    }
    if (share && in.hasArray()) {
      int offset = in.arrayOffset() + in.position();
      in.position(in.position() + (int) bytes);
      return new EncodedWeights(
          encoding, delta, baseRound, size, lengths, scales, null, in.array(), offset);
    }
    byte[] packed = new byte[(int) bytes];
    in.get(packed);
    return new EncodedWeights(encoding, delta, baseRound, size, lengths, scales, null, packed, 0);
  }

  private static int[] checkLengths(int[] tensorLengths, int n) {
    Objects.requireNonNull(tensorLengths, "tensorLengths");
    long sum = 0;
    for (int len : tensorLengths) {
      if (len < 0) {
        throw new IllegalArgumentException("negative tensor length " + len);
      }
      sum += len;
    }
    if (sum != n) {
      throw new IllegalArgumentException(
          "tensor lengths sum to " + sum + ", the weight set has " + n + " floats");
    }
    return tensorLengths.clone();
  }

  private static void checkSameSize(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException("weight sets differ in size: " + a + " vs " + b);
    }
  }

  private static int firstNonFinite(float[] v, int from, int to) {
    return Weights.firstNonFinite(v, from, to);
  }

  private static IllegalArgumentException nonFinite(float[] v, int index, int tensor) {
    return new IllegalArgumentException(
        "cannot encode " + v[index] + " at index " + index + " (tensor " + tensor + ")");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedWeights e
        && encoding == e.encoding
        && delta == e.delta
        && baseRound == e.baseRound
        && size == e.size
        && Arrays.equals(tensorLengths, e.tensorLengths)
        && Arrays.equals(scales, e.scales)
        && Objects.equals(f32, e.f32)
        && (packed == null
            ? e.packed == null
            : e.packed != null
                && Arrays.equals(
                    packed,
                    packedOffset,
                    packedOffset + packedLength(),
                    e.packed,
                    e.packedOffset,
                    e.packedOffset + e.packedLength()));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Objects.hash(encoding, delta, baseRound, size);
      h = 31 * h + Arrays.hashCode(scales);
      h = 31 * h + (f32 != null ? f32.hashCode() : packedHash());
      hash = h;
    }
    return h;
  }

  private int packedLength() {
    return size * encoding.bytesPerValue();
  }

  private int packedHash() {
    int h = 1;
    for (int i = packedOffset, end = packedOffset + packedLength(); i < end; i++) {
      h = 31 * h + packed[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return "EncodedWeights["
        + encoding.configName()
        + (delta ? " delta from round " + baseRound : " full")
        + ", "
        + size
        + " floats, "
        + wireBytes()
        + " bytes]";
  }
}
