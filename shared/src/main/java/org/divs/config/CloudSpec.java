package org.divs.config;

import java.util.Objects;

/**
 * The cloud: the root of the tree, running the top aggregation, the checkpoints and the console.
 *
 * @param id unit id, shared namespace with edges and terminals
 * @param node name of the node (JVM) the cloud runs in
 * @param checkpoints directory of the per-task checkpoints and round logs
 */
public record CloudSpec(String id, String node, String checkpoints) {

  /** Checks that both parts are present. */
  public CloudSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(node, "node");
  }
}
