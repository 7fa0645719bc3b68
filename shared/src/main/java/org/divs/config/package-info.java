/**
 * The topology config: the JSON a city is described in, its schema, its validation and the
 * immutable {@link org.divs.config.Topology} the rest of the system reads.
 *
 * <p>{@link org.divs.config.TopologyLoader} parses and validates the JSON against {@code
 * topology-schema.json} (keys, types, ranges, defaults); {@link org.divs.config.TopologyRules}
 * checks what a schema cannot (ids, the tree). Every key is documented in {@code config/README.md}.
 */
package org.divs.config;
