package org.divs.node;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.divs.bus.Ack;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;

/**
 * Watches a Vertx's event bus from the outside (interceptors, no hook in production code): which
 * frame ids a terminal sent in each request and which requests were acked, so a test knows every
 * acked frame. Optionally drops or delays acks at random, seeded.
 */
final class AckLog {
  private final Map<String, List<FrameId>> pending = new ConcurrentHashMap<>();
  private final Set<FrameId> acked = ConcurrentHashMap.newKeySet();
  private final Set<FrameId> sent = ConcurrentHashMap.newKeySet();
  private volatile Consumer<List<FrameId>> onAck = ids -> {};
  private volatile double dropP;
  private volatile double delayP;
  private volatile long maxDelayMs;
  private volatile boolean holdAll;
  private Random random = new Random(1);
  private long dropped;
  private long delayed;

  /** Installs the interceptors on {@code vertx}. */
  static AckLog install(Vertx vertx) {
    AckLog log = new AckLog();
    vertx.eventBus().addOutboundInterceptor(log::outbound);
    vertx.eventBus().addInboundInterceptor(ctx -> log.inbound(vertx, ctx));
    return log;
  }

  /** Drops acks with probability {@code drop} and delays others with {@code delay}, seeded. */
  AckLog chaos(long seed, double drop, double delay, long maxDelay) {
    random = new Random(seed);
    dropP = drop;
    delayP = delay;
    maxDelayMs = maxDelay;
    return this;
  }

  /** While true, every ack is dropped (a stalled edge). */
  void holdAll(boolean hold) {
    holdAll = hold;
  }

  /** Calls {@code c} (on an event loop) with the frame ids of each ack let through. */
  AckLog onAck(Consumer<List<FrameId>> c) {
    onAck = c;
    return this;
  }

  private void outbound(DeliveryContext<Object> ctx) {
    if (ctx.body() instanceof FrameBatch b && ctx.message().replyAddress() != null) {
      List<FrameId> ids = new ArrayList<>(b.frames().size());
      for (int i = 0; i < b.frames().size(); i++) {
        ids.add(b.idOf(i));
      }
      sent.addAll(ids);
      pending.put(ctx.message().replyAddress(), ids);
    }
    ctx.next();
  }

  private void inbound(Vertx vertx, DeliveryContext<Object> ctx) {
    String address = ctx.message().address();
    List<FrameId> ids = pending.get(address);
    if (ids == null || !(ctx.body() instanceof Ack)) {
      ctx.next();
      return;
    }
    double r;
    long delay;
    synchronized (this) {
      r = random.nextDouble();
      delay = 1 + (long) (random.nextDouble() * maxDelayMs);
      if (holdAll || r < dropP) {
        dropped++;
        return;
      }
      if (r < dropP + delayP) {
        delayed++;
      } else {
        delay = 0;
      }
    }
    Runnable deliver =
        () -> {
          pending.remove(address);
          acked.addAll(ids);
          onAck.accept(ids);
          ctx.next();
        };
    if (delay == 0) {
      deliver.run();
    } else {
      vertx.setTimer(delay, t -> deliver.run());
    }
  }

  /** Frame ids whose ack was let through to the terminal. */
  Set<FrameId> acked() {
    return Set.copyOf(acked);
  }

  /** Frame ids sent at least once. */
  Set<FrameId> sent() {
    return Set.copyOf(sent);
  }

  /** Acks dropped so far. */
  synchronized long dropped() {
    return dropped;
  }

  /** Acks delayed so far. */
  synchronized long delayed() {
    return delayed;
  }
}
