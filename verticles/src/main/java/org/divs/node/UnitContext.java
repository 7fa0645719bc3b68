package org.divs.node;

import io.vertx.core.json.JsonObject;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;

/**
 * What every unit verticle reads from its {@code config()}: its id, the run id and the topology.
 *
 * @param id the unit's id
 * @param runId the current run
 * @param topology the whole (validated) topology
 * @param config the raw config, for unit-specific extras
 */
record UnitContext(String id, String runId, Topology topology, JsonObject config) {
  static UnitContext of(JsonObject config) {
    return new UnitContext(
        config.getString("unit"),
        config.getString("runId"),
        TopologyLoader.parse(config.getJsonObject("topology").encode()),
        config);
  }
}
