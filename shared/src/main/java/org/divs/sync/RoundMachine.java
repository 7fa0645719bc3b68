package org.divs.sync;

import java.util.function.LongSupplier;

/**
 * One task's round protocol at an aggregating node, with an injected clock so the deadline and
 * quorum logic is tested without waiting. Plain Java.
 *
 * <p>The node calls {@link #begin} when a round starts, then {@link #decide} after every accepted
 * update and when the deadline timer fires:
 *
 * <ul>
 *   <li>every child answered: {@link Decision#MERGE}, or {@link Decision#EMPTY} when none had data;
 *   <li>the deadline passed: {@link Decision#MERGE} over those present when their leaves reach the
 *       quorum; otherwise {@link Decision#RETRY} (the round is run again), at most {@code retries}
 *       times in a row, then {@link Decision#PAUSE};
 *   <li>otherwise {@link Decision#WAIT}.
 * </ul>
 *
 * A round that merges resets the retry count.
 */
public final class RoundMachine {
  /** What to do now. */
  public enum Decision {
    /** Keep collecting. */
    WAIT,
    /** Merge what was received and finish the round. */
    MERGE,
    /** Everyone answered but nobody had data: end the round with the weights unchanged. */
    EMPTY,
    /** Below quorum at the deadline: run the round again. */
    RETRY,
    /** Below quorum after every retry: stop the task's rounds until resumed. */
    PAUSE
  }

  private final int leaves;
  private final double quorum;
  private final long deadlineMs;
  private final int retries;
  private final LongSupplier clock;
  private long deadlineAt = Long.MAX_VALUE;
  private int failed;

  /**
   * A protocol over {@code leaves} street edges in this node's subtree.
   *
   * @param quorum share of those leaves that must take part for a round to count, in (0, 1]
   * @param deadlineMs how long a round waits for answers
   * @param retries R: how often a round below quorum is run again before the task pauses
   * @param clock milliseconds, monotonic
   */
  public RoundMachine(int leaves, double quorum, long deadlineMs, int retries, LongSupplier clock) {
    if (leaves < 1 || !(quorum > 0 && quorum <= 1) || deadlineMs < 1 || retries < 0) {
      throw new IllegalArgumentException(
          "need leaves >= 1, quorum in (0, 1], deadline >= 1 ms and retries >= 0");
    }
    this.leaves = leaves;
    this.quorum = quorum;
    this.deadlineMs = deadlineMs;
    this.retries = retries;
    this.clock = clock;
  }

  /** Starts a round now; returns its deadline on the injected clock. */
  public long begin() {
    deadlineAt = clock.getAsLong() + deadlineMs;
    return deadlineAt;
  }

  /** The current round's deadline on the injected clock. */
  public long deadlineAt() {
    return deadlineAt;
  }

  /** Rounds below quorum in a row so far. */
  public int failedInARow() {
    return failed;
  }

  /** The least number of participating leaves that makes a round count. */
  public int quorumLeaves() {
    return (int) Math.ceil(quorum * leaves - 1e-9);
  }

  /**
   * What to do, given whether every child answered and how many leaves took part with data.
   *
   * @param complete every child answered
   * @param participatingLeaves leaves whose data is in the answers so far
   */
  public Decision decide(boolean complete, int participatingLeaves) {
    if (complete && participatingLeaves == 0) {
      return Decision.EMPTY;
    }
    boolean late = clock.getAsLong() >= deadlineAt;
    if (!complete && !late) {
      return Decision.WAIT;
    }
    if (participatingLeaves >= quorumLeaves() || (complete && participatingLeaves > 0 && !late)) {
      failed = 0;
      return Decision.MERGE;
    }
    failed++;
    return failed > retries ? Decision.PAUSE : Decision.RETRY;
  }

  /** Clears the failure count (when a paused task is resumed). */
  public void resume() {
    failed = 0;
  }
}
