package org.divs.node;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.divs.bus.Ack;
import org.divs.bus.FrameBatch;
import org.divs.delivery.DeliveryWindow;

/**
 * A terminal's sending side: chunks go through a {@link DeliveryWindow} (bounded in flight, resent
 * after a timeout with backoff, the policy when the queue is full) to the edge as request/reply;
 * the ack comes after the edge's durable put. Thin: the window decides, this class sends, arms one
 * timer and counts. Use from one context only.
 */
public final class BatchSender {
  private final Vertx vertx;
  private final String address;
  private final DeliveryWindow<FrameBatch> window;
  private final Runnable onProgress;
  private long timer = -1;
  private long timerDue = Long.MAX_VALUE;
  private boolean closed;
  private long framesOffered;
  private long framesSent;
  private long framesAcked;
  private long framesDropped;
  private long duplicates;
  private long failures;
  private String lastFailure;

  /**
   * A sender.
   *
   * @param vertx the Vertx
   * @param address the edge's frames address
   * @param settings the delivery settings
   * @param onProgress called after every ack or failed send (room may have been made)
   */
  public BatchSender(
      Vertx vertx, String address, DeliveryWindow.Settings settings, Runnable onProgress) {
    this.vertx = vertx;
    this.address = address;
    this.window = new DeliveryWindow<>(settings);
    this.onProgress = onProgress;
  }

  /** Whether another chunk may be offered now (always under DROP_OLDEST). */
  public boolean canAccept() {
    return window.canAccept();
  }

  /** Queues a chunk and sends what the window allows. */
  public void offer(FrameBatch batch) {
    window.offer(batch);
    framesOffered += batch.frames().size();
    FrameBatch dropped = window.lastDropped();
    if (dropped != null) {
      framesDropped += dropped.frames().size();
    }
    pump();
  }

  /** Whether every chunk offered was acked or dropped. */
  public boolean drained() {
    return window.drained();
  }

  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  private void pump() {
    if (closed) {
      return;
    }
    long now = nowMs();
    List<DeliveryWindow.Send<FrameBatch>> sends = window.poll(now);
    for (DeliveryWindow.Send<FrameBatch> s : sends) {
      send(s);
    }
    arm(now);
  }

  private void send(DeliveryWindow.Send<FrameBatch> s) {
    if (s.attempt() == 1) {
      framesSent += s.chunk().frames().size();
    }
    vertx
        .eventBus()
        .<Ack>request(
            address, s.chunk(), new DeliveryOptions().setSendTimeout(window.waitFor(s.attempt())))
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                if (window.ack(s.id())) {
                  framesAcked += s.chunk().frames().size();
                  duplicates += ar.result().body().duplicates();
                }
              } else {
                failures++;
                lastFailure = ar.cause().getMessage();
                window.fail(s.id(), nowMs());
              }
              pump();
              onProgress.run();
            });
  }

  /** Keeps one timer, for the window's next deadline. */
  private void arm(long now) {
    long due = window.nextDeadline(now);
    if (due == timerDue && timer >= 0) {
      return;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    timerDue = due;
    if (due != Long.MAX_VALUE) {
      timer =
          vertx.setTimer(
              Math.max(1, due - now),
              id -> {
                timer = -1;
                timerDue = Long.MAX_VALUE;
                pump();
              });
    }
  }

  /** Stops sending: no resend after this. */
  public void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Frames offered. */
  public long framesOffered() {
    return framesOffered;
  }

  /** Frames acked (in chunks the edge acknowledged). */
  public long framesAcked() {
    return framesAcked;
  }

  /** The last failure of a send (timeout, no consumer, the edge's error), or null. */
  public String lastFailure() {
    return lastFailure;
  }

  /**
   * The counters, as the {@code terminal} console event carries them: {@code frames} (first sent),
   * {@code acked} (frames in acked chunks), {@code duplicates} (of those, frames the edge already
   * held), {@code framesDropped}, {@code chunks: {sent, acked, resent, dropped}}, {@code inFlight},
   * {@code queued}, {@code failures}.
   */
  public JsonObject counters() {
    return new JsonObject()
        .put("frames", framesSent)
        .put("acked", framesAcked)
        .put("duplicates", duplicates)
        .put("framesDropped", framesDropped)
        .put(
            "chunks",
            new JsonObject()
                .put("sent", window.sent())
                .put("acked", window.acked())
                .put("resent", window.resent())
                .put("dropped", window.dropped()))
        .put("inFlight", window.inFlight())
        .put("queued", window.queued())
        .put("failures", failures);
  }
}
