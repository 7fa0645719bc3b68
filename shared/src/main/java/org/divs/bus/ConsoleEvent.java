package org.divs.bus;

/**
 * An event for the console's log and SSE stream.
 *
 * @param type event type, such as {@code round}, {@code node}, {@code error}
 * @param id the console's persistent event id (0 until the console numbers it)
 * @param timeMs wall-clock time in ms since the epoch
 * @param source the unit that raised it
 * @param json the payload, a JSON object as text
 */
public record ConsoleEvent(String type, long id, long timeMs, String source, String json) {
  /** A new, not yet numbered event raised now. */
  public static ConsoleEvent of(String type, String source, String json) {
    return new ConsoleEvent(type, 0, System.currentTimeMillis(), source, json);
  }

  /** The same event numbered {@code newId}. */
  public ConsoleEvent withId(long newId) {
    return new ConsoleEvent(type, newId, timeMs, source, json);
  }
}
