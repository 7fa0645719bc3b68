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
 * <p>This class is stateless: the sender's error feedback lives in {@link WeightCompressor}, the
 * receiver's base in {@link WeightDecompressor}.
 */
public final class EncodedWeights {
  /** Added to the encoding code in the encoding byte when the values are a delta. */
  public static final int DELTA_FLAG = 0x10;

  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  /** 1.5 x 2^23: adding and subtracting it rounds a float below 2^22 to an integer, ties even. */
  private static final float ROUNDER = 0x1.8p23f;

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
  private int hash;

  private EncodedWeights(
      WeightEncoding encoding,
      boolean delta,
      long baseRound,
      int size,
      int[] tensorLengths,
      float[] scales,
      Weights f32,
      byte[] packed) {
    this.encoding = encoding;
    this.delta = delta;
    this.baseRound = delta ? baseRound : -1;
    this.size = size;
    this.tensorLengths = tensorLengths;
    this.scales = scales;
    this.f32 = f32;
    this.packed = packed;
  }

  /** Full float32 weights, exact: holds {@code weights} itself (they are immutable). */
  public static EncodedWeights full(Weights weights) {
    Objects.requireNonNull(weights, "weights");
    return new EncodedWeights(
        WeightEncoding.F32, false, -1, weights.size(), NO_INTS, NO_FLOATS, weights, null);
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
          encoding, delta, baseRound, n, NO_INTS, NO_FLOATS, Weights.of(values), null);
    }
    int[] lengths = checkLengths(tensorLengths, n);
    float[] scales = new float[lengths.length];
    byte[] packed = new byte[n * encoding.bytesPerValue()];
    int off = 0;
    for (int t = 0; t < lengths.length; t++) {
      int end = off + lengths[t];
      float max = 0;
      for (int i = off; i < end; i++) {
        max = Math.max(max, Math.abs(values[i]));
      }
      scales[t] = pack(encoding, values, off, end, max, t, packed, residualOut);
      off = end;
    }
    return new EncodedWeights(encoding, delta, baseRound, n, lengths, scales, null, packed);
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
      if (residual == null) {
        for (int i = off; i < end; i++) {
          float d = target[i] - base[i];
          e[i] = d;
          max = Math.max(max, Math.abs(d));
        }
      } else {
        for (int i = off; i < end; i++) {
          float d = target[i] - base[i] + residual[i];
          e[i] = d;
          max = Math.max(max, Math.abs(d));
        }
      }
      scales[t] = pack(encoding, e, off, end, max, t, packed, keepResidual ? e : null);
      off = end;
    }
    return new EncodedWeights(encoding, true, baseRound, n, lengths, scales, null, packed);
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
    if (residual == null) {
      for (int i = from; i < to; i++) {
        SHORT_LE.set(packed, 2 * i, Float16.fromFloat(v[i] * inv));
      }
    } else {
      for (int i = from; i < to; i++) {
        short h = Float16.fromFloat(v[i] * inv);
        SHORT_LE.set(packed, 2 * i, h);
        residual[i] = v[i] - Float16.toFloat(h) * scale;
      }
    }
    return scale;
  }

  /** Symmetric int8: q = round(x * 127 / max), nearest; decoded q * (max / 127). */
  private static float packBytes(
      float[] v, int from, int to, float max, byte[] packed, float[] residual) {
    float scale = max / 127f;
    float inv = max == 0 ? 0f : 127f / max;
    if (residual == null) {
      for (int i = from; i < to; i++) {
        packed[i] = (byte) (int) (v[i] * inv + ROUNDER - ROUNDER);
      }
    } else {
      for (int i = from; i < to; i++) {
        float q = v[i] * inv + ROUNDER - ROUNDER; // an integer in [-127, 127]
        residual[i] = v[i] - q * scale;
        packed[i] = (byte) (int) q;
      }
    }
    return scale;
  }

  /**
   * The weights this stands for: full weights as they are (float32: the very instance; {@code base}
   * is ignored and may be null), or {@code base} plus the delta.
   *
   * @param base the weights of round {@link #baseRound()} (deltas only)
   * @throws IllegalArgumentException for a delta without a base or with a base of another size
   */
  public Weights decode(Weights base) {
    if (!delta) {
      if (f32 != null) {
        return f32;
      }
      float[] out = new float[size];
      dequantise(out, null);
      return Weights.wrap(out);
    }
    if (base == null) {
      throw new IllegalArgumentException(
          "a delta against round " + baseRound + " needs the weights of that round");
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
      dequantise(out, b);
    }
    return Weights.wrap(out);
  }

  private void dequantise(float[] out, float[] base) {
    int off = 0;
    for (int t = 0; t < tensorLengths.length; t++) {
      int end = off + tensorLengths[t];
      float scale = scales[t];
      if (encoding == WeightEncoding.F16) {
        if (base == null) {
          for (int i = off; i < end; i++) {
            out[i] = Float16.toFloat((short) SHORT_LE.get(packed, 2 * i)) * scale;
          }
        } else {
          for (int i = off; i < end; i++) {
            out[i] = base[i] + Float16.toFloat((short) SHORT_LE.get(packed, 2 * i)) * scale;
          }
        }
      } else {
        if (base == null) {
          for (int i = off; i < end; i++) {
            out[i] = packed[i] * scale;
          }
        } else {
          for (int i = off; i < end; i++) {
            out[i] = base[i] + packed[i] * scale;
          }
        }
      }
      off = end;
    }
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
      out.put(packed);
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
          encoding, delta, baseRound, size, lengths, scales, Weights.read(in, size), null);
    }
    byte[] packed = new byte[(int) bytes];
    in.get(packed);
    return new EncodedWeights(encoding, delta, baseRound, size, lengths, scales, null, packed);
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
    for (int i = from; i < to; i++) {
      if (!Float.isFinite(v[i])) {
        return i;
      }
    }
    return -1;
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
        && Arrays.equals(packed, e.packed);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Objects.hash(encoding, delta, baseRound, size);
      h = 31 * h + Arrays.hashCode(scales);
      h = 31 * h + (f32 != null ? f32.hashCode() : Arrays.hashCode(packed));
      hash = h;
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
