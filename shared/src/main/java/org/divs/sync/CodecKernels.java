package org.divs.sync;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loops of the quantised weight encodings, over index ranges of flat arrays: the sender's delta
 * and quantisation, the receiver's decoding and the merge's accumulation straight from an encoding.
 * Two implementations compute bit for bit the same: {@link ScalarKernels}, plain Java, and {@link
 * VectorKernels}, on the Vector API, used when the JVM was started with {@code --add-modules
 * jdk.incubator.vector} (an incubator module in Java 17) and its vectors are at least 256 bits.
 *
 * <p>Packed values: int8 one byte each; float16 two bytes each, little-endian, at {@code p + 2i}.
 */
interface CodecKernels {
  /** The name printed by benchmarks: "scalar" or "vector (N-bit)". */
  String name();

  /**
   * {@code e = target - base (+ residual)} over {@code [from, to)}; returns the largest magnitude
   * (NaN if a value is NaN; which NaN may differ between implementations, and callers only ask
   * whether it is finite). {@code residual} may be null, or {@code e} itself.
   */
  float delta(float[] target, float[] base, float[] residual, float[] e, int from, int to);

  /**
   * Int8 of {@code v[i] * inv}, rounded to nearest (ties to even), into {@code packed[i]}; when
   * {@code residual} is not null, {@code residual[i] = v[i] - q * scale}. |v[i] * inv| at most 127.
   */
  void bytes(float[] v, int from, int to, float inv, float scale, byte[] packed, float[] residual);

  /**
   * Float16 of {@code v[i] * inv} (ties to even) into {@code packed} at {@code 2i}; when {@code
   * residual} is not null, {@code residual[i] = v[i] - decoded * scale}. |v[i] * inv| below 2^15.
   */
  void halves(float[] v, int from, int to, float inv, float scale, byte[] packed, float[] residual);

  /**
   * Whether every half in {@code [from, to)} (at {@code p + 2i}) is finite: none has all its
   * exponent bits set (infinite or NaN).
   */
  boolean halvesFinite(byte[] packed, int p, int from, int to);

  /** {@code out[i - shift] = (base[i] +) byte i x scale} for i in [lo, hi); base may be null. */
  void unbytes(
      byte[] packed, int p, float[] base, int lo, int hi, float scale, float[] out, int shift);

  /** {@code out[i - shift] = (base[i] +) half i x scale} for i in [lo, hi); base may be null. */
  void unhalves(
      byte[] packed, int p, float[] base, int lo, int hi, float scale, float[] out, int shift);

  /**
   * {@code acc[i - shift] += s x ((base[i] +) byte i x scale)}, the float sum widened to double.
   */
  void addBytes(
      byte[] packed,
      int p,
      float[] base,
      int lo,
      int hi,
      float scale,
      double s,
      double[] acc,
      int shift);

  /**
   * {@code acc[i - shift] += s x ((base[i] +) half i x scale)}, the float sum widened to double.
   */
  void addHalves(
      byte[] packed,
      int p,
      float[] base,
      int lo,
      int hi,
      float scale,
      double s,
      double[] acc,
      int shift);

  /** The kernels this JVM uses. */
  static CodecKernels active() {
    return Selected.ACTIVE;
  }

  /**
   * Chooses once per JVM: the vector kernels when the module is there and C2 compiles (the Vector
   * API is fast only as C2's intrinsics; interpreted or from C1, as with {@code
   * -XX:TieredStopAtLevel=1}, it runs many times slower than the scalar loops); {@code
   * -Ddivs.codec.kernels=scalar} forces the plain Java loops.
   */
  final class Selected {
    private static final Logger LOG = LoggerFactory.getLogger(CodecKernels.class);
    static final CodecKernels ACTIVE = choose();

    private Selected() {}

    private static CodecKernels choose() {
      if ("scalar".equals(System.getProperty("divs.codec.kernels"))) {
        return ScalarKernels.INSTANCE;
      }
      CodecKernels vector = vectorOrNull();
      if (vector == null) {
        LOG.info(
            "weight codec: plain Java loops (start the JVM with --add-modules"
                + " jdk.incubator.vector, C2 on, for the vector ones)");
        return ScalarKernels.INSTANCE;
      }
      LOG.info("weight codec: {} loops", vector.name());
      return vector;
    }

    /**
     * Whether this JVM compiles hot code with C2, which alone turns the Vector API into vector
     * instructions on Java 17 (not the interpreter, C1 or a JVMCI compiler such as Graal).
     */
    static boolean optimising() {
      if (System.getProperty("java.vm.info", "").contains("interpreted")) {
        return false;
      }
      HotSpotDiagnosticMXBean vm;
      try {
        vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      } catch (RuntimeException e) {
        vm = null;
      }
      if (vm == null) {
        return false; // not HotSpot
      }
      boolean tiered = "true".equals(option(vm, "TieredCompilation"));
      String level = option(vm, "TieredStopAtLevel");
      return !"false".equals(option(vm, "UseCompiler"))
          && !"true".equals(option(vm, "UseJVMCICompiler"))
          && (!tiered || level == null || Integer.parseInt(level) >= 4);
    }

    /** A HotSpot option's value, or null when this JVM has no such option. */
    private static String option(HotSpotDiagnosticMXBean vm, String name) {
      try {
        return vm.getVMOption(name).getValue();
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    /**
     * The vector kernels, or null when the module is missing, C2 does not compile, or vectors are
     * narrower than 256 bits (the Vector API would then run its slow portable code). Loaded by
     * name, so a JVM without the module never links a class that refers to it.
     */
    static CodecKernels vectorOrNull() {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty() || !optimising()) {
        return null;
      }
      try {
        Class<?> c = Class.forName("org.divs.sync.VectorKernels");
        return (CodecKernels) c.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        LOG.debug("vector weight codec unavailable: {}", e.toString());
        return null;
      }
    }
  }
}
