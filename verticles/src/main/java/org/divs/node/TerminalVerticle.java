package org.divs.node;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.rxjava3.ContextScheduler;
import io.vertx.rxjava3.RxHelper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.StreamEnd;
import org.divs.config.SourceSpec;
import org.divs.config.TerminalSpec;
import org.divs.delivery.DeliveryWindow;
import org.divs.source.FrameSource;
import org.divs.source.SourceChunks;
import org.divs.source.SourceFrame;
import org.divs.source.Sources;
import org.divs.store.IncarnationStore;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A monitoring terminal (camera). Its source is read on the {@code divs-io} worker pool as an
 * RxJava {@code Flowable} of chunks, one per stride of stream time, each made a {@link FrameBatch}
 * and handed back to this verticle's context, which paces it ({@code pace: real}) and offers it to
 * a {@link BatchSender}. The subscriber asks for the next chunk only while the delivery window has
 * room, so under {@code block} a slow edge stops the source. Counters go out as {@code terminal}
 * console events every second and at the end.
 */
final class TerminalVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TerminalVerticle.class);
  private static final long REPORT_MS = 1000;

  /** A chunk made a batch, with what the source skipped while reading it. */
  private record Prepared(FrameBatch batch, List<String> skipped) {}

  private UnitContext unit;
  private TerminalSpec spec;
  private long incarnation;
  private BatchSender sender;
  private WorkerExecutor reader;
  private Subscription subscription;
  private Prepared pending;
  private boolean waitingForRoom;
  private boolean sourceDone;
  private String state = "streaming";
  private boolean endSent;
  private long originStreamMs = Long.MIN_VALUE;
  private long startNanos;
  private double streamPerWall = 1;
  private long reportTimer = -1;
  private long reported = -1;
  private volatile boolean stopped;

  /** The next frame's sequence number: used on the reader thread only. */
  private long seq;

  @Override
  public Future<?> start() {
    unit = UnitContext.of(config());
    spec = unit.topology().terminal(unit.id());
    Future<Long> inc =
        spec.stateDir()
            .<Future<Long>>map(
                dir ->
                    vertx.executeBlocking(
                        () -> new IncarnationStore(Path.of(dir)).next(spec.id()), false))
            .orElseGet(() -> Future.succeededFuture(System.currentTimeMillis()));
    return inc.map(
            i -> {
              incarnation = i;
              begin();
              return null;
            })
        .recover(
            e -> {
              fail("cannot persist its incarnation: " + e.getMessage());
              sendStreamEnd(0);
              return Future.succeededFuture();
            });
  }

  private void begin() {
    TerminalSpec.Delivery d = spec.delivery();
    sender =
        new BatchSender(
            vertx,
            Addresses.edgeFrames(spec.edge()),
            new DeliveryWindow.Settings(
                d.inFlight(),
                d.queue(),
                d.timeoutMs(),
                d.backoff(),
                d.maxWaitMs(),
                d.policy() == TerminalSpec.Delivery.Policy.BLOCK
                    ? DeliveryWindow.Policy.BLOCK
                    : DeliveryWindow.Policy.DROP_OLDEST),
            this::onProgress);
    reader =
        vertx.createSharedWorkerExecutor(
            DivsUnits.IO_POOL, DivsUnits.IO_THREADS, 5, TimeUnit.MINUTES);
    startNanos = System.nanoTime();
    Events.publish(vertx, "terminal", unit.id(), counters().put("incarnation", incarnation));
    reportTimer = vertx.setPeriodic(REPORT_MS, id -> report(false));
    FrameSource[] opened = new FrameSource[1];
    Flowable.defer(
            () -> {
              opened[0] = Sources.open(spec);
              streamPerWall = Sources.streamMsPerWallMs(spec, opened[0]);
              return SourceChunks.flowable(opened[0], spec.window().strideMs());
            })
        .map(c -> new Prepared(toBatch(c), opened[0].drainErrors()))
        .subscribeOn(new ContextScheduler(reader, true))
        .observeOn(RxHelper.scheduler(context), false, 1)
        .subscribe(new Chunks());
  }

  /** Receives the prepared chunks on this verticle's context. */
  private final class Chunks implements FlowableSubscriber<Prepared> {
    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(Prepared p) {
      p.skipped().forEach(e -> Events.error(vertx, unit.id(), "terminal " + unit.id() + ": " + e));
      pending = p;
      release();
    }

    @Override
    public void onError(Throwable e) {
      String cause =
          e instanceof java.io.UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
      fail("source failed: " + cause);
      sourceDone = true;
      maybeEnded();
    }

    @Override
    public void onComplete() {
      sourceDone = true;
      LOG.info("{}: end of stream after {} frames", unit.id(), sender.framesOffered());
      maybeEnded();
    }
  }

  /** Offers the pending chunk once its stream time has come (pace real), then asks for more. */
  private void release() {
    if (stopped || pending == null) {
      return;
    }
    FrameBatch b = pending.batch();
    if (spec.source().pace() == SourceSpec.Pace.REAL) {
      if (originStreamMs == Long.MIN_VALUE) {
        originStreamMs = b.chunkStartMs();
      }
      long dueNanos = startNanos + (long) ((b.chunkEndMs() - originStreamMs) / streamPerWall * 1e6);
      long waitMs = (dueNanos - System.nanoTime()) / 1_000_000;
      if (waitMs > 0) {
        vertx.setTimer(waitMs, id -> offerPending());
        return;
      }
    }
    offerPending();
  }

  private void offerPending() {
    if (stopped || pending == null) {
      return;
    }
    if (!sender.canAccept()) {
      waitingForRoom = true;
      return;
    }
    FrameBatch b = pending.batch();
    pending = null;
    sender.offer(b);
    subscription.request(1);
  }

  private void onProgress() {
    if (waitingForRoom && sender.canAccept()) {
      waitingForRoom = false;
      offerPending();
    }
    maybeEnded();
  }

  /**
   * Once the source is done and every chunk is acked, tells the edge that this stream has ended;
   * also after a failed source (its error event names the cause), so a round gate waiting for the
   * streams does not wait for frames that will never come.
   */
  private void maybeEnded() {
    if (endSent || !sourceDone || pending != null || !sender.drained()) {
      return;
    }
    if (state.equals("streaming")) {
      state = "ended";
      report(true);
    }
    sendStreamEnd(sender.framesOffered());
  }

  private void sendStreamEnd(long frames) {
    endSent = true;
    StreamEnds.send(
        vertx,
        unit.id(),
        Addresses.edgeStreamEnd(spec.edge()),
        new StreamEnd(unit.id(), spec.edge(), incarnation, frames),
        () -> stopped);
  }

  private void fail(String why) {
    Events.error(vertx, unit.id(), "terminal " + unit.id() + " " + why);
    state = "failed";
    if (sender != null) {
      report(true);
    } else {
      Events.publish(
          vertx, "terminal", unit.id(), new JsonObject().put("id", unit.id()).put("state", state));
    }
  }

  /** A chunk as a batch (on the reader thread): the frames get this incarnation's next seqs. */
  private FrameBatch toBatch(SourceChunks.Chunk c) {
    List<EncodedFrame> frames = new ArrayList<>(c.frames().size());
    for (SourceFrame f : c.frames()) {
      frames.add(
          EncodedFrame.owning(
              seq++, f.timeMs(), f.jpeg(), f.annotations(), f.count(), f.calendar()));
    }
    return new FrameBatch(
        unit.id(),
        incarnation,
        c.startMs(),
        c.endMs(),
        spec.frame().width(),
        spec.frame().height(),
        frames);
  }

  private JsonObject counters() {
    JsonObject c = sender.counters().put("id", unit.id()).put("state", state);
    if (sender.lastFailure() != null) {
      c.put("lastFailure", sender.lastFailure());
    }
    return c;
  }

  /** Publishes the counters when they changed (or always, on a state change). */
  private void report(boolean always) {
    long fingerprint = sender.counters().hashCode() * 31L + state.hashCode();
    if (always || fingerprint != reported) {
      reported = fingerprint;
      Events.publish(vertx, "terminal", unit.id(), counters());
    }
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (reportTimer >= 0) {
      vertx.cancelTimer(reportTimer);
    }
    if (subscription != null) {
      subscription.cancel();
    }
    if (sender == null) {
      return Future.succeededFuture();
    }
    sender.close();
    report(true);
    return reader.close();
  }
}
