package org.divs.proc;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition until it holds or time runs out: waiting on other processes. */
public final class Wait {
  /** Interval between polls. */
  static final long POLL_MS = 50;

  private Wait() {}

  /**
   * Polls {@code probe} every {@value #POLL_MS} ms until it yields a value and returns it; fails
   * with {@code what} after {@code timeout}. An exception thrown by the probe ends the wait.
   */
  public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }
}
