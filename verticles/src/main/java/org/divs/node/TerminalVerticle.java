package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.divs.bus.Ack;
import org.divs.bus.Addresses;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.config.SourceSpec;
import org.divs.config.TerminalSpec;
import org.divs.source.FrameSource;
import org.divs.source.SourceFrame;
import org.divs.source.SyntheticSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A monitoring terminal (camera), deployed as a worker verticle: reads its source, sends one chunk
 * per stride to its edge and waits for the ack before the next; at {@code pace: real} it keeps to
 * the stream's frame rate, at {@code pace: max} it goes flat out.
 */
final class TerminalVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TerminalVerticle.class);
  private static final long ACK_TIMEOUT_MS = 30_000;

  private UnitContext unit;
  private TerminalSpec spec;
  private FrameSource source;
  private long incarnation;
  private long seq;
  private long sent;
  private long acked;
  private long startNanos;
  private volatile boolean stopped;

  @Override
  public Future<?> start() {
    unit = UnitContext.of(config());
    spec = unit.topology().terminal(unit.id());
    source = open(spec);
    incarnation = System.currentTimeMillis();
    startNanos = System.nanoTime();
    context.runOnContext(v -> pump());
    return Future.succeededFuture();
  }

  private static FrameSource open(TerminalSpec spec) {
    SourceSpec s = spec.source();
    if (s.type() != SourceSpec.Type.SYNTHETIC) {
      throw new IllegalArgumentException(
          "terminal " + spec.id() + ": source " + s.type() + " is not implemented yet");
    }
    return new SyntheticSource(
        s.seed(),
        spec.frame().width(),
        spec.frame().height(),
        s.fps(),
        s.rate(),
        s.classes(),
        s.limit());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    source.close();
    return Future.succeededFuture();
  }

  private void pump() {
    if (stopped) {
      return;
    }
    FrameBatch batch;
    try {
      batch = nextBatch();
    } catch (IOException | RuntimeException e) {
      Events.error(vertx, unit.id(), "source failed, terminal stops: " + e.getMessage());
      return;
    }
    if (batch == null) {
      LOG.info("{}: end of stream after {} frames", unit.id(), seq);
      Events.publish(
          vertx,
          "terminal",
          unit.id(),
          new JsonObject()
              .put("id", unit.id())
              .put("state", "ended")
              .put("frames", seq)
              .put("acked", acked));
      return;
    }
    send(batch).onComplete(ar -> afterSend(batch));
  }

  private Future<Void> send(FrameBatch batch) {
    Promise<Void> done = Promise.promise();
    sent += batch.frames().size();
    vertx
        .eventBus()
        .<Ack>request(
            Addresses.edgeFrames(spec.edge()),
            batch,
            new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS))
        .onSuccess(
            m -> {
              acked += m.body().accepted();
              done.complete();
            })
        .onFailure(
            e -> {
              Events.error(
                  vertx,
                  unit.id(),
                  "chunk at " + batch.chunkStartMs() + " ms not acked: " + e.getMessage());
              done.complete();
            });
    return done.future();
  }

  private void afterSend(FrameBatch batch) {
    if (spec.source().pace() == SourceSpec.Pace.MAX) {
      context.runOnContext(v -> pump());
      return;
    }
    long dueMs = batch.chunkEndMs() - (System.nanoTime() - startNanos) / 1_000_000;
    if (dueMs <= 0) {
      context.runOnContext(v -> pump());
    } else {
      vertx.setTimer(dueMs, id -> pump());
    }
  }

  private FrameBatch nextBatch() throws IOException {
    List<EncodedFrame> frames = new ArrayList<>(spec.chunk().frames());
    long start = -1;
    long end = 0;
    for (int i = 0; i < spec.chunk().frames(); i++) {
      SourceFrame f = source.next();
      if (f == null) {
        break;
      }
      if (start < 0) {
        start = f.timeMs();
      }
      end = f.timeMs() + Math.round(1000 / source.fps());
      frames.add(new EncodedFrame(seq++, f.timeMs(), f.jpeg(), f.annotations()));
    }
    if (frames.isEmpty()) {
      return null;
    }
    return new FrameBatch(
        unit.id(), incarnation, start, end, spec.frame().width(), spec.frame().height(), frames);
  }
}
