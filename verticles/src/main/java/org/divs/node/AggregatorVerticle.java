package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.divs.bus.Addresses;
import org.divs.bus.CurrentRequest;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LocalUpdate;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.sync.RoundCollector;
import org.divs.sync.WeightDecompressor;
import org.divs.sync.Weights;

/**
 * A district (or county, ...) edge: merges its children's updates of each round exactly and sends
 * the partial up, when every child answered or at its deadline with those present (the missing
 * named). It learns each round, the run and the model size from the globals coming down.
 *
 * <p>Its deadline is the round deadline x 0.8^level (level 1 = child of the cloud), so a partial
 * from further down still reaches the cloud before the cloud's own deadline.
 */
final class AggregatorVerticle extends VerticleBase {
  private UnitContext unit;
  private String parent;
  private long deadlineMs;
  private String runId;
  private PendingUpdates pending;
  private final Map<String, WeightDecompressor> downlink = new HashMap<>();
  private final Map<String, Long> deadlines = new HashMap<>();

  @Override
  public Future<?> start() {
    unit = UnitContext.of(config());
    Topology t = unit.topology();
    parent = t.parentOf(unit.id()).orElseThrow();
    deadlineMs = (long) (t.sync().deadlineMs() * Math.pow(0.8, t.levelOf(unit.id())));
    runId = unit.runId();
    pending = newPending();
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

  private PendingUpdates newPending() {
    return new PendingUpdates(why -> Events.refused(vertx, unit.id(), why));
  }

  /** Asks for the current global of a task (it may have been sent before this node was up). */
  private void join(String task) {
    vertx
        .eventBus()
        .<GlobalWeights>request(Addresses.syncCurrent(task), new CurrentRequest(task, unit.id()))
        .onSuccess(m -> onGlobal(m.body()));
  }

  private void onGlobal(GlobalWeights g) {
    if (!runId.equals(g.runId())) {
      runId = g.runId();
      pending = newPending();
    }
    Weights view;
    try {
      view =
          downlink
              .computeIfAbsent(g.task(), k -> new WeightDecompressor())
              .accept(g.round(), g.payload());
    } catch (IllegalStateException e) {
      join(g.task());
      return;
    }
    RoundCollector c = pending.get(g.task());
    if (c == null) {
      c = new RoundCollector(runId, Children.of(unit.topology(), unit.id()), view.size());
      pending.put(g.task(), c);
    }
    if (g.round() + 1 > c.round()) {
      long round = g.round() + 1;
      String task = g.task();
      pending.begin(task, round, view).forEach(this::onUpdate);
      // the timer holds the task's name, never the global: a global and the weights decoded from
      // it are megabytes, and a deadline outlives many fast rounds; a new round ends the last one's
      Long previous =
          deadlines.put(task, vertx.setTimer(deadlineMs, id -> onDeadline(task, round)));
      if (previous != null) {
        vertx.cancelTimer(previous);
      }
    }
  }

  private void onUpdate(Message<LocalUpdate> msg) {
    RoundCollector c = pending.offer(msg);
    if (c == null) {
      return;
    }
    if (c.complete()) {
      sendUp(c, msg.body().task());
    }
  }

  private void onDeadline(String task, long round) {
    RoundCollector c = pending.get(task);
    if (c != null && c.round() == round && !c.complete() && !c.sent()) {
      sendUp(c, task);
    }
  }

  private void sendUp(RoundCollector c, String task) {
    c.markSent();
    LocalUpdate merged = c.merged(task, unit.id());
    vertx
        .eventBus()
        .request(Addresses.aggLocal(parent), merged)
        .onFailure(
            e ->
                Events.error(
                    vertx,
                    unit.id(),
                    task
                        + " partial for round "
                        + merged.round()
                        + " not taken: "
                        + e.getMessage()));
  }
}
