package org.divs.store;

/**
 * An edge store's frame accounting. It balances when {@code acked = stored + evicted + migratedOut
 * - migratedIn}.
 *
 * @param acked frames acknowledged to terminals (first copies only)
 * @param stored frames held now
 * @param evicted frames dropped to stay within capacity, oldest first
 * @param migratedOut frames moved to other edges (deleted here after the receiver's ack)
 * @param migratedIn frames received from other edges
 */
public record Ledger(long acked, long stored, long evicted, long migratedOut, long migratedIn) {
  /** Whether the ledger balances. */
  public boolean balanced() {
    return acked == stored + evicted + migratedOut - migratedIn;
  }
}
