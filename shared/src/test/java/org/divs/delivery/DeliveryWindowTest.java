package org.divs.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.divs.delivery.DeliveryWindow.Policy;
import org.divs.delivery.DeliveryWindow.Send;
import org.divs.delivery.DeliveryWindow.Settings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Delivery window")
class DeliveryWindowTest {
  static Settings settings(Policy p) {
    return new Settings(2, 3, 100, 2.0, 1000, p);
  }

  @Test
  @DisplayName("At most maxInFlight chunks are out; an ack lets the next one go")
  void inFlightBound() {
    DeliveryWindow<String> w = new DeliveryWindow<>(settings(Policy.BLOCK));
    w.offer("a");
    w.offer("b");
    w.offer("c");
    List<Send<String>> s = w.poll(0);
    assertThat(s).extracting(Send::chunk).containsExactly("a", "b");
    assertThat(w.poll(10)).isEmpty();
    assertThat(w.ack(s.get(0).id())).isTrue();
    assertThat(w.ack(s.get(0).id())).as("a second ack is ignored").isFalse();
    assertThat(w.poll(20)).extracting(Send::chunk).containsExactly("c");
    assertThat(w.sent()).isEqualTo(3);
    assertThat(w.acked()).isEqualTo(1);
  }

  @Test
  @DisplayName("An unacked chunk is resent after 100, then 200, 400 ms, capped at 1000 ms")
  void backoff() {
    DeliveryWindow<String> w = new DeliveryWindow<>(settings(Policy.BLOCK));
    w.offer("a");
    assertThat(w.poll(0)).hasSize(1);
    assertThat(w.nextDeadline(0)).isEqualTo(100);
    assertThat(w.poll(99)).isEmpty();
    assertThat(w.poll(100)).singleElement().extracting(Send::attempt).isEqualTo(2);
    assertThat(w.nextDeadline(100)).isEqualTo(300);
    assertThat(w.poll(300)).singleElement().extracting(Send::attempt).isEqualTo(3);
    assertThat(w.nextDeadline(300)).isEqualTo(700);
    assertThat(w.waitFor(5)).isEqualTo(1000);
    assertThat(w.resent()).isEqualTo(2);
    assertThat(w.fail(0, 300)).isTrue();
    assertThat(w.poll(301)).as("a failure waits for the backoff").isEmpty();
  }

  @Test
  @DisplayName("BLOCK: a full queue stops the source; DROP_OLDEST drops and counts the oldest")
  void policies() {
    DeliveryWindow<String> block = new DeliveryWindow<>(settings(Policy.BLOCK));
    for (String c : List.of("a", "b", "c")) {
      block.offer(c);
    }
    assertThat(block.canAccept()).isFalse();
    assertThatThrownBy(() -> block.offer("d")).isInstanceOf(IllegalStateException.class);
    block.poll(0);
    assertThat(block.canAccept()).isTrue();

    DeliveryWindow<String> drop = new DeliveryWindow<>(settings(Policy.DROP_OLDEST));
    for (String c : List.of("a", "b", "c", "d", "e")) {
      assertThat(drop.canAccept()).isTrue();
      drop.offer(c);
    }
    assertThat(drop.dropped()).isEqualTo(2);
    assertThat(drop.poll(0)).extracting(Send::chunk).containsExactly("c", "d");
  }
}
