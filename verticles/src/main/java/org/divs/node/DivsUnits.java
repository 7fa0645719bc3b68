package org.divs.node;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;

/**
 * The verticle of each kind of unit, for the {@link Deployer}. Every unit runs on an event loop and
 * hands its blocking work to its own workers: terminals read their sources on the {@code divs-io}
 * pool, edges write their stores and cut crops on theirs and deploy their trainers.
 */
public final class DivsUnits implements Deployer.UnitVerticles {
  /** Worker pool where terminals read and encode their sources. */
  public static final String IO_POOL = "divs-io";

  /** Threads of {@link #IO_POOL}. */
  public static final int IO_THREADS = 2;

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
    return o;
  }
}
