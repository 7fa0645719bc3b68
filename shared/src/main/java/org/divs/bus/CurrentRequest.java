package org.divs.bus;

/**
 * An edge's request for the current global weights of a task, on join or rejoin; answered with a
 * {@link GlobalWeights}.
 *
 * @param task task id
 * @param from the asking edge
 */
public record CurrentRequest(String task, String from) {}
