package org.divs.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets libtorch's grad mode on the calling thread.
 *
 * <p>Grad mode is thread-local in libtorch, and {@code PtEngine} turns it off only on the thread
 * that loaded the engine: every other thread starts with it on. Every entry point that touches
 * tensors therefore sets the mode it needs explicitly and restores the previous one in a {@code
 * finally} block. This replaces DJL's {@code PtGradientCollector}, which holds a JVM-global flag
 * and so allows only one collecting trainer per JVM (see PITFALLS.md).
 */
final class GradMode {

  private GradMode() {}

  /**
   * Sets grad mode on the calling thread.
   *
   * @param enabled whether libtorch records the autograd graph on this thread
   * @return the previous mode, for {@link #restore(boolean)}
   */
  static boolean set(boolean enabled) {
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(enabled);
    return previous;
  }

  /**
   * Restores the mode {@link #set(boolean)} returned.
   *
   * @param previous the previous mode
   */
  static void restore(boolean previous) {
    JniUtils.setGradMode(previous);
  }
}
