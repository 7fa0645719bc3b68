package org.divs.node;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a street edge tells its trainer of a task between minibatches: the newest global round seen,
 * so a trainer still on an older round drops that work (ARCHITECTURE.md "Rounds").
 */
final class TaskSignal {
  private final AtomicLong latestRound = new AtomicLong(-1);

  /** Records that global round {@code round} arrived. */
  void seen(long round) {
    latestRound.accumulateAndGet(round, Math::max);
  }

  /** Whether a global newer than {@code round} has arrived. */
  boolean newerThan(long round) {
    return latestRound.get() > round;
  }
}
