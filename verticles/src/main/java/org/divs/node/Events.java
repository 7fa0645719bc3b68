package org.divs.node;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.divs.bus.Addresses;
import org.divs.bus.ConsoleEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Raising console events: published so the console and a local launcher both see them. */
final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private Events() {}

  static void publish(Vertx vertx, String type, String source, JsonObject payload) {
    vertx
        .eventBus()
        .publish(Addresses.CONSOLE_EVENTS, ConsoleEvent.of(type, source, payload.encode()));
  }

  /** An error event naming what and where; also logged. */
  static void error(Vertx vertx, String source, String what) {
    LOG.warn("{}: {}", source, what);
    publish(vertx, "error", source, new JsonObject().put("message", what));
  }

  /** An update refused, never merged: an error event of kind "refused". */
  static void refused(Vertx vertx, String source, String why) {
    LOG.warn("{}: refused {}", source, why);
    publish(
        vertx,
        "error",
        source,
        new JsonObject().put("kind", "refused").put("message", "refused " + why));
  }

  /** A node (unit) state change. */
  static void node(Vertx vertx, String id, String kind, String state) {
    publish(
        vertx, "node", id, new JsonObject().put("id", id).put("kind", kind).put("state", state));
  }
}
