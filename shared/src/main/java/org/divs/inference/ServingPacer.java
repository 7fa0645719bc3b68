package org.divs.inference;

/**
 * Paces live inference's serving passes: a pass serves every chunk queued by then, and passes start
 * at most one per {@code gap}. A chunk queued sooner after the last pass waits for the next one,
 * which a one-shot timer starts when the gap ends, unless a later chunk starts it first.
 *
 * <p>Handing a chunk to the serving thread wakes that thread, which costs more than serving a chunk
 * that brings nothing to classify. A terminal streaming hundreds of chunks a second would wake it
 * for each one. Paced, the thread wakes at most about twice per gap, and each pass takes all the
 * chunks that have come. Chunks that come further apart than the gap are served at once, as before:
 * a camera's chunks of seconds are never held back.
 *
 * <p>Plain Java with the clock passed in; not thread-safe (the caller locks).
 */
public final class ServingPacer {
  /** What the caller does after an event. */
  public enum Action {
    /** Start a serving pass now. */
    SERVE_NOW,
    /** Arm a one-shot timer for {@link #untilGapEnds}; call {@link #timerFired} when it fires. */
    ARM_TIMER,
    /** Nothing: a pass or the timer is pending, or nothing waits. */
    NONE
  }

  private final long gapNanos;
  private boolean passPending;
  private boolean timerArmed;
  private boolean passed;
  private long lastPass;

  /**
   * A pacer whose passes start at least {@code gapNanos} apart.
   *
   * @throws IllegalArgumentException for a negative gap
   */
  public ServingPacer(long gapNanos) {
    if (gapNanos < 0) {
      throw new IllegalArgumentException("a negative gap between serving passes: " + gapNanos);
    }
    this.gapNanos = gapNanos;
  }

  /** A chunk was queued at {@code now} (nanoseconds of one monotonic clock). */
  public Action queued(long now) {
    if (passPending) {
      return Action.NONE;
    }
    if (!passed || now - lastPass >= gapNanos) {
      passPending = true;
      return Action.SERVE_NOW;
    }
    if (timerArmed) {
      return Action.NONE;
    }
    timerArmed = true;
    return Action.ARM_TIMER;
  }

  /** Nanoseconds from {@code now} until the gap since the last pass ends; 0 when it has ended. */
  public long untilGapEnds(long now) {
    return passed ? Math.max(0, lastPass + gapNanos - now) : 0;
  }

  /**
   * The armed timer fired at {@code now}; {@code waiting} says whether chunks are queued, read
   * under the lock the callers of {@link #queued} hold (each queues its chunk before taking it), so
   * that a chunk queued meanwhile is either seen here or finds the timer gone. Returns {@link
   * Action#SERVE_NOW}, {@link Action#NONE}, or {@link Action#ARM_TIMER} again when the timer fired
   * before the gap's end.
   */
  public Action timerFired(long now, boolean waiting) {
    timerArmed = false;
    return waiting ? queued(now) : Action.NONE;
  }

  /**
   * A pass started at {@code now}; it serves every chunk queued until its queue is empty, those
   * queued while it runs included.
   */
  public void passStarted(long now) {
    passPending = false;
    passed = true;
    lastPass = now;
  }

  /** Whether a pass was asked for and has not started. */
  public boolean passPending() {
    return passPending;
  }

  /** Whether a timer is armed and has not fired. */
  public boolean timerArmed() {
    return timerArmed;
  }
}
