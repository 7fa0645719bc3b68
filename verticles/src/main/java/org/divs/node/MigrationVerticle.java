package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.stream.Collectors;
import org.divs.bus.Addresses;
import org.divs.bus.Control;
import org.divs.bus.LoadReport;
import org.divs.bus.MigrationOrder;
import org.divs.config.EdgeSpec;
import org.divs.config.MigrationSpec;
import org.divs.migration.MigrationCoordinator;
import org.divs.migration.MigrationPlanner;

/**
 * The cloud's dynamic data migration (deployed by the cloud): it takes the street edges' load
 * reports, closes a period every {@code migration.periodMs} (or when the console asks), publishes
 * the balance and, when B_now reaches theta and migration is enabled, orders each donor to move
 * frames. The planning is {@link MigrationCoordinator}'s.
 */
final class MigrationVerticle extends VerticleBase {
  private UnitContext unit;
  private MigrationSpec spec;
  private MigrationCoordinator coordinator;

  @Override
  public Future<?> start() {
    unit = UnitContext.of(config());
    spec = unit.topology().migration();
    coordinator =
        new MigrationCoordinator(
            new MigrationPlanner(spec.thetaMs(), spec.xi()),
            unit.topology().streetEdges().stream().map(EdgeSpec::id).collect(Collectors.toSet()));
    vertx.setPeriodic(spec.periodMs(), spec.periodMs(), id -> closePeriod());
    return Future.all(
        vertx.eventBus().<LoadReport>consumer(Addresses.CLOUD_STATS, this::onReport).completion(),
        vertx
            .eventBus()
            .<Control>consumer(Addresses.CLOUD_MIGRATION_CHECK, this::onCheck)
            .completion());
  }

  private void onReport(Message<LoadReport> msg) {
    LoadReport r = msg.body();
    try {
      coordinator.report(r);
    } catch (IllegalArgumentException e) {
      Events.error(vertx, unit.id(), e.getMessage());
      return;
    }
    Events.publish(
        vertx,
        "stats",
        r.edge(),
        new JsonObject()
            .put("edge", r.edge())
            .put("period", r.period())
            .put("frames", r.frames())
            .put("samples", new JsonObject(new LinkedHashMap<>(r.samples())))
            .put("TMs", new JsonObject(new LinkedHashMap<>(r.epochMillis())))
            .put("tMs", r.frameMillis())
            .put("free", r.freeCapacity())
            .put("speed", r.speed()));
  }

  private void onCheck(Message<Control> msg) {
    closePeriod();
    msg.reply(msg.body());
  }

  private MigrationCoordinator.Outcome closePeriod() {
    MigrationCoordinator.Outcome o = coordinator.closePeriod();
    JsonObject times = new JsonObject();
    o.loads().forEach(l -> times.put(l.edge(), l.epochMillis()));
    Events.publish(
        vertx,
        "balance",
        unit.id(),
        new JsonObject()
            .put("period", o.period())
            .put("bNow", o.plan().balanceNow())
            .put("theta", spec.thetaMs())
            .put("TMs", times));
    o.previousBalancePlanned()
        .ifPresent(
            planned ->
                migration(
                    "closed",
                    new JsonObject()
                        .put("period", o.period() - 1)
                        .put("bPlan", planned)
                        .put("bAfter", o.plan().balanceNow())));
    if (!spec.enabled() || o.orders().isEmpty()) {
      return o;
    }
    for (MigrationOrder order : o.orders()) {
      migration(
          "planned",
          new JsonObject()
              .put("id", order.transferId())
              .put("period", order.period())
              .put("from", order.from())
              .put("to", order.to())
              .put("frames", order.frames())
              .put("bNow", o.plan().balanceNow())
              .put("bPlan", o.plan().balancePlanned())
              .put("theta", spec.thetaMs()));
      vertx
          .eventBus()
          .request(Addresses.edgeMigrate(order.from()), order)
          .onFailure(
              e ->
                  migration(
                      "failed",
                      new JsonObject()
                          .put("id", order.transferId())
                          .put("from", order.from())
                          .put("to", order.to())
                          .put("frames", 0)
                          .put("reason", e.getMessage())));
    }
    return o;
  }

  private void migration(String phase, JsonObject payload) {
    Events.publish(vertx, "migration", unit.id(), payload.put("phase", phase));
  }
}
