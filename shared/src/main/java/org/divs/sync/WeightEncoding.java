package org.divs.sync;

import java.util.Locale;

/**
 * How a weight set's values travel on the wire.
 *
 * <ul>
 *   <li>{@code F32} ({@code "float32"}): 4 bytes a value, exact;
 *   <li>{@code F16} ({@code "float16"}): 2 bytes a value, IEEE half precision of the value divided
 *       by a power-of-two scale per tensor (so small deltas stay normal halves and large ones never
 *       overflow), relative error at most 2^-11 of the tensor's largest value;
 *   <li>{@code I8} ({@code "int8"}): 1 byte a value, symmetric per tensor: scale = max|x| / 127,
 *       rounded to nearest, error at most scale / 2.
 * </ul>
 *
 * <p>The quantised encodings carry one float scale per tensor. The code is the low nibble of the
 * wire encoding byte (see {@link EncodedWeights}).
 */
public enum WeightEncoding {
  /** float32, exact. */
  F32("float32", 0, Float.BYTES),
  /** float16 with a power-of-two scale per tensor. */
  F16("float16", 1, 2),
  /** int8 with a symmetric scale per tensor. */
  I8("int8", 2, 1);

  private final String configName;
  private final int code;
  private final int bytesPerValue;

  WeightEncoding(String configName, int code, int bytesPerValue) {
    this.configName = configName;
    this.code = code;
    this.bytesPerValue = bytesPerValue;
  }

  /** The configuration name: {@code float32}, {@code float16} or {@code int8}. */
  public String configName() {
    return configName;
  }

  /** Wire code (0, 1, 2). */
  public int code() {
    return code;
  }

  /** Payload bytes per value. */
  public int bytesPerValue() {
    return bytesPerValue;
  }

  /** Whether values are quantised against a per-tensor scale. */
  public boolean quantised() {
    return this != F32;
  }

  /** Parses a configuration name such as {@code float16}. */
  public static WeightEncoding fromConfig(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    for (WeightEncoding e : values()) {
      if (e.configName.equals(n)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown weight encoding '" + name + "' (expected float32, float16 or int8)");
  }
}
