package org.divs.inference;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The inference worker's bounded queue: every chunk offered is either queued to be served or, when
 * the queue is full, answered at once as dropped, so served + dropped = chunks. Thread-safe.
 *
 * @param <C> a chunk
 */
public final class ServingQueue<C> {
  private final ArrayDeque<C> queue = new ArrayDeque<>();
  private final int capacity;
  private long offered;
  private long served;
  private long dropped;

  /**
   * @param capacity chunks waiting at most
   */
  public ServingQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Queues {@code chunk}; false when the queue is full and the chunk is counted dropped. */
  public synchronized boolean offer(C chunk) {
    offered++;
    if (queue.size() >= capacity) {
      dropped++;
      return false;
    }
    queue.addLast(chunk);
    return true;
  }

  /** The next chunk to serve, counted served. */
  public synchronized Optional<C> poll() {
    C next = queue.pollFirst();
    if (next != null) {
      served++;
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
