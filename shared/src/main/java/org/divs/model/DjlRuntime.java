package org.divs.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads DJL's PyTorch engine with the thread settings of this JVM, offline.
 *
 * <p>libtorch reads {@value #NUM_THREADS} and {@value #NUM_INTEROP_THREADS} once, when the engine
 * loads: call {@link #load(int, int)} in the launcher before anything else touches DJL, off the
 * event loop (the first load unpacks the natives). Values already set as system properties (for
 * example by Surefire or on the command line) win over the arguments.
 */
public final class DjlRuntime {

  /** System property: libtorch intra-op threads. */
  public static final String NUM_THREADS = "ai.djl.pytorch.num_threads";

  /** System property: libtorch inter-op threads. */
  public static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

  /** System property: DJL never downloads when {@code true}. */
  public static final String OFFLINE = "ai.djl.offline";

  /** The engine name. */
  public static final String ENGINE = "PyTorch";

  private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);

  private DjlRuntime() {}

  /**
   * The rule for one JVM: intra-op threads = max(1, cores / trainers in this JVM).
   *
   * @param cores available cores, e.g. {@code Runtime.getRuntime().availableProcessors()}
   * @param trainersInJvm trainers that may step at the same time in this JVM
   * @return at least 1
   */
  public static int intraOpThreads(int cores, int trainersInJvm) {
    return Math.max(1, cores / Math.max(1, trainersInJvm));
  }

  /**
   * Sets the thread properties (unless already set) and {@value #OFFLINE} (unless set), then loads
   * the PyTorch engine and logs the thread counts libtorch reports.
   *
   * @param intraOpThreads intra-op threads, at least 1
   * @param interOpThreads inter-op threads, at least 1
   * @return the loaded engine
   */
  public static Engine load(int intraOpThreads, int interOpThreads) {
    if (intraOpThreads < 1 || interOpThreads < 1) {
      throw new IllegalArgumentException(
          "thread counts must be positive: intra " + intraOpThreads + ", inter " + interOpThreads);
    }
    setIfAbsent(OFFLINE, "true");
    setIfAbsent(NUM_THREADS, Integer.toString(intraOpThreads));
    setIfAbsent(NUM_INTEROP_THREADS, Integer.toString(interOpThreads));
    long start = System.nanoTime();
    Engine engine = Engine.getEngine(ENGINE);
    LOG.info(
        "{} {} loaded in {} ms: intra-op threads {} (requested {}), inter-op threads {}"
            + " (requested {}), offline {}",
        engine.getEngineName(),
        engine.getVersion(),
        (System.nanoTime() - start) / 1_000_000,
        JniUtils.getNumThreads(),
        System.getProperty(NUM_THREADS),
        JniUtils.getNumInteropThreads(),
        System.getProperty(NUM_INTEROP_THREADS),
        System.getProperty(OFFLINE));
    return engine;
  }

  /**
   * Loads the engine with {@link #intraOpThreads(int, int)} intra-op threads for the given number
   * of trainers on this machine's cores, and one inter-op thread.
   *
   * @param trainersInJvm trainers that may step at the same time in this JVM
   * @return the loaded engine
   */
  public static Engine loadFor(int trainersInJvm) {
    int cores = Runtime.getRuntime().availableProcessors();
    int rule = intraOpThreads(cores, trainersInJvm);
    String preset = System.getProperty(NUM_THREADS);
    LOG.info(
        "threads rule: max(1, {} cores / {} trainers in this JVM) = {} intra-op thread(s){}",
        cores,
        trainersInJvm,
        rule,
        preset == null ? "" : "; -D" + NUM_THREADS + "=" + preset + " is set and wins");
    return load(rule, 1);
  }

  /**
   * Seeds the engine's global random generator (libtorch {@code manual_seed}), used by random
   * initialisers, dropout and random NDArrays. {@link LocalTrainer} does not depend on it: it
   * initialises weights from its own seed via {@link WeightLayout#initialWeights(long)}.
   *
   * @param seed the seed
   */
  public static void seed(long seed) {
    Engine.getEngine(ENGINE).setRandomSeed(Math.toIntExact(seed & 0x7fffffffL));
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
