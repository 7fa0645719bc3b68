package org.divs.deploy;

/**
 * A unit of deployment: the parts that always live together (ARCHITECTURE.md "Units").
 *
 * @param kind what it is
 * @param id its id in the topology
 * @param node the node name the topology places it on
 */
public record Unit(Kind kind, String id, String node) {
  /** The kinds of unit, in deployment order. */
  public enum Kind {
    /** The cloud: top aggregation, round log, evaluation, checkpoints and the console. */
    CLOUD,
    /** A district, county or other non-street edge: merges its children's updates. */
    AGGREGATOR,
    /** A street edge with its store, crop worker and one trainer per task. */
    EDGE,
    /** A monitoring terminal (camera). */
    TERMINAL
  }
}
