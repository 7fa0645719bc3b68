package org.divs.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Ack;
import org.divs.bus.Addresses;
import org.divs.bus.CurrentRequest;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.bus.GlobalWeights;
import org.divs.config.EdgeSpec;
import org.divs.config.SourceSpec;
import org.divs.config.TaskSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.migration.LoadMeter;
import org.divs.model.CnnBlock;
import org.divs.store.BatchIngest;
import org.divs.store.FrameStore;
import org.divs.store.InMemoryFrameStore;
import org.divs.store.Ledger;
import org.divs.store.RocksDbFrameStore;
import org.divs.sync.WeightDecompressor;
import org.divs.sync.Weights;
import org.divs.train.CropStore;
import org.divs.train.FlowSeries;
import org.divs.train.LiveCrops;
import org.divs.window.EdgeWindows;
import org.divs.window.FrameEntry;
import org.divs.window.Window;

/**
 * A street edge: stores its terminals' frames (checked at ingest, de-duplicated by frame id, in its
 * durable store on its store worker), acknowledges each batch after the put and nothing else, then
 * builds the windows (the count series) and has its crop worker cut the crops (training crops, or
 * live crops of moving blobs); deploys one trainer worker verticle per task. Its counters and
 * ledger go out as {@code stats} console events.
 */
final class EdgeVerticle extends VerticleBase {
  /** Named pool of the trainer worker verticles. */
  static final String TRAIN_POOL = "divs-train";

  /** Named pool of the crop workers. */
  static final String CROP_POOL = "divs-crop";

  /** Prefix of each edge's store worker pool (one thread: puts in arrival order). */
  static final String STORE_POOL = "divs-store";

  private static final int CROP_LENGTH = (int) CnnBlock.SAMPLE_SHAPE.size();

  /** Steps kept per terminal in the count series. */
  static final int SERIES_CAPACITY = 20_000;

  /** Live crops kept per terminal. */
  static final int LIVE_CAPACITY = 256;

  private static final long REPORT_MS = 1000;

  private UnitContext unit;
  private EdgeSpec spec;
  private FrameStore store;
  private final Map<String, TerminalSpec> terminals = new LinkedHashMap<>();
  private final Map<String, CropStore> crops = new LinkedHashMap<>();
  private final LiveCrops live = new LiveCrops(LIVE_CAPACITY);
  private final FlowSeries series = new FlowSeries(SERIES_CAPACITY);
  private EdgeWindows windows;
  private WorkerExecutor storeWorker;
  private long reportTimer = -1;
  private long reported = -1;
  private long batches;
  private long storedFrames;
  private long duplicates;
  private long refused;
  private long cropErrors;
  private long cropQueue;
  private long storeFailures;
  private final Map<String, TaskSignal> signals = new LinkedHashMap<>();
  private final Map<String, WeightDecompressor> downlink = new LinkedHashMap<>();
  private CropCutter cutter;
  private WorkerExecutor cropWorker;
  private LoadMeter meter;
  private EdgeMigration migration;

  @Override
  public Future<?> start() {
    unit = UnitContext.of(config());
    Topology t = unit.topology();
    spec = t.edge(unit.id());
    meter = new LoadMeter(spec.speed());
    for (TerminalSpec term : t.terminalsOf(unit.id())) {
      terminals.put(term.id(), term);
    }
    // Every terminal of the city: migrated chunks are windowed per origin terminal.
    Map<String, EdgeWindows.Settings> windowSettings = new LinkedHashMap<>();
    for (TerminalSpec term : t.terminals()) {
      TerminalSpec.Window w = term.window();
      long lateness = w.strideMs() * (term.delivery().inFlight() + term.delivery().queue() + 1L);
      windowSettings.put(term.id(), new EdgeWindows.Settings(w.lengthMs(), w.strideMs(), lateness));
    }
    windows = new EdgeWindows(windowSettings);
    for (TaskSpec task : t.tasks()) {
      if (task.model() == TaskSpec.Model.CNN) {
        crops.put(task.id(), new CropStore(spec.store().capacity() * 4, CROP_LENGTH));
      }
    }
    cutter = new CropCutter(t.tasks(), crops, live);
    cropWorker = vertx.createSharedWorkerExecutor(CROP_POOL, 1, 10, TimeUnit.MINUTES);
    storeWorker =
        vertx.createSharedWorkerExecutor(STORE_POOL + "-" + unit.id(), 1, 1, TimeUnit.MINUTES);
    return storeWorker
        .executeBlocking(this::openStore, false)
        .compose(
            s -> {
              store = s;
              return startUnits(t);
            });
  }

  /** The durable store in the configured directory, or one in memory when none is given. */
  private FrameStore openStore() throws IOException {
    EdgeSpec.Store s = spec.store();
    if (s.dir().isEmpty()) {
      return new InMemoryFrameStore(s.capacity());
    }
    try {
      return RocksDbFrameStore.open(Path.of(s.dir().get()), s.capacity(), s.fsync());
    } catch (IOException e) {
      throw new IOException("edge " + unit.id() + ": " + e.getMessage(), e);
    }
  }

  private Future<?> startUnits(Topology t) {
    MessageConsumer<FrameBatch> frames =
        vertx.eventBus().consumer(Addresses.edgeFrames(unit.id()), this::onFrames);
    List<Future<?>> started = new ArrayList<>();
    started.add(frames.completion());
    migration =
        new EdgeMigration(
            vertx,
            unit.id(),
            t,
            meter,
            store,
            storeWorker,
            crops,
            series,
            (term, chunk, fresh) ->
                absorb(
                    term,
                    chunk.incarnation(),
                    chunk.chunkStartMs(),
                    chunk.chunkEndMs(),
                    chunk.frames(),
                    fresh));
    started.add(migration.start());
    int trainersInTopology = t.streetEdges().size() * t.tasks().size();
    String parent = spec.parent();
    for (TaskSpec task : t.tasks()) {
      CropStore samples = crops.get(task.id());
      if (samples == null) {
        continue;
      }
      TaskSignal signal = new TaskSignal();
      signals.put(task.id(), signal);
      downlink.put(task.id(), new WeightDecompressor());
      MessageConsumer<GlobalWeights> globals =
          vertx
              .eventBus()
              .consumer(Addresses.syncGlobal(task.id()), m -> toTrainer(signal, m.body()));
      started.add(globals.completion());
      long seed = t.seed() * 31 + unit.id().hashCode() * 17L + task.id().hashCode();
      started.add(
          vertx.deployVerticle(
              new TrainerVerticle(unit.id(), parent, task, t.sync(), samples, signal, meter, seed),
              new DeploymentOptions()
                  .setThreadingModel(ThreadingModel.WORKER)
                  .setWorkerPoolName(TRAIN_POOL)
                  .setWorkerPoolSize(Math.max(1, trainersInTopology))
                  .setMaxWorkerExecuteTime(10)
                  .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES)));
    }
    return Future.all(started)
        .onSuccess(
            v -> {
              signals.forEach(this::join);
              Events.node(vertx, unit.id(), "edge", "up");
              reportTimer = vertx.setPeriodic(REPORT_MS, id -> report(false));
            });
  }

  /**
   * Decodes a global (a delta needs the round before it; a node that missed it asks for the current
   * global in full) and hands it to the task's trainer, after telling it a newer round exists.
   */
  private void toTrainer(TaskSignal signal, GlobalWeights g) {
    Weights full;
    try {
      full = downlink.get(g.task()).accept(g.round(), g.payload());
    } catch (IllegalStateException e) {
      join(g.task(), signal);
      return;
    }
    signal.seen(g.round());
    vertx
        .eventBus()
        .send(
            Addresses.edgeTrain(unit.id(), g.task()),
            new GlobalWeights(g.runId(), g.task(), g.round(), full));
  }

  /** Asks the cloud for the current global of a task (join or rejoin); none yet is fine. */
  private void join(String task, TaskSignal signal) {
    vertx
        .eventBus()
        .<GlobalWeights>request(Addresses.syncCurrent(task), new CurrentRequest(task, unit.id()))
        .onSuccess(m -> toTrainer(signal, m.body()));
  }

  @Override
  public Future<?> stop() {
    signals.values().forEach(TaskSignal::stop);
    if (migration != null) {
      migration.stop();
    }
    if (reportTimer >= 0) {
      vertx.cancelTimer(reportTimer);
    }
    Future<Void> closed =
        store == null
            ? Future.succeededFuture()
            : report(true)
                .transform(ar -> storeWorker.executeBlocking(() -> closeStore(), true))
                .mapEmpty();
    return closed
        .eventually(
            () -> {
              Events.node(vertx, unit.id(), "edge", "down");
              return storeWorker.close();
            })
        .eventually(cropWorker::close);
  }

  private Void closeStore() {
    store.close();
    return null;
  }

  /**
   * A batch from a terminal: checked and stored on the store worker, acked after the durable put;
   * then its windows are built and its crops cut on the crop worker.
   */
  private void onFrames(Message<FrameBatch> msg) {
    FrameBatch batch = msg.body();
    TerminalSpec term = terminals.get(batch.terminal());
    if (term == null) {
      msg.fail(
          404,
          "edge "
              + unit.id()
              + ": terminal '"
              + batch.terminal()
              + "' is not one of its terminals");
      return;
    }
    boolean images = term.source().type() != SourceSpec.Type.FLOW;
    storeWorker
        .executeBlocking(
            () ->
                BatchIngest.store(
                    store, batch, term.frame().width(), term.frame().height(), images),
            true)
        .onSuccess(out -> afterPut(msg, term, out))
        .onFailure(
            e -> {
              storeFailures++;
              Events.error(
                  vertx,
                  unit.id(),
                  "edge "
                      + unit.id()
                      + " could not store a batch of terminal "
                      + batch.terminal()
                      + ": "
                      + e.getMessage());
              msg.fail(500, "edge " + unit.id() + ": store failed: " + e.getMessage());
            });
  }

  private void afterPut(Message<FrameBatch> msg, TerminalSpec term, BatchIngest.Outcome out) {
    FrameBatch batch = msg.body();
    batches++;
    storedFrames += out.fresh().size();
    duplicates += out.duplicates();
    refused += out.refused().size();
    msg.reply(new Ack(out.fresh().size(), out.duplicates()));
    out.refused().forEach(r -> Events.error(vertx, unit.id(), r));
    migration.stored(term, batch.incarnation(), out.fresh());
    absorb(
        term,
        batch.incarnation(),
        batch.chunkStartMs(),
        batch.chunkEndMs(),
        out.held(),
        out.fresh());
  }

  /**
   * Takes a stored chunk of {@code term} (from the terminal, or migrated from another edge): its
   * held frames go into the terminal's windows and count series, the new ones to the crop worker.
   */
  private void absorb(
      TerminalSpec term,
      long incarnation,
      long startMs,
      long endMs,
      List<EncodedFrame> held,
      List<EncodedFrame> fresh) {
    List<FrameEntry> entries = new ArrayList<>(held.size());
    for (EncodedFrame f : held) {
      entries.add(
          new FrameEntry(
              new FrameId(term.id(), incarnation, f.seq()), f.timeMs(), f.count(), f.calendar()));
    }
    for (Window w : windows.add(term.id(), incarnation, startMs, endMs, entries)) {
      series.add(w);
    }
    if (!fresh.isEmpty() && term.source().type() != SourceSpec.Type.FLOW) {
      boolean train = term.source().train();
      List<FrameId> cutting = migration.cutting(term.id(), incarnation, fresh);
      cropQueue += fresh.size();
      cropWorker
          .executeBlocking(() -> cutter.cut(term.id(), incarnation, train, fresh), false)
          .onComplete(
              ar -> {
                cropQueue -= fresh.size();
                migration.cut(cutting);
              })
          .onSuccess(
              errors -> {
                cropErrors += errors.size();
                errors.forEach(e -> Events.error(vertx, unit.id(), e));
              });
    }
  }

  /**
   * Publishes the edge's ingest counters and ledger as a {@code stats} event when they changed (or
   * always); the ledger is read on the store worker.
   */
  private Future<Void> report(boolean always) {
    return storeWorker
        .executeBlocking(() -> new Object[] {store.ledger(), store.size()}, true)
        .map(
            r -> {
              Ledger l = (Ledger) r[0];
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
                      .put("edge", unit.id())
                      .put("frames", (Long) r[1])
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
                Events.publish(vertx, "stats", unit.id(), stats);
              }
              return null;
            });
  }
}
