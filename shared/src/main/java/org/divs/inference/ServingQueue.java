package org.divs.inference;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The inference worker's bounded queue: every chunk offered is either queued to be served or, when
 * the queue is full, answered at once as dropped, so served + dropped = chunks. Full means {@code
 * capacity} chunks waiting, or (with a cost) a chunk whose cost would take the waiting cost past
 * {@code maxCost}; a chunk offered to an empty queue is always taken. Thread-safe.
 *
 * @param <C> a chunk
 */
public final class ServingQueue<C> {
  private final ArrayDeque<C> queue = new ArrayDeque<>();
  private final int capacity;
  private final long maxCost;
  private final ToIntFunction<? super C> cost;
  private long waitingCost;
  private long offered;
  private long served;
  private long dropped;

  /**
   * @param capacity chunks waiting at most
   */
  public ServingQueue(int capacity) {
    this(capacity, Long.MAX_VALUE, c -> 0);
  }

  /**
   * A queue bounded in chunks and in their summed cost (for instance the crops they carry).
   *
   * @param capacity chunks waiting at most
   * @param maxCost summed cost of the chunks waiting at most
   * @param cost the cost of a chunk, at least 0
   */
  public ServingQueue(int capacity, long maxCost, ToIntFunction<? super C> cost) {
    if (capacity < 1 || maxCost < 0) {
      throw new IllegalArgumentException(
          "capacity must be at least 1 and maxCost at least 0, got " + capacity + ", " + maxCost);
    }
    this.capacity = capacity;
    this.maxCost = maxCost;
    this.cost = cost;
  }

  /** Queues {@code chunk}; false when the queue is full and the chunk is counted dropped. */
  public synchronized boolean offer(C chunk) {
    offered++;
    int c = cost.applyAsInt(chunk);
    if (queue.size() >= capacity || (!queue.isEmpty() && waitingCost + c > maxCost)) {
      dropped++;
      return false;
    }
    queue.addLast(chunk);
    waitingCost += c;
    return true;
  }

  /** The next chunk to serve, counted served. */
  public synchronized Optional<C> poll() {
    C next = queue.pollFirst();
    if (next != null) {
      served++;
      waitingCost -= cost.applyAsInt(next);
    }
    return Optional.ofNullable(next);
  }

  /** Chunks offered so far. */
  public synchronized long offered() {
    return offered;
  }

  /** Chunks taken to be served. */
  public synchronized long served() {
    return served;
  }

  /** Chunks answered as dropped. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Chunks waiting now. */
  public synchronized int waiting() {
    return queue.size();
  }
}
