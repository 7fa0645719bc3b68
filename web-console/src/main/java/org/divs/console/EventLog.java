package org.divs.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.divs.bus.ConsoleEvent;

/**
 * The console's numbered events: ids rise by one from 1, and the last {@code capacity} events are
 * kept for replay after a reconnect. Not thread-safe: the console verticle owns it.
 */
public final class EventLog {
  private final int capacity;
  private final ArrayDeque<ConsoleEvent> events = new ArrayDeque<>();
  private long lastId;

  /** A log keeping the last {@code capacity} events. */
  public EventLog(int capacity, long lastId) {
    this.capacity = capacity;
    this.lastId = lastId;
  }

  /** Numbers the event, keeps it, and returns it numbered. */
  public ConsoleEvent append(ConsoleEvent e) {
    ConsoleEvent numbered = e.withId(++lastId);
    events.addLast(numbered);
    if (events.size() > capacity) {
      events.removeFirst();
    }
    return numbered;
  }

  /** The id of the newest event (0 when none). */
  public long lastId() {
    return lastId;
  }

  /** The id of the oldest event kept for replay ({@link #lastId()} + 1 when none is kept). */
  public long oldestId() {
    return events.isEmpty() ? lastId + 1 : events.peekFirst().id();
  }

  /**
   * The events after {@code id}, oldest first; empty if none; absent if some were already dropped
   * from the buffer (the client must reload its state).
   */
  public Optional<List<ConsoleEvent>> after(long id) {
    if (id >= lastId) {
      return Optional.of(List.of());
    }
    if (id + 1 < oldestId()) {
      return Optional.empty();
    }
    List<ConsoleEvent> out = new ArrayList<>();
    for (ConsoleEvent e : events) {
      if (e.id() > id) {
        out.add(e);
      }
    }
    return Optional.of(out);
  }

  /** The kept events of one type, oldest first. */
  public List<ConsoleEvent> ofType(String type) {
    List<ConsoleEvent> out = new ArrayList<>();
    for (ConsoleEvent e : events) {
      if (e.type().equals(type)) {
        out.add(e);
      }
    }
    return out;
  }
}
