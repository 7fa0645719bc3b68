package org.divs.experiments;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.divs.bus.Addresses;
import org.divs.bus.ConsoleEvent;
import org.divs.bus.VertxFactory;
import org.divs.config.Topology;
import org.divs.deploy.Deployer;
import org.divs.node.DivsUnits;

/** Runs a whole city in this JVM, without its console, and collects its round events. */
public final class CityRun {
  private CityRun() {}

  /**
   * Deploys every unit of {@code t}, waits until every task has done {@code rounds} rounds and
   * returns the round events in order (round 0, the initial evaluation, included). The DJL engine
   * must be loaded already.
   */
  public static List<JsonObject> rounds(Topology t, long rounds) throws Exception {
    return rounds(t, rounds, (type, payload) -> {});
  }

  /**
   * As {@link #rounds(Topology, long)}, handing every console event (type, payload) to {@code
   * listener} as it arrives, on the event loop: keep it quick.
   */
  public static List<JsonObject> rounds(
      Topology t, long rounds, BiConsumer<String, JsonObject> listener) throws Exception {
    Vertx vertx = VertxFactory.local();
    List<JsonObject> events = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      vertx
          .eventBus()
          .<ConsoleEvent>consumer(
              Addresses.CONSOLE_EVENTS,
              m -> {
                JsonObject payload = new JsonObject(m.body().json());
                listener.accept(m.body().type(), payload);
                if (m.body().type().equals("round")) {
                  events.add(payload);
                } else if (m.body().type().equals("done")) {
                  done.complete(null);
                }
              });
      JsonObject extras = new JsonObject().put("rounds", rounds).put("console", false);
      Deployer.deploy(vertx, t, UUID.randomUUID().toString(), u -> true, new DivsUnits(extras))
          .toCompletionStage()
          .toCompletableFuture()
          .get(5, TimeUnit.MINUTES);
      done.get(3, TimeUnit.HOURS);
      return events;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
  }
}
