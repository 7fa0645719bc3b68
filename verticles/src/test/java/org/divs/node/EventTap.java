package org.divs.node;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.divs.bus.Addresses;
import org.divs.bus.ConsoleEvent;
import org.divs.testing.ClusterFixture;

/** Collects the console events published on a Vertx, for assertions. */
final class EventTap {
  private final List<ConsoleEvent> events = new CopyOnWriteArrayList<>();

  /** Starts collecting (the consumer is registered when this returns). */
  static EventTap on(Vertx vertx) throws Exception {
    EventTap tap = new EventTap();
    ClusterFixture.await(
        vertx
            .eventBus()
            .<ConsoleEvent>localConsumer(Addresses.CONSOLE_EVENTS, m -> tap.events.add(m.body()))
            .completion());
    return tap;
  }

  /** Payloads of every event of {@code type} from {@code source}, oldest first. */
  List<JsonObject> of(String type, String source) {
    return events.stream()
        .filter(e -> e.type().equals(type) && e.source().equals(source))
        .map(e -> new JsonObject(e.json()))
        .toList();
  }

  /** The latest payload of {@code type} from {@code source}. */
  Optional<JsonObject> latest(String type, String source) {
    List<JsonObject> all = of(type, source);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** A terminal's latest state, or "" before its first event. */
  String state(String terminal) {
    return latest("terminal", terminal).map(p -> p.getString("state", "")).orElse("");
  }

  /** The messages of every error event. */
  List<String> errors() {
    return events.stream()
        .filter(e -> e.type().equals("error"))
        .map(e -> new JsonObject(e.json()).getString("message"))
        .toList();
  }
}
