package org.divs.node;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;

/**
 * The verticle of each kind of unit, for the {@link Deployer}. Terminals run on the {@code divs-io}
 * worker pool (rendering and encoding block); the others on event loops, each deploying its own
 * workers.
 */
public final class DivsUnits implements Deployer.UnitVerticles {
  /** Worker pool of the terminals. */
  public static final String IO_POOL = "divs-io";

  private final JsonObject cloudExtras;

  /** Units whose cloud gets {@code cloudExtras} in its config ({@code rounds}, {@code console}). */
  public DivsUnits(JsonObject cloudExtras) {
    this.cloudExtras = cloudExtras.copy();
  }

  @Override
  public Deployable create(Unit unit) {
    return switch (unit.kind()) {
      case CLOUD -> new CloudVerticle();
      case AGGREGATOR -> new AggregatorVerticle();
      case EDGE -> new EdgeVerticle();
      case TERMINAL -> new TerminalVerticle();
    };
  }

  @Override
  public DeploymentOptions options(Unit unit) {
    DeploymentOptions o = new DeploymentOptions();
    if (unit.kind() == Unit.Kind.CLOUD) {
      o.setConfig(cloudExtras.copy());
    }
    if (unit.kind() == Unit.Kind.TERMINAL) {
      o.setThreadingModel(ThreadingModel.WORKER)
          .setWorkerPoolName(IO_POOL)
          .setWorkerPoolSize(2)
          .setMaxWorkerExecuteTime(1)
          .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES);
    }
    return o;
  }
}
