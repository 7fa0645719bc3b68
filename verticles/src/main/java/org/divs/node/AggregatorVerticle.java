package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.divs.bus.Addresses;
import org.divs.bus.CurrentRequest;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LocalUpdate;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.sync.RoundCollector;

/**
 * A district (or county, ...) edge: merges its children's updates of each round exactly and sends
 * the partial up. It learns each round, and the model size, from the globals coming down.
 */
final class AggregatorVerticle extends VerticleBase {
  private UnitContext unit;
  private String parent;
  private final PendingUpdates pending = new PendingUpdates();

  @Override
  public Future<?> start() {
    unit = UnitContext.of(config());
    Topology t = unit.topology();
    parent = t.parentOf(unit.id()).orElseThrow();
    List<Future<?>> ready = new ArrayList<>();
    for (TaskSpec task : t.tasks()) {
      MessageConsumer<GlobalWeights> c =
          vertx.eventBus().consumer(Addresses.syncGlobal(task.id()), m -> onGlobal(m.body()));
      ready.add(c.completion());
    }
    MessageConsumer<LocalUpdate> updates =
        vertx.eventBus().consumer(Addresses.aggLocal(unit.id()), this::onUpdate);
    ready.add(updates.completion());
    return Future.all(ready)
        .onSuccess(
            v -> {
              t.tasks().forEach(task -> join(task.id()));
              Events.node(vertx, unit.id(), "aggregator", "up");
            });
  }

  /** Asks for the current global of a task (it may have been sent before this node was up). */
  private void join(String task) {
    vertx
        .eventBus()
        .<GlobalWeights>request(Addresses.syncCurrent(task), new CurrentRequest(task, unit.id()))
        .onSuccess(m -> onGlobal(m.body()));
  }

  private void onGlobal(GlobalWeights g) {
    if (!unit.runId().equals(g.runId())) {
      return;
    }
    RoundCollector c = pending.get(g.task());
    if (c == null) {
      c =
          new RoundCollector(
              unit.runId(),
              new HashSet<>(unit.topology().childrenOf(unit.id())),
              g.weights().size());
      pending.put(g.task(), c);
    }
    if (g.round() + 1 > c.round()) {
      pending.begin(g.task(), g.round() + 1).forEach(this::onUpdate);
    }
  }

  private void onUpdate(Message<LocalUpdate> msg) {
    RoundCollector c = pending.offer(msg);
    if (c != null && c.complete()) {
      LocalUpdate merged = c.merged(msg.body().task(), unit.id());
      vertx
          .eventBus()
          .request(Addresses.aggLocal(parent), merged)
          .onFailure(
              e ->
                  Events.error(
                      vertx,
                      unit.id(),
                      "partial for round " + merged.round() + " refused: " + e.getMessage()));
    }
  }
}
