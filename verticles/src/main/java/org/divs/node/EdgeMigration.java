package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.divs.bus.Ack;
import org.divs.bus.Addresses;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.bus.FrameTransfer;
import org.divs.bus.LoadReport;
import org.divs.bus.MigrationOrder;
import org.divs.config.MigrationSpec;
import org.divs.config.TaskSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.migration.ChunkPicker;
import org.divs.migration.InboundTransfer;
import org.divs.migration.LoadMeter;
import org.divs.migration.OutboundTransfer;
import org.divs.store.FrameStore;
import org.divs.train.CropStore;
import org.divs.train.FlowSeries;

/**
 * A street edge's part in dynamic data migration, owned by its {@link EdgeVerticle} and run on its
 * context. Every {@code migration.periodMs} it sends its {@link LoadReport}. As a donor it takes
 * the cloud's {@link MigrationOrder}s: picks whole chunks of its own terminals ({@link
 * ChunkPicker}), sends them batch by batch ({@link OutboundTransfer}) and deletes a batch's frames,
 * and their training crops, only once the receiver acked it; an unacked batch is sent again with
 * backoff. As a receiver it stores transferred chunks as migrated in ({@link InboundTransfer}),
 * acks, and hands the new frames to the edge's windows and crop worker. Ingestion and training go
 * on meanwhile.
 */
final class EdgeMigration {
  /** What the edge does with chunks it received: windows, count series, crops. */
  interface Absorber {
    void absorb(TerminalSpec terminal, FrameBatch chunk, List<EncodedFrame> fresh);
  }

  private static final long FIRST_RESEND_MS = 100;
  private static final double RESEND_BACKOFF = 2;
  private static final int MAX_ATTEMPTS = 8;

  private final Vertx vertx;
  private final String edge;
  private final Topology topology;
  private final MigrationSpec spec;
  private final double speed;
  private final LoadMeter meter;
  private final FrameStore store;
  private final WorkerExecutor storeWorker;
  private final Map<String, CropStore> crops;
  private final FlowSeries series;
  private final Absorber absorber;
  private final Set<String> own = new HashSet<>();

  /** Chunk number (stream time / stride) of each held frame of this edge's own terminals. */
  private final Map<FrameId, Long> chunkOf = new ConcurrentHashMap<>();

  /** Frames in a transfer that has not ended: never picked twice. */
  private final Set<FrameId> moving = new HashSet<>();

  /** Frames of the edge's own terminals whose crops are being cut: not picked until they are. */
  private final Set<FrameId> uncut = new HashSet<>();

  private long timer = -1;
  private long period;
  private long transfersOut;
  private long framesOut;
  private long resends;
  private long transfersFailed;
  private long batchesIn;
  private long framesIn;

  EdgeMigration(
      Vertx vertx,
      String edge,
      Topology topology,
      LoadMeter meter,
      FrameStore store,
      WorkerExecutor storeWorker,
      Map<String, CropStore> crops,
      FlowSeries series,
      Absorber absorber) {
    this.vertx = vertx;
    this.edge = edge;
    this.topology = topology;
    this.spec = topology.migration();
    this.speed = topology.edge(edge).speed();
    this.meter = meter;
    this.store = store;
    this.storeWorker = storeWorker;
    this.crops = crops;
    this.series = series;
    this.absorber = absorber;
    topology.terminalsOf(edge).forEach(t -> own.add(t.id()));
  }

  /** Registers the order and receive consumers and starts the period's load reports. */
  Future<?> start() {
    timer = vertx.setPeriodic(spec.periodMs(), spec.periodMs(), id -> report());
    return Future.all(
        vertx
            .eventBus()
            .<MigrationOrder>consumer(Addresses.edgeMigrate(edge), this::onOrder)
            .completion(),
        vertx
            .eventBus()
            .<FrameTransfer>consumer(Addresses.edgeReceive(edge), this::onTransfer)
            .completion());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Notes the chunk numbers of frames of one of the edge's own terminals just stored. */
  void stored(TerminalSpec terminal, long incarnation, List<EncodedFrame> fresh) {
    long stride = terminal.window().strideMs();
    for (EncodedFrame f : fresh) {
      chunkOf.put(
          new FrameId(terminal.id(), incarnation, f.seq()), Math.floorDiv(f.timeMs(), stride));
    }
  }

  /**
   * Notes frames handed to the crop worker, so none of them moves before its crops exist (the donor
   * removes a moved frame's crops); returns the ids of those of its own terminals.
   */
  List<FrameId> cutting(String terminal, long incarnation, List<EncodedFrame> fresh) {
    if (!own.contains(terminal)) {
      return List.of();
    }
    List<FrameId> ids = new ArrayList<>(fresh.size());
    fresh.forEach(f -> ids.add(new FrameId(terminal, incarnation, f.seq())));
    uncut.addAll(ids);
    return ids;
  }

  /** Notes that the crop worker is done with frames {@link #cutting} returned. */
  void cut(List<FrameId> ids) {
    ids.forEach(uncut::remove);
  }

  /** The counters for the edge's {@code stats} event. */
  JsonObject counters() {
    return new JsonObject()
        .put("transfersOut", transfersOut)
        .put("framesOut", framesOut)
        .put("resends", resends)
        .put("transfersFailed", transfersFailed)
        .put("batchesIn", batchesIn)
        .put("framesIn", framesIn);
  }

  /** Sends this period's load: n_j, S_j and the emulated epoch time per task, free capacity. */
  private void report() {
    storeWorker
        .executeBlocking(
            () -> {
              if (chunkOf.size() > store.capacity()) {
                chunkOf.keySet().retainAll(new HashSet<>(store.ids()));
              }
              return new long[] {store.size(), store.capacity()};
            },
            false)
        .onSuccess(
            held -> {
              Map<String, Long> samples = new LinkedHashMap<>();
              for (TaskSpec task : topology.tasks()) {
                CropStore c = crops.get(task.id());
                if (c != null) {
                  samples.put(task.id(), (long) c.size());
                } else if (task.model() == TaskSpec.Model.LSTM) {
                  samples.put(
                      task.id(),
                      series.sizes().values().stream().mapToLong(Integer::longValue).sum());
                }
              }
              vertx
                  .eventBus()
                  .send(
                      Addresses.CLOUD_STATS,
                      new LoadReport(
                          edge,
                          period++,
                          held[0],
                          samples,
                          meter.closePeriod(samples),
                          Math.max(0, held[1] - held[0]),
                          speed));
            });
  }

  private void onOrder(Message<MigrationOrder> msg) {
    MigrationOrder order = msg.body();
    if (!order.from().equals(edge)) {
      msg.fail(400, "edge " + edge + " got the order of donor " + order.from());
      return;
    }
    msg.reply(order);
    Set<FrameId> busy = new HashSet<>(moving);
    busy.addAll(uncut);
    storeWorker
        .executeBlocking(() -> pick(order, busy), false)
        .onSuccess(
            picked -> {
              // An order picked meanwhile may have taken some of these chunks.
              List<ChunkPicker.Chunk> chunks = new ArrayList<>(picked);
              chunks.removeIf(c -> c.frames().stream().anyMatch(moving::contains));
              OutboundTransfer t =
                  new OutboundTransfer(
                      chunks,
                      spec.batchFrames(),
                      new OutboundTransfer.Retry(
                          FIRST_RESEND_MS,
                          RESEND_BACKOFF,
                          Math.max(FIRST_RESEND_MS, spec.periodMs()),
                          MAX_ATTEMPTS));
              if (t.batchCount() == 0) {
                transfersFailed++;
                event(
                    "failed",
                    order,
                    t,
                    "nothing to move: no free chunk of at most "
                        + order.frames()
                        + " frames ("
                        + busy.size()
                        + " frames in transfers or awaiting their crops)");
                return;
              }
              moving.addAll(t.frameIds());
              transfersOut++;
              sendNext(order, t);
            })
        .onFailure(
            e -> {
              transfersFailed++;
              event("failed", order, null, "picking failed: " + e.getMessage());
            });
  }

  /** On the store worker: whole chunks of this edge's own terminals, none already moving. */
  private List<ChunkPicker.Chunk> pick(MigrationOrder order, Set<FrameId> busy) {
    List<FrameId> held = new ArrayList<>();
    for (FrameId id : store.ids()) {
      if (own.contains(id.terminal()) && !busy.contains(id)) {
        held.add(id);
      }
    }
    return ChunkPicker.pick(
        held, id -> chunkOf.computeIfAbsent(id, this::readChunk), order.frames());
  }

  /** The chunk number of a held frame stored before this edge started (a durable store). */
  private long readChunk(FrameId id) {
    long stride = topology.terminal(id.terminal()).window().strideMs();
    return store.get(id).map(f -> Math.floorDiv(f.timeMs(), stride)).orElse(-1L);
  }

  private void sendNext(MigrationOrder order, OutboundTransfer t) {
    if (t.current().isEmpty()) {
      moving.removeAll(t.frameIds());
      if (t.gaveUp()) {
        transfersFailed++;
        event("failed", order, t, "batch " + t.batchNo() + " never acked; its frames stay here");
      } else {
        event("done", order, t, null);
      }
      return;
    }
    List<ChunkPicker.Chunk> batch = t.current().get();
    int batchNo = t.batchNo();
    storeWorker
        .executeBlocking(() -> read(order, batchNo, batch), false)
        .onSuccess(transfer -> send(order, t, transfer))
        .onFailure(e -> retry(order, t, "reading batch " + batchNo + " failed: " + e));
  }

  /**
   * On the store worker: the batch's chunks as frame batches (frames evicted meanwhile left out).
   */
  private FrameTransfer read(MigrationOrder order, int batchNo, List<ChunkPicker.Chunk> batch) {
    List<FrameBatch> chunks = new ArrayList<>();
    for (ChunkPicker.Chunk c : batch) {
      TerminalSpec term = topology.terminal(c.terminal());
      long stride = term.window().strideMs();
      List<EncodedFrame> frames = new ArrayList<>();
      for (FrameId id : c.frames()) {
        store.get(id).ifPresent(frames::add);
      }
      if (!frames.isEmpty()) {
        chunks.add(
            new FrameBatch(
                c.terminal(),
                c.incarnation(),
                c.index() * stride,
                (c.index() + 1) * stride,
                term.frame().width(),
                term.frame().height(),
                frames));
      }
    }
    return new FrameTransfer(order.transferId(), batchNo, edge, order.to(), chunks);
  }

  private void send(MigrationOrder order, OutboundTransfer t, FrameTransfer transfer) {
    if (transfer.chunks().isEmpty()) {
      t.acked(0);
      sendNext(order, t);
      return;
    }
    vertx
        .eventBus()
        .<Ack>request(
            Addresses.edgeReceive(order.to()),
            transfer,
            new DeliveryOptions().setSendTimeout(Math.max(FIRST_RESEND_MS, spec.periodMs())))
        .compose(ack -> storeWorker.executeBlocking(() -> delete(transfer), false))
        .onSuccess(
            deleted -> {
              framesOut += deleted;
              t.acked(deleted);
              sendNext(order, t);
            })
        .onFailure(e -> retry(order, t, e.getMessage()));
  }

  /** On the store worker, after the receiver's ack: the frames and their training crops go. */
  private long delete(FrameTransfer transfer) {
    List<FrameId> ids = new ArrayList<>();
    for (FrameBatch chunk : transfer.chunks()) {
      for (int i = 0; i < chunk.frames().size(); i++) {
        ids.add(chunk.idOf(i));
      }
    }
    long deleted = 0;
    for (FrameId id : ids) {
      if (store.removeMigrated(id)) {
        deleted++;
      }
      chunkOf.remove(id);
    }
    crops.values().forEach(c -> c.removeFrames(ids));
    return deleted;
  }

  private void retry(MigrationOrder order, OutboundTransfer t, String why) {
    t.failed()
        .ifPresentOrElse(
            wait -> {
              resends++;
              vertx.setTimer(wait, id -> sendNext(order, t));
            },
            () -> {
              Events.error(
                  vertx,
                  edge,
                  "transfer " + order.transferId() + " to " + order.to() + " gave up: " + why);
              sendNext(order, t);
            });
  }

  private void onTransfer(Message<FrameTransfer> msg) {
    FrameTransfer transfer = msg.body();
    if (!transfer.to().equals(edge)) {
      msg.fail(400, "edge " + edge + " got a transfer for " + transfer.to());
      return;
    }
    for (FrameBatch chunk : transfer.chunks()) {
      if (topology.terminals().stream().noneMatch(t -> t.id().equals(chunk.terminal()))) {
        msg.fail(
            404,
            "edge "
                + edge
                + ": transfer "
                + transfer.transferId()
                + " carries frames of unknown terminal '"
                + chunk.terminal()
                + "'");
        return;
      }
    }
    storeWorker
        .executeBlocking(() -> InboundTransfer.store(store, transfer), true)
        .onSuccess(
            stored -> {
              int fresh = InboundTransfer.freshCount(stored);
              batchesIn++;
              framesIn += fresh;
              msg.reply(new Ack(fresh, transfer.frames() - fresh));
              for (InboundTransfer.Stored s : stored) {
                if (!s.fresh().isEmpty()) {
                  absorber.absorb(topology.terminal(s.chunk().terminal()), s.chunk(), s.fresh());
                }
              }
            })
        .onFailure(
            e -> {
              Events.error(
                  vertx,
                  edge,
                  "edge " + edge + " could not store transfer " + transfer.transferId() + ": " + e);
              msg.fail(500, "edge " + edge + ": store failed: " + e.getMessage());
            });
  }

  private void event(String phase, MigrationOrder order, OutboundTransfer t, String reason) {
    JsonObject p =
        new JsonObject()
            .put("phase", phase)
            .put("id", order.transferId())
            .put("period", order.period())
            .put("from", order.from())
            .put("to", order.to())
            .put("ordered", order.frames())
            .put("frames", t == null ? 0 : t.framesAcked());
    if (t != null) {
      if (t.terminals().size() == 1) {
        p.put("terminal", t.terminals().iterator().next());
      }
      p.put("terminals", new JsonArray(List.copyOf(t.terminals())))
          .put("planned", t.framesPlanned())
          .put("batches", t.batchCount())
          .put("resends", t.resends());
    }
    if (reason != null) {
      p.put("reason", reason);
    }
    Events.publish(vertx, "migration", edge, p);
  }
}
