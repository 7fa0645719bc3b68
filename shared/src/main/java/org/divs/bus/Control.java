package org.divs.bus;

import java.util.Objects;
import java.util.Set;

/**
 * A control request from the console to the cloud, sent as request/reply on {@link
 * Addresses#CLOUD_CONTROL}. The cloud replies with the {@code Control} it applied, or fails the
 * message with a code (4xx: the request is wrong, such as an unknown task) and a reason.
 *
 * @param action {@link #START}, {@link #STOP} or {@link #MIGRATION_CHECK}
 * @param task the task id for {@code start} and {@code stop}; empty for {@code migration-check}
 */
public record Control(String action, String task) {
  /** Resume (or begin) a task's rounds. */
  public static final String START = "start";

  /** Pause a task's rounds once the round in progress has finished. */
  public static final String STOP = "stop";

  /** Measure the balance B now and plan a migration if it is over the threshold. */
  public static final String MIGRATION_CHECK = "migration-check";

  /** Every action. */
  public static final Set<String> ACTIONS = Set.of(START, STOP, MIGRATION_CHECK);

  /** Checks the action and that the task is present (empty when the action names none). */
  public Control {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(task, "task");
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("unknown control action '" + action + "'");
    }
  }

  /** A request to run a migration check now. */
  public static Control migrationCheck() {
    return new Control(MIGRATION_CHECK, "");
  }
}
