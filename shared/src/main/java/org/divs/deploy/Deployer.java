package org.divs.deploy;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.divs.config.EdgeSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one deployer: takes a topology and a predicate over its units and deploys the selected units,
 * cloud first, then aggregators, street edges and terminals, so every consumer exists before
 * anything sends to it. Used by the launcher ({@code --node} is the predicate) and by tests alike.
 */
public final class Deployer {
  private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

  /** Builds the verticle of a unit. */
  public interface UnitVerticles {
    /** The verticle for {@code unit}. */
    io.vertx.core.Deployable create(Unit unit);

    /**
     * How to deploy it (worker or event loop, pools); its {@code config} is set by the deployer.
     */
    DeploymentOptions options(Unit unit);
  }

  private Deployer() {}

  /** Every unit of the topology, in deployment order. */
  public static List<Unit> units(Topology t) {
    List<Unit> units = new ArrayList<>();
    units.add(new Unit(Unit.Kind.CLOUD, t.cloud().id(), t.cloud().node()));
    for (EdgeSpec e : t.edges()) {
      if (!t.isStreet(e.id())) {
        units.add(new Unit(Unit.Kind.AGGREGATOR, e.id(), e.node()));
      }
    }
    for (EdgeSpec e : t.edges()) {
      if (t.isStreet(e.id())) {
        units.add(new Unit(Unit.Kind.EDGE, e.id(), e.node()));
      }
    }
    for (TerminalSpec term : t.terminals()) {
      units.add(new Unit(Unit.Kind.TERMINAL, term.id(), term.node()));
    }
    return units;
  }

  /** The config every unit's verticle reads: its unit, the run id and the whole topology. */
  public static JsonObject unitConfig(Unit unit, String runId, Topology t) {
    return new JsonObject()
        .put("unit", unit.id())
        .put("kind", unit.kind().name())
        .put("runId", runId)
        .put("topology", new JsonObject(t.json()));
  }

  /**
   * Deploys the units of {@code t} that {@code which} selects, one after another in deployment
   * order; the future holds the deployment ids, or fails with the first failure (units already
   * deployed stay deployed: close the Vertx to undo).
   */
  public static Future<List<String>> deploy(
      Vertx vertx, Topology t, String runId, Predicate<Unit> which, UnitVerticles verticles) {
    List<String> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Unit unit : units(t)) {
      if (!which.test(unit)) {
        continue;
      }
      chain =
          chain.compose(
              v -> {
                DeploymentOptions options = verticles.options(unit);
                JsonObject extras =
                    options.getConfig() == null ? new JsonObject() : options.getConfig();
                options.setConfig(extras.mergeIn(unitConfig(unit, runId, t)));
                return vertx
                    .deployVerticle(verticles.create(unit), options)
                    .map(
                        id -> {
                          LOG.debug("deployed {} {}", unit.kind(), unit.id());
                          ids.add(id);
                          return null;
                        });
              });
    }
    return chain.map(v -> ids);
  }

  /**
   * Undeploys {@code ids} one after another in reverse order (terminals first, the cloud last), so
   * no unit sends to one already gone; failures are skipped.
   */
  public static Future<Void> undeploy(Vertx vertx, List<String> ids) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = ids.size() - 1; i >= 0; i--) {
      String id = ids.get(i);
      chain = chain.compose(v -> vertx.undeploy(id).otherwiseEmpty());
    }
    return chain;
  }
}
