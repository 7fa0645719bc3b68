package org.divs.node;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a street edge tells its trainer of a task between minibatches: the newest global round seen,
 * so a trainer still on an older round drops that work (ARCHITECTURE.md "Rounds"), and whether the
 * edge is stopping.
 */
final class TaskSignal {
  private final AtomicLong latestRound = new AtomicLong(-1);
  private volatile boolean stopped;

  /** Tells the trainer its edge is stopping: it drops the round in progress. */
  void stop() {
    stopped = true;
  }

  /** Records that global round {@code round} arrived. */
  void seen(long round) {
    latestRound.accumulateAndGet(round, Math::max);
  }

  /** Whether a global newer than {@code round} has arrived, or the edge is stopping. */
  boolean newerThan(long round) {
    return stopped || latestRound.get() > round;
  }
}
