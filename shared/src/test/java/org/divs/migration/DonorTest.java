package org.divs.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.bus.FrameTransfer;
import org.divs.bus.TransferAck;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.flow.FlowSeries;
import org.divs.store.InMemoryFrameStore;
import org.divs.train.CropStore;
import org.divs.train.SeriesStore;
import org.divs.window.EdgeWindows;
import org.divs.window.FrameEntry;
import org.divs.window.Window;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A donor edge's choice of frames to move")
class DonorTest {
  private static final OutboundTransfer.Retry RETRY = new OutboundTransfer.Retry(100, 2, 500, 4);
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};

  /** street-1 holds cam-1 (chunks of 1 s); cam-2 belongs to street-2. */
  private static final Topology CITY = city(1000);

  /** The same, cam-1's windows of 2 s overlapping by one chunk. */
  private static final Topology OVERLAPPING = city(2000);

  private static Topology city(long windowMs) {
    return TopologyLoader.parse(
        """
        {
          "cloud": {"id": "cloud"},
          "edges": [
            {"id": "street-1", "parent": "cloud"},
            {"id": "street-2", "parent": "cloud"}
          ],
          "terminals": [
            {"id": "cam-1", "edge": "street-1", "source": {"type": "synthetic"},
             "window": {"strideMs": 1000, "lengthMs": %d}},
            {"id": "cam-2", "edge": "street-2", "source": {"type": "synthetic"}}
          ],
          "tasks": [{"id": "cnn", "model": "cnn", "classes": ["car", "truck"]}]
        }
        """
            .formatted(windowMs));
  }

  /** Frames seq from..to-1 of a terminal, 4 per second of stream time. */
  private static List<EncodedFrame> frames(int from, int to) {
    List<EncodedFrame> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new EncodedFrame(i, i * 250L, JPEG, List.of()));
    }
    return out;
  }

  private static void put(InMemoryFrameStore store, String terminal, List<EncodedFrame> fs) {
    FrameBatch b = new FrameBatch(terminal, 1, 0, 0, 16, 16, fs);
    for (int i = 0; i < fs.size(); i++) {
      store.put(b.idOf(i), fs.get(i), !terminal.equals("cam-1"));
    }
  }

  @Test
  @DisplayName(
      "moves whole chunks of its own terminals, never frames in a transfer or awaiting crops, and"
          + " deletes a batch's frames and crops only when told the receiver acked it")
  void picksFreeWholeChunks() {
    InMemoryFrameStore store = new InMemoryFrameStore(100);
    CropStore crops = new CropStore(100, 1);
    Donor donor =
        new Donor(
            CITY,
            "street-1",
            store,
            Map.of("cnn", crops),
            new EdgeWindows(Map.of()),
            new SeriesStore(100));
    List<EncodedFrame> own = frames(0, 16); // chunks 0..3 of 4 frames
    put(store, "cam-1", own);
    donor.stored("cam-1", 1, own);
    put(store, "cam-2", frames(0, 4)); // migrated in earlier: never moves on
    for (int i = 0; i < 16; i++) {
      crops.add(new FrameId("cam-1", 1, i), new float[] {0.5f}, 0);
    }
    List<FrameId> cutting = donor.cutting("cam-1", 1, own.subList(0, 4)); // chunk 0

    OutboundTransfer first = donor.start(6, 8, RETRY, "street-2");
    assertThat(first.frameIds()) // chunk 1; chunk 2 would overshoot the 6 frames ordered
        .containsExactly(
            new FrameId("cam-1", 1, 4),
            new FrameId("cam-1", 1, 5),
            new FrameId("cam-1", 1, 6),
            new FrameId("cam-1", 1, 7));
    OutboundTransfer second = donor.start(100, 8, RETRY, "street-2");
    assertThat(second.framesPlanned()).isEqualTo(8); // chunks 2 and 3; chunk 0 awaits its crops
    assertThat(second.frameIds()).allMatch(id -> id.seq() >= 8);
    assertThat(donor.busy()).isEqualTo(16);

    FrameTransfer batch = donor.read("t1", "street-2", first);
    assertThat(batch.chunks()).hasSize(1);
    assertThat(batch.chunks().get(0).chunkStartMs()).isEqualTo(1000);
    assertThat(batch.frames()).isEqualTo(4);
    assertThat(donor.delete(batch, List.of())).isEqualTo(4);
    first.acked(4);
    donor.ended(first, "street-2");
    donor.ended(second, "street-2");
    donor.cut(cutting);

    assertThat(store.size()).isEqualTo(16);
    assertThat(crops.size()).isEqualTo(12);
    assertThat(store.ledger().migratedOut()).isEqualTo(4);
    assertThat(store.ledger().balanced()).isTrue();
    OutboundTransfer third = donor.start(100, 8, RETRY, "street-2");
    assertThat(third.framesPlanned()).isEqualTo(12);
    assertThat(third.terminals()).containsExactly("cam-1");
  }

  @Test
  @DisplayName(
      "frames of a batch its receiver never acked move to that receiver alone, where they are"
          + " taken once")
  void unackedBatchStaysWithItsReceiver() {
    InMemoryFrameStore store = new InMemoryFrameStore(100);
    Donor donor =
        new Donor(
            CITY, "street-1", store, Map.of(), new EdgeWindows(Map.of()), new SeriesStore(10));
    List<EncodedFrame> own = frames(0, 16); // chunks 0..3 of 4 frames
    put(store, "cam-1", own);
    donor.stored("cam-1", 1, own);

    OutboundTransfer t = donor.start(100, 8, RETRY, "street-2");
    assertThat(t.batchCount()).isEqualTo(2);
    t.acked(donor.delete(donor.read("t1", "street-2", t), List.of()));
    while (t.failed().isPresent()) {
      // the second batch's acks never come
    }
    donor.ended(t, "street-2");
    assertThat(store.size()).isEqualTo(8);

    OutboundTransfer elsewhere = donor.start(100, 8, RETRY, "street-3");
    assertThat(elsewhere.batchCount()).as("chunks 2 and 3 may be at street-2").isZero();
    donor.ended(elsewhere, "street-3");
    OutboundTransfer again = donor.start(100, 8, RETRY, "street-2");
    assertThat(again.frameIds()).allMatch(id -> id.seq() >= 8).hasSize(8);
    again.acked(donor.delete(donor.read("t2", "street-2", again), List.of()));
    donor.ended(again, "street-2");
    assertThat(store.size()).isZero();
    assertThat(store.ledger().balanced()).isTrue();
  }

  /** An edge's store, windows and count series, windowing chunks as the ingest worker does. */
  private static final class Edge {
    final InMemoryFrameStore store = new InMemoryFrameStore(100);
    final EdgeWindows windows =
        new EdgeWindows(Map.of("cam-1", new EdgeWindows.Settings(2000, 1000, 3000)));
    final SeriesStore series = new SeriesStore(100);
    final ReceivedBatches acks = new ReceivedBatches(4);

    List<Window> absorb(long startMs, List<EncodedFrame> fresh) {
      List<FrameEntry> entries = new ArrayList<>();
      for (EncodedFrame f : fresh) {
        entries.add(new FrameEntry(new FrameId("cam-1", 1, f.seq()), f.timeMs(), f.count(), null));
      }
      List<Window> completed = windows.add("cam-1", 1, startMs, startMs + 1000, entries);
      completed.forEach(w -> series.add(w, 1000));
      return completed;
    }

    /** Takes a transfer batch as a receiver; the windows its ack names. */
    List<TransferAck.CountedWindow> receive(FrameTransfer batch) {
      List<Window> completed = new ArrayList<>();
      for (InboundTransfer.Stored st : InboundTransfer.store(store, batch)) {
        if (!st.fresh().isEmpty()) {
          completed.addAll(absorb(st.chunk().chunkStartMs(), st.fresh()));
        }
      }
      return acks.ack(batch, InboundTransfer.counted(batch, completed, series));
    }

    List<Long> steps() {
      List<Long> out = new ArrayList<>();
      for (FlowSeries run : series.snapshot()) {
        for (int i = 0; i < run.size(); i++) {
          out.add(run.timeMs(i));
        }
      }
      return out;
    }
  }

  /** Chunk {@code k} of cam-1: 4 frames of 250 ms, each counting k vehicles. */
  private static List<EncodedFrame> chunk(int k) {
    List<EncodedFrame> out = new ArrayList<>();
    for (int i = 4 * k; i < 4 * k + 4; i++) {
      out.add(new EncodedFrame(i, i * 250L, JPEG, List.of(), k, null));
    }
    return out;
  }

  private static void ingest(Edge e, Donor donor, int k) {
    List<EncodedFrame> fs = chunk(k);
    put(e.store, "cam-1", fs);
    donor.stored("cam-1", 1, fs);
    e.absorb(k * 1000L, fs);
  }

  @Test
  @DisplayName(
      "moves no chunk a window still to come holds, nor one with a frame awaiting its crops; each"
          + " window ends as a count-series step on exactly one edge, also when chunks arrive out"
          + " of order and when an ack is lost")
  void seriesStepsFollowTheirWindows() {
    Edge donorEdge = new Edge();
    Edge receiver = new Edge();
    Donor donor =
        new Donor(
            OVERLAPPING,
            "street-1",
            donorEdge.store,
            Map.of(),
            donorEdge.windows,
            donorEdge.series);
    for (int k = 0; k < 6; k++) {
      ingest(donorEdge, donor, k);
    }
    // windows [k, k + 2) s for k = 0..4; [5, 7) s is still to come
    assertThat(donorEdge.steps()).containsExactly(0L, 1000L, 2000L, 3000L, 4000L);
    List<FrameId> cutting = donor.cutting("cam-1", 1, chunk(0).subList(0, 1));

    OutboundTransfer first = donor.start(100, 100, RETRY, "street-2");
    FrameTransfer batch = donor.read("t1", "street-2", first);
    assertThat(batch.chunks())
        .as("chunk 0 has a frame awaiting its crops, chunk 5 is in a window to come")
        .extracting(FrameBatch::chunkStartMs)
        .containsExactly(1000L, 2000L, 3000L, 4000L);
    receiver.receive(batch); // the ack is lost: the donor sends the batch again
    donor.delete(batch, receiver.receive(batch));
    first.acked(batch.frames());
    donor.ended(first, "street-2");
    assertThat(receiver.steps()).containsExactly(1000L, 2000L, 3000L);
    assertThat(donorEdge.steps()).containsExactly(0L, 4000L);

    donor.cut(cutting);
    ingest(donorEdge, donor, 6);
    OutboundTransfer second = donor.start(100, 100, RETRY, "street-2");
    FrameTransfer late = donor.read("t2", "street-2", second);
    assertThat(late.chunks()).extracting(FrameBatch::chunkStartMs).containsExactly(0L, 5000L);
    donor.delete(late, receiver.receive(late));
    second.acked(late.frames());
    donor.ended(second, "street-2");
    // the receiver's windows begin at its first chunk, 1 s: [0, 2) s stays with the donor, as
    // does [5, 7) s, whose chunk 6 is still there
    assertThat(receiver.steps()).containsExactly(1000L, 2000L, 3000L, 4000L);
    assertThat(donorEdge.steps()).containsExactly(0L, 5000L);
    assertThat(donorEdge.store.ledger().balanced()).isTrue();
  }
}
