package org.divs.bus;

/**
 * A positive reply: how many items were taken and how many were already there.
 *
 * @param accepted items taken (frames stored, updates merged)
 * @param duplicates items ignored as already held
 */
public record Ack(int accepted, int duplicates) {}
