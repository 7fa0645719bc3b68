package org.divs.inference;

import java.util.Optional;

/**
 * The newest global model waiting to replace the one serving. Offered from the bus, taken by the
 * inference worker between chunks, so a chunk is served wholly by one round. Thread-safe.
 *
 * @param <M> the model payload (for instance the global weights)
 */
public final class ModelSlot<M> {
  /** A model with the round that produced it. */
  public record Versioned<M>(long round, M model) {}

  private Versioned<M> waiting;

  /** Offers a model; an older or equal round than one already waiting is ignored. */
  public synchronized boolean offer(long round, M model) {
    if (waiting != null && waiting.round() >= round) {
      return false;
    }
    waiting = new Versioned<>(round, model);
    return true;
  }

  /** Takes the waiting model if it is newer than {@code servingRound}. */
  public synchronized Optional<Versioned<M>> takeNewer(long servingRound) {
    if (waiting == null || waiting.round() <= servingRound) {
      return Optional.empty();
    }
    Versioned<M> next = waiting;
    waiting = null;
    return Optional.of(next);
  }
}
