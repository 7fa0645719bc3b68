package org.divs.bus;

/**
 * The cloud's order to a donor edge, sent to {@link Addresses#edgeMigrate}: move about {@code
 * frames} frames (whole chunks of one terminal at a time) to edge {@code to}. The donor replies
 * once the order is accepted; transfer events report progress.
 *
 * @param transferId unique per order, so a resent order or batch is harmless
 * @param period the migration period that planned it
 * @param from the donor edge
 * @param to the receiving edge
 * @param frames frames to move
 */
public record MigrationOrder(String transferId, long period, String from, String to, long frames) {}
