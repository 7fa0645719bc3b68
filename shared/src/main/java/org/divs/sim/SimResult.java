package org.divs.sim;

import java.util.List;
import java.util.function.Predicate;

/**
 * What a simulated run did.
 *
 * @param seconds virtual time when the last task reached its stop (or the run ended)
 * @param ingestSeconds virtual time when every terminal's frames were stored and cut (NaN if never)
 * @param finished whether every task reached its stop (false: a task paused, or the event cap hit)
 * @param rounds every round that ended at the cloud, in order
 * @param periods every migration assessment, in order
 * @param bytes bytes sent between machines, by kind
 * @param events events processed
 */
public record SimResult(
    double seconds,
    double ingestSeconds,
    boolean finished,
    List<Round> rounds,
    List<Period> periods,
    Bytes bytes,
    long events) {

  /** Copies the lists. */
  public SimResult {
    rounds = List.copyOf(rounds);
    periods = List.copyOf(periods);
  }

  /**
   * One round at the cloud.
   *
   * @param task the task
   * @param round its number
   * @param start when the cloud began it
   * @param end when the cloud merged it
   * @param participants street edges whose data is in the merge
   * @param samples samples behind the merge
   * @param counted whether it counts towards the stop
   */
  public record Round(
      String task,
      long round,
      double start,
      double end,
      int participants,
      long samples,
      boolean counted) {
    /** Its duration, seconds. */
    public double seconds() {
      return end - start;
    }
  }

  /**
   * One migration assessment, after a local epoch.
   *
   * @param time when
   * @param afterRound the round of the first task it followed
   * @param meanSeconds T_mean, the mean epoch time of the street edges
   * @param balance B_now over their epoch times, seconds
   * @param balancePlanned B_plan, predicted after the moves (B_now if none)
   * @param triggered whether B_now reached theta
   * @param moves transfers planned
   * @param frames frames planned to move
   */
  public record Period(
      double time,
      long afterRound,
      double meanSeconds,
      double balance,
      double balancePlanned,
      boolean triggered,
      int moves,
      long frames) {}

  /**
   * Bytes between machines (a message between units of one machine counts nothing).
   *
   * @param ingest frames from terminals to their edges
   * @param globals global weights down
   * @param updates leaf updates and partial merges up
   * @param migration frames moved between edges
   */
  public record Bytes(long ingest, long globals, long updates, long migration) {}

  /** The mean duration of the rounds of {@code task} that {@code which} accepts; NaN if none. */
  public double meanRoundSeconds(String task, Predicate<Round> which) {
    return rounds.stream()
        .filter(r -> r.task().equals(task) && which.test(r))
        .mapToDouble(Round::seconds)
        .average()
        .orElse(Double.NaN);
  }
}
