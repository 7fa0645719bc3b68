package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Ack;
import org.divs.bus.Addresses;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.bus.LoadReport;
import org.divs.bus.StreamEnd;
import org.divs.config.EdgeSpec;
import org.divs.config.SourceSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.migration.Donor;
import org.divs.migration.LoadMeter;
import org.divs.store.BatchIngest;
import org.divs.store.FrameStore;
import org.divs.store.FrameStores;
import org.divs.store.Ledger;
import org.divs.train.CropStore;
import org.divs.train.LiveCrops;
import org.divs.train.SeriesStore;
import org.divs.train.TaskSamples;
import org.divs.window.EdgeWindows;
import org.divs.window.FrameEntry;
import org.divs.window.Window;

/**
 * A street edge's ingest, a worker verticle deployed by its {@link EdgeVerticle}: owns the edge's
 * frame store. A batch from a terminal is checked and stored ({@link BatchIngest}, durable on
 * return) in the consumer itself, then acked; after the ack its windows extend the count series and
 * the crop worker cuts its crops. Dynamic data migration happens here too, where the store is
 * ({@link EdgeMigration}, {@link Donor}): chunks migrated in are windowed per origin terminal and
 * cut as the terminals' own are; chunks migrated out take their crops and the series steps of the
 * windows the receiver now counts. One handler at a time: puts happen in arrival order. The
 * counters and the ledger go out as {@code stats} console events every second while they change.
 */
final class IngestVerticle extends VerticleBase {
  /** Named pool of the ingest worker verticles. */
  static final String POOL = "divs-ingest";

  /** Named pool of the crop workers. */
  static final String CROP_POOL = "divs-crop";

  private static final long REPORT_MS = 1000;

  private final String edge;
  private final Map<String, CropStore> crops;
  private final LiveCrops live;
  private final Map<String, TaskSamples> samples;
  private final SeriesStore series;
  private final Map<String, TerminalSpec> terminals = new LinkedHashMap<>();
  private EdgeSpec spec;
  private FrameStore store;
  private EdgeWindows windows;
  private CropCutter cutter;
  private WorkerExecutor cropWorker;

  /** The last crop job queued: stop waits for it, so no job ends after this context closed. */
  private Future<?> lastCut = Future.succeededFuture();

  private boolean stopped;

  private final LoadMeter meter;
  private final InferenceVerticle inference;
  private Donor donor;
  private EdgeMigration migration;
  private long reportTimer = -1;
  private long loadTimer = -1;
  private long period;
  private long reported = -1;
  private long batches;
  private long storedFrames;
  private long duplicates;
  private long refused;
  private long storeFailures;
  private volatile long cropErrors;
  private long toInference;
  private long cropQueue;

  IngestVerticle(
      String edge,
      Map<String, CropStore> crops,
      Map<String, TaskSamples> samples,
      LiveCrops live,
      SeriesStore series,
      LoadMeter meter,
      InferenceVerticle inference) {
    this.meter = meter;
    this.inference = inference;
    this.edge = edge;
    this.crops = crops;
    this.samples = samples;
    this.live = live;
    this.series = series;
  }

  /**
   * How far past a window's end a terminal's chunks may reach before a gap in it is given up: the
   * chunks it may have in flight and queued, and one more.
   */
  static long lateness(TerminalSpec term) {
    return term.window().strideMs() * (term.delivery().inFlight() + term.delivery().queue() + 1L);
  }

  @Override
  public Future<?> start() throws IOException {
    Topology t = UnitContext.of(config()).topology();
    spec = t.edge(edge);
    Map<String, EdgeWindows.Settings> windowSettings = new LinkedHashMap<>();
    for (TerminalSpec term : t.terminalsOf(edge)) {
      terminals.put(term.id(), term);
    }
    // Every terminal of the city: migrated chunks are windowed per origin terminal.
    for (TerminalSpec term : t.terminals()) {
      TerminalSpec.Window w = term.window();
      windowSettings.put(
          term.id(), new EdgeWindows.Settings(w.lengthMs(), w.strideMs(), lateness(term)));
    }
    windows = new EdgeWindows(windowSettings);
    cutter = new CropCutter(t.tasks(), crops, live);
    try {
      store = FrameStores.open(spec.store());
    } catch (IOException e) {
      throw new IOException("edge " + edge + ": " + e.getMessage(), e);
    }
    cropWorker = vertx.createSharedWorkerExecutor(CROP_POOL, 1, 10, TimeUnit.MINUTES);
    donor = new Donor(t, edge, store, crops, windows, series);
    migration =
        new EdgeMigration(
            vertx,
            edge,
            t,
            store,
            donor,
            series,
            (term, chunk, fresh) ->
                absorb(
                    term,
                    chunk.incarnation(),
                    chunk.chunkStartMs(),
                    chunk.chunkEndMs(),
                    chunk.frames(),
                    fresh,
                    -1));
    MessageConsumer<FrameBatch> frames =
        vertx.eventBus().consumer(Addresses.edgeFrames(edge), this::onFrames);
    MessageConsumer<StreamEnd> ends =
        vertx.eventBus().consumer(Addresses.edgeStreamEnd(edge), this::onStreamEnd);
    reportTimer = vertx.setPeriodic(REPORT_MS, id -> report(false));
    long periodMs = t.migration().periodMs();
    loadTimer = vertx.setPeriodic(periodMs, periodMs, id -> reportLoad());
    return Future.all(frames.completion(), ends.completion(), migration.start());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (reportTimer >= 0) {
      vertx.cancelTimer(reportTimer);
    }
    if (loadTimer >= 0) {
      vertx.cancelTimer(loadTimer);
    }
    if (migration != null) {
      migration.stop();
    }
    if (store != null) {
      report(true);
      store.close();
    }
    return cropWorker == null
        ? Future.succeededFuture()
        : lastCut.transform(ar -> cropWorker.close());
  }

  private void onFrames(Message<FrameBatch> msg) {
    FrameBatch batch = msg.body();
    TerminalSpec term = terminals.get(batch.terminal());
    if (term == null) {
      msg.fail(
          404,
          "edge " + edge + ": terminal '" + batch.terminal() + "' is not one of its terminals");
      return;
    }
    boolean images = term.source().type() != SourceSpec.Type.FLOW;
    BatchIngest.Outcome out;
    try {
      out = BatchIngest.store(store, batch, term.frame().width(), term.frame().height(), images);
    } catch (UncheckedIOException | IllegalStateException e) {
      storeFailures++;
      Events.error(
          vertx,
          edge,
          "edge " + edge + " could not store a batch of terminal " + batch.terminal() + ": " + e);
      msg.fail(500, "edge " + edge + ": store failed: " + e.getMessage());
      return;
    }
    batches++;
    long ackNanos = System.nanoTime();
    storedFrames += out.fresh().size();
    duplicates += out.duplicates();
    refused += out.refused().size();
    msg.reply(new Ack(out.fresh().size(), out.duplicates()));
    out.refused().forEach(r -> Events.error(vertx, edge, r));
    afterAck(batch, term, out, ackNanos);
  }

  /**
   * A terminal's stream ended, every chunk acked: its windows still open never complete, so all its
   * chunks may migrate; once the crops of its chunks are cut (the crop worker runs in order, so
   * after the last cut queued now), the cloud is told. Windows and the count series were extended
   * at each ack already.
   */
  private void onStreamEnd(Message<StreamEnd> msg) {
    StreamEnd end = msg.body();
    msg.reply(new Ack(1, 0));
    if (!terminals.containsKey(end.terminal())) {
      Events.error(vertx, edge, "edge " + edge + ": end of unknown terminal " + end.terminal());
      return;
    }
    windows.ended(end.terminal(), end.incarnation());
    StreamEnd stored = new StreamEnd(end.terminal(), edge, end.incarnation(), end.frames());
    lastCut
        .otherwiseEmpty()
        .onComplete(
            v -> StreamEnds.send(vertx, edge, Addresses.CLOUD_STREAMS, stored, () -> stopped));
  }

  /**
   * Once a batch is acked: its windows, count series and crops ({@link #absorb}); then the chunk
   * goes to live inference, in chunk order (a resent chunk whose frames were all held already is
   * not sent again).
   */
  private void afterAck(
      FrameBatch batch, TerminalSpec term, BatchIngest.Outcome out, long ackNanos) {
    donor.stored(term.id(), batch.incarnation(), out.fresh());
    boolean resent = out.fresh().isEmpty() && out.duplicates() > 0;
    absorb(
        term,
        batch.incarnation(),
        batch.chunkStartMs(),
        batch.chunkEndMs(),
        out.held(),
        out.fresh(),
        resent ? -1 : ackNanos);
  }

  /**
   * Takes a stored chunk of {@code term} (from the terminal, or migrated in from another edge): its
   * held frames go into the terminal's windows and count series, the new ones to the crop worker.
   * With {@code ackNanos} at or above zero (the time of its ack) the chunk's crops and completed
   * windows then go to live inference; a chunk migrated in was served where it was first stored.
   * Returns the windows the chunk completed.
   */
  private List<Window> absorb(
      TerminalSpec term,
      long incarnation,
      long startMs,
      long endMs,
      List<EncodedFrame> held,
      List<EncodedFrame> fresh,
      long ackNanos) {
    List<FrameEntry> entries = new ArrayList<>(held.size());
    for (EncodedFrame f : held) {
      entries.add(
          new FrameEntry(
              new FrameId(term.id(), incarnation, f.seq()), f.timeMs(), f.count(), f.calendar()));
    }
    List<Window> completed = windows.add(term.id(), incarnation, startMs, endMs, entries);
    long stride = term.window().strideMs();
    completed.forEach(w -> series.add(w, stride));
    boolean annotated = fresh.stream().anyMatch(f -> !f.annotations().isEmpty());
    boolean toLive = ackNanos >= 0 && inference != null;
    if (!annotated) {
      if (toLive) {
        // nothing to cut: no trip through the crop worker; live inference orders chunks by seq
        inference.submit(
            toInference++,
            new LiveChunk(term.id(), incarnation, startMs, endMs, List.of(), completed, ackNanos));
      }
      return completed;
    }
    boolean train = term.source().train();
    List<FrameId> cutting = donor.cutting(term.id(), incarnation, fresh);
    List<CropCutter.Crop> cut = new ArrayList<>();
    long seq = toLive ? toInference++ : -1;
    int queued = fresh.size();
    cropQueue += queued;
    lastCut =
        cropWorker
            .executeBlocking(
                () -> cutter.cut(term.id(), incarnation, train, fresh, toLive ? cut : null), true)
            .onComplete(
                done -> {
                  cropQueue -= queued;
                  donor.cut(cutting);
                  List<String> errors =
                      done.succeeded() ? done.result() : List.of("crops failed: " + done.cause());
                  cropErrors += errors.size();
                  errors.forEach(e -> Events.error(vertx, edge, e));
                  if (seq >= 0) {
                    inference.submit(
                        seq,
                        new LiveChunk(
                            term.id(), incarnation, startMs, endMs, cut, completed, ackNanos));
                  }
                });
    return completed;
  }

  /**
   * Sends the cloud this period's load: n_j, S_j per task, each task's emulated epoch time from the
   * trainers' steps, the store's free capacity and the speed.
   */
  private void reportLoad() {
    long held = store.ledger().stored();
    Map<String, Long> drawable = new LinkedHashMap<>();
    samples.forEach((task, s) -> drawable.put(task, (long) s.size()));
    vertx
        .eventBus()
        .send(
            Addresses.CLOUD_STATS,
            new LoadReport(
                edge,
                period++,
                held,
                drawable,
                meter.closePeriod(drawable),
                Math.max(0, spec.store().capacity() - held),
                spec.speed()));
  }

  /** Publishes the counters and the ledger when they changed (or always). */
  private void report(boolean always) {
    Ledger l = store.ledger();
    JsonObject ingest =
        new JsonObject()
            .put("batches", batches)
            .put("stored", storedFrames)
            .put("duplicates", duplicates)
            .put("refused", refused)
            .put("storeFailures", storeFailures)
            .put("windows", windows.emitted())
            .put("windowsSkipped", windows.skipped())
            .put("cropErrors", cropErrors)
            .put("cropQueue", cropQueue)
            .put("liveCrops", live.added());
    JsonObject ledger =
        new JsonObject()
            .put("acked", l.acked())
            .put("stored", l.stored())
            .put("evicted", l.evicted())
            .put("migratedOut", l.migratedOut())
            .put("migratedIn", l.migratedIn())
            .put("balanced", l.balanced());
    JsonObject cropCounts = new JsonObject();
    crops.forEach((task, c) -> cropCounts.put(task, c.size()));
    JsonObject seriesSteps = new JsonObject();
    series.sizes().forEach(seriesSteps::put);
    JsonObject stats =
        new JsonObject()
            .put("edge", edge)
            .put("frames", l.stored())
            .put("capacity", spec.store().capacity())
            .put("durable", spec.store().dir().isPresent())
            .put("ingest", ingest)
            .put("ledger", ledger)
            .put("crops", cropCounts)
            .put("migration", migration.counters())
            .put("series", seriesSteps);
    long fingerprint = stats.hashCode();
    if (always || fingerprint != reported) {
      reported = fingerprint;
      Events.publish(vertx, "stats", edge, stats);
    }
  }
}
