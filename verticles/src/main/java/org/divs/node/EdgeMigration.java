package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.divs.bus.Addresses;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameTransfer;
import org.divs.bus.MigrationOrder;
import org.divs.bus.TransferAck;
import org.divs.config.MigrationSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.migration.Donor;
import org.divs.migration.InboundTransfer;
import org.divs.migration.OutboundTransfer;
import org.divs.migration.ReceivedBatches;
import org.divs.store.FrameStore;
import org.divs.train.SeriesStore;
import org.divs.window.Window;

/**
 * A street edge's part in dynamic data migration on the bus, owned by its {@link IngestVerticle}
 * and run on that worker's context, where the store lives. As a donor it takes the cloud's {@link
 * MigrationOrder}s and sends what its {@link Donor} picked, batch by batch ({@link
 * OutboundTransfer}); the donor deletes a batch's frames, their training crops and the count-series
 * steps of the windows the receiver now counts only once the receiver acked it; an unacked batch is
 * sent again with backoff. As a receiver it stores transferred chunks as migrated in ({@link
 * InboundTransfer}), hands the new frames to the edge's windows and crop worker, and acks, naming
 * the windows it counts. Ingestion and training go on meanwhile. Thin: the choices are {@link
 * Donor}'s and {@link OutboundTransfer}'s. Use from one context only.
 */
final class EdgeMigration {
  /**
   * What the edge does with chunks it received: windows, count series, crops; returns the windows
   * the chunk completed.
   */
  interface Absorber {
    List<Window> absorb(TerminalSpec terminal, FrameBatch chunk, List<EncodedFrame> fresh);
  }

  private static final long FIRST_RESEND_MS = 100;
  private static final double RESEND_BACKOFF = 2;
  private static final int MAX_ATTEMPTS = 8;

  /** Transfer batches whose acks a receiver remembers, to answer one sent again alike. */
  private static final int RECEIVED_ACKS = 256;

  private final Vertx vertx;
  private final String edge;
  private final Topology topology;
  private final MigrationSpec spec;
  private final FrameStore store;
  private final Donor donor;
  private final SeriesStore series;
  private final Absorber absorber;
  private final ReceivedBatches received = new ReceivedBatches(RECEIVED_ACKS);
  private boolean stopped;
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
      FrameStore store,
      Donor donor,
      SeriesStore series,
      Absorber absorber) {
    this.vertx = vertx;
    this.edge = edge;
    this.topology = topology;
    this.spec = topology.migration();
    this.store = store;
    this.donor = donor;
    this.series = series;
    this.absorber = absorber;
  }

  /** Registers the order and receive consumers. */
  Future<?> start() {
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

  /** Sends nothing more (the store is closing); a transfer under way keeps its unacked frames. */
  void stop() {
    stopped = true;
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

  private void onOrder(Message<MigrationOrder> msg) {
    MigrationOrder order = msg.body();
    if (!order.from().equals(edge)) {
      msg.fail(400, "edge " + edge + " got the order of donor " + order.from());
      return;
    }
    msg.reply(order);
    OutboundTransfer t;
    try {
      t =
          donor.start(
              order.frames(),
              spec.batchFrames(),
              new OutboundTransfer.Retry(
                  FIRST_RESEND_MS,
                  RESEND_BACKOFF,
                  Math.max(FIRST_RESEND_MS, spec.periodMs()),
                  MAX_ATTEMPTS),
              order.to());
    } catch (RuntimeException e) {
      transfersFailed++;
      event("failed", order, null, "picking failed: " + e.getMessage());
      return;
    }
    if (t.batchCount() == 0) {
      transfersFailed++;
      event(
          "failed",
          order,
          t,
          "nothing to move: no free chunk of at most "
              + order.frames()
              + " frames ("
              + donor.busy()
              + " frames in transfers or awaiting their crops; the chunks in windows still"
              + " to come wait too)");
      return;
    }
    transfersOut++;
    sendNext(order, t);
  }

  private void sendNext(MigrationOrder order, OutboundTransfer t) {
    if (t.current().isEmpty() || stopped) {
      donor.ended(t, order.to());
      if (t.gaveUp()) {
        transfersFailed++;
        event(
            "failed",
            order,
            t,
            "batch "
                + t.batchNo()
                + " never acked; its frames stay here and move to "
                + order.to()
                + " alone");
      } else if (!stopped) {
        event("done", order, t, null);
      }
      return;
    }
    FrameTransfer transfer;
    try {
      transfer = donor.read(order.transferId(), order.to(), t);
    } catch (RuntimeException e) {
      retry(order, t, "reading batch " + t.batchNo() + " failed: " + e);
      return;
    }
    if (transfer.chunks().isEmpty()) {
      t.acked(0);
      sendNext(order, t);
      return;
    }
    vertx
        .eventBus()
        .<TransferAck>request(
            Addresses.edgeReceive(order.to()),
            transfer,
            new DeliveryOptions().setSendTimeout(Math.max(FIRST_RESEND_MS, spec.periodMs())))
        .onSuccess(
            ack -> {
              if (stopped) {
                return;
              }
              long deleted;
              try {
                deleted = donor.delete(transfer, ack.body().counted());
              } catch (RuntimeException e) {
                retry(order, t, "deleting batch " + t.batchNo() + " failed: " + e);
                return;
              }
              framesOut += deleted;
              t.acked(deleted);
              sendNext(order, t);
            })
        .onFailure(e -> retry(order, t, e.getMessage()));
  }

  private void retry(MigrationOrder order, OutboundTransfer t, String why) {
    if (stopped) {
      return;
    }
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
    List<InboundTransfer.Stored> stored;
    try {
      stored = InboundTransfer.store(store, transfer);
    } catch (RuntimeException e) {
      Events.error(
          vertx,
          edge,
          "edge " + edge + " could not store transfer " + transfer.transferId() + ": " + e);
      msg.fail(500, "edge " + edge + ": store failed: " + e.getMessage());
      return;
    }
    int fresh = InboundTransfer.freshCount(stored);
    batchesIn++;
    framesIn += fresh;
    List<Window> completed = new ArrayList<>();
    for (InboundTransfer.Stored s : stored) {
      if (!s.fresh().isEmpty()) {
        completed.addAll(
            absorber.absorb(topology.terminal(s.chunk().terminal()), s.chunk(), s.fresh()));
      }
    }
    msg.reply(
        new TransferAck(
            fresh,
            transfer.frames() - fresh,
            received.ack(transfer, InboundTransfer.counted(transfer, completed, series))));
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
