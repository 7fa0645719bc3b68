package org.divs.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The virtual clock and its pending events. Events run in order of time, and events of the same
 * time in the order they were scheduled, so a run is a function of its inputs. Not thread-safe: one
 * simulation, one thread.
 */
public final class EventQueue {
  /** A scheduled event; {@link #cancel()} keeps it from running. */
  public static final class Handle {
    private final double at;
    private final long seq;
    private final Runnable action;
    private boolean cancelled;

    private Handle(double at, long seq, Runnable action) {
      this.at = at;
      this.seq = seq;
      this.action = action;
    }

    /** The virtual time it runs at, in seconds. */
    public double at() {
      return at;
    }

    /** Keeps the event from running; no effect once it ran. */
    public void cancel() {
      cancelled = true;
    }
  }

  private final PriorityQueue<Handle> queue =
      new PriorityQueue<>(
          Comparator.comparingDouble((Handle h) -> h.at).thenComparingLong(h -> h.seq));
  private double now;
  private long seq;
  private long processed;
  private boolean stopped;

  /** The virtual time, in seconds since the start. */
  public double now() {
    return now;
  }

  /** The virtual time in whole milliseconds (rounded down): the clock a round machine reads. */
  public long nowMillis() {
    return (long) Math.floor(now * 1000.0);
  }

  /** Events run so far. */
  public long processed() {
    return processed;
  }

  /** Runs {@code action} {@code delay} seconds from now (0 = after what is due now). */
  public Handle after(double delay, Runnable action) {
    if (!(delay >= 0) || Double.isInfinite(delay)) {
      throw new IllegalArgumentException("delay must be finite and at least 0, got " + delay);
    }
    return at(now + delay, action);
  }

  /** Runs {@code action} at virtual time {@code time}, which must not lie in the past. */
  public Handle at(double time, Runnable action) {
    if (time < now || Double.isNaN(time)) {
      throw new IllegalArgumentException("time " + time + " lies before now " + now);
    }
    Handle h = new Handle(time, seq++, action);
    queue.add(h);
    return h;
  }

  /** Stops {@link #run} after the event in progress. */
  public void stop() {
    stopped = true;
  }

  /**
   * Runs events until none is left, {@link #stop()} is called, or {@code maxEvents} have run in
   * this call.
   *
   * @return whether it ended because no event was left or it was stopped (false: the cap hit)
   */
  public boolean run(long maxEvents) {
    stopped = false;
    long ran = 0;
    while (!stopped) {
      Handle h = queue.poll();
      if (h == null) {
        return true;
      }
      if (h.cancelled) {
        continue;
      }
      if (ran++ >= maxEvents) {
        queue.add(h);
        return false;
      }
      now = h.at;
      processed++;
      h.action.run();
    }
    return true;
  }
}
