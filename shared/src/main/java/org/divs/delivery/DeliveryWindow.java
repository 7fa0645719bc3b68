package org.divs.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A terminal's side of delivery to its edge: chunks wait in a bounded queue, at most {@code
 * maxInFlight} are sent and unacknowledged at once, and a chunk not acknowledged in time is sent
 * again after an exponentially growing delay until it is acknowledged. Nothing is ever given up:
 * only the {@link Policy} decides what happens when the edge stays slow and the queue is full.
 *
 * <p>Driven by explicit calls with the time passed in (no threads, no timers): the owner {@link
 * #offer}s chunks (when {@link #canAccept()}), calls {@link #poll(long)} to learn what to send now,
 * reports replies with {@link #ack} and {@link #fail}, and arms one timer for {@link
 * #nextDeadline()}. The edge must de-duplicate (a resent chunk can arrive twice); an ack for a
 * chunk already acknowledged is ignored. Not thread-safe: one owner (a verticle's context).
 *
 * @param <T> the chunk type (a {@code FrameBatch})
 */
public final class DeliveryWindow<T> {
  /** What to do when the edge stays slow and the queue of unsent chunks is full. */
  public enum Policy {
    /** Stop reading the source: {@link #canAccept()} is false until the queue has room. */
    BLOCK,
    /** Drop the oldest unsent chunk to make room, and count it in {@link #dropped()}. */
    DROP_OLDEST
  }

  /**
   * Settings.
   *
   * @param maxInFlight chunks sent and not yet acknowledged, at most
   * @param maxQueued chunks waiting to be sent, at most
   * @param timeoutMs how long the first send waits for its ack
   * @param backoffFactor each resend waits this many times longer than the one before (>= 1)
   * @param maxWaitMs the longest wait for an ack
   * @param policy what to do when the queue is full
   */
  public record Settings(
      int maxInFlight,
      int maxQueued,
      long timeoutMs,
      double backoffFactor,
      long maxWaitMs,
      Policy policy) {
    /** Checks the ranges. */
    public Settings {
      Objects.requireNonNull(policy, "policy");
      if (maxInFlight < 1
          || maxQueued < 1
          || timeoutMs < 1
          || !(backoffFactor >= 1)
          || maxWaitMs < timeoutMs) {
        throw new IllegalArgumentException("bad delivery settings");
      }
    }
  }

  /**
   * One chunk to send now.
   *
   * @param id the chunk's number in this window (ack with it)
   * @param chunk the chunk
   * @param attempt 1 for the first send, 2 for the first resend, ...
   */
  public record Send<T>(long id, T chunk, int attempt) {}

  private static final class Pending<T> {
    final long id;
    final T chunk;
    int attempts;
    long deadline;

    Pending(long id, T chunk) {
      this.id = id;
      this.chunk = chunk;
    }
  }

  private final Settings settings;
  private final Deque<Pending<T>> queue = new ArrayDeque<>();
  private final Map<Long, Pending<T>> inFlight = new LinkedHashMap<>();
  private long nextId;
  private long offered;
  private long sent;
  private long resent;
  private long acked;
  private long dropped;
  private T lastDropped;

  /** A window with these settings. */
  public DeliveryWindow(Settings settings) {
    this.settings = settings;
  }

  /** The settings. */
  public Settings settings() {
    return settings;
  }

  /**
   * Whether the source should be read for another chunk: under {@link Policy#BLOCK} only while the
   * queue has room; under {@link Policy#DROP_OLDEST} always.
   */
  public boolean canAccept() {
    return settings.policy() == Policy.DROP_OLDEST || queue.size() < settings.maxQueued();
  }

  /**
   * Queues a chunk. Under {@link Policy#DROP_OLDEST} a full queue first drops its oldest chunk.
   *
   * @return the chunk's id
   * @throws IllegalStateException under {@link Policy#BLOCK} when the queue is full (check {@link
   *     #canAccept()} first)
   */
  public long offer(T chunk) {
    Objects.requireNonNull(chunk, "chunk");
    if (queue.size() >= settings.maxQueued()) {
      if (settings.policy() == Policy.BLOCK) {
        throw new IllegalStateException("delivery queue full: the source must wait (BLOCK)");
      }
      lastDropped = queue.pollFirst().chunk;
      dropped++;
    } else {
      lastDropped = null;
    }
    long id = nextId++;
    queue.addLast(new Pending<>(id, chunk));
    offered++;
    return id;
  }

  /**
   * What to send at {@code nowMs}: first the resends of chunks whose wait ran out (oldest first),
   * then queued chunks while fewer than {@code maxInFlight} are in flight.
   */
  public List<Send<T>> poll(long nowMs) {
    List<Send<T>> out = new ArrayList<>();
    for (Pending<T> p : inFlight.values()) {
      if (p.deadline <= nowMs) {
        out.add(transmit(p, nowMs));
        resent++;
      }
    }
    while (inFlight.size() < settings.maxInFlight() && !queue.isEmpty()) {
      Pending<T> p = queue.pollFirst();
      inFlight.put(p.id, p);
      out.add(transmit(p, nowMs));
      sent++;
    }
    return out;
  }

  private Send<T> transmit(Pending<T> p, long nowMs) {
    p.attempts++;
    p.deadline = nowMs + waitFor(p.attempts);
    return new Send<>(p.id, p.chunk, p.attempts);
  }

  /** How long attempt {@code n} (1 = first send) waits for its ack. */
  public long waitFor(int n) {
    double w = settings.timeoutMs() * Math.pow(settings.backoffFactor(), n - 1);
    return (long) Math.min(settings.maxWaitMs(), w);
  }

  /**
   * The edge acknowledged chunk {@code id} (its durable put is done).
   *
   * @return true the first time, false for an unknown or already acknowledged id
   */
  public boolean ack(long id) {
    if (inFlight.remove(id) == null) {
      return false;
    }
    acked++;
    return true;
  }

  /**
   * The send of chunk {@code id} failed at {@code nowMs} (an error reply, a closed connection): it
   * is resent once its current wait has run out, not at once, so a failing edge is not hammered.
   *
   * @return whether the chunk was in flight
   */
  public boolean fail(long id, long nowMs) {
    return inFlight.containsKey(id);
  }

  /** The earliest time {@link #poll} has something to do, or {@code Long.MAX_VALUE}. */
  public long nextDeadline(long nowMs) {
    if (!queue.isEmpty() && inFlight.size() < settings.maxInFlight()) {
      return nowMs;
    }
    long d = Long.MAX_VALUE;
    for (Pending<T> p : inFlight.values()) {
      d = Math.min(d, p.deadline);
    }
    return d;
  }

  /** Whether every offered chunk was acknowledged or dropped. */
  public boolean drained() {
    return queue.isEmpty() && inFlight.isEmpty();
  }

  /** Chunks sent and not yet acknowledged. */
  public int inFlight() {
    return inFlight.size();
  }

  /** Chunks waiting to be sent. */
  public int queued() {
    return queue.size();
  }

  /** Chunks offered. */
  public long offered() {
    return offered;
  }

  /** First sends. */
  public long sent() {
    return sent;
  }

  /** Resends. */
  public long resent() {
    return resent;
  }

  /** Chunks acknowledged (each once). */
  public long acked() {
    return acked;
  }

  /** The chunk the latest {@link #offer} dropped to make room, or null when it dropped none. */
  public T lastDropped() {
    return lastDropped;
  }

  /** Chunks dropped unsent under {@link Policy#DROP_OLDEST}. */
  public long dropped() {
    return dropped;
  }
}
