package org.divs.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.divs.bus.ConsoleEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Console event log")
class EventLogTest {
  @Test
  @DisplayName("Events are numbered from 1 and replayed after a given id")
  void numbersAndReplays() {
    EventLog log = new EventLog(10, 0);
    for (int i = 0; i < 5; i++) {
      log.append(ConsoleEvent.of("round", "cloud", "{}"));
    }
    assertThat(log.lastId()).isEqualTo(5);
    assertThat(log.after(2).orElseThrow()).extracting(ConsoleEvent::id).containsExactly(3L, 4L, 5L);
    assertThat(log.after(5).orElseThrow()).isEmpty();
  }

  @Test
  @DisplayName("An id older than the buffer asks for a reset")
  void tooOld() {
    EventLog log = new EventLog(3, 0);
    for (int i = 0; i < 6; i++) {
      log.append(ConsoleEvent.of("node", "e", "{}"));
    }
    assertThat(log.after(2)).isEmpty();
    assertThat(log.after(3).orElseThrow()).extracting(ConsoleEvent::id).containsExactly(4L, 5L, 6L);
  }
}
