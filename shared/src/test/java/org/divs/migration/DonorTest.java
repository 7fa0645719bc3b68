package org.divs.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.bus.FrameTransfer;
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
  private static final Topology CITY =
      TopologyLoader.parse(
          """
          {
            "cloud": {"id": "cloud"},
            "edges": [
              {"id": "street-1", "parent": "cloud"},
              {"id": "street-2", "parent": "cloud"}
            ],
            "terminals": [
              {"id": "cam-1", "edge": "street-1", "source": {"type": "synthetic"},
               "window": {"strideMs": 1000, "lengthMs": 1000}},
              {"id": "cam-2", "edge": "street-2", "source": {"type": "synthetic"}}
            ],
            "tasks": [{"id": "cnn", "model": "cnn", "classes": ["car", "truck"]}]
          }
          """);

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

    OutboundTransfer first = donor.start(6, 8, RETRY);
    assertThat(first.frameIds()) // chunk 1; chunk 2 would overshoot the 6 frames ordered
        .containsExactly(
            new FrameId("cam-1", 1, 4),
            new FrameId("cam-1", 1, 5),
            new FrameId("cam-1", 1, 6),
            new FrameId("cam-1", 1, 7));
    OutboundTransfer second = donor.start(100, 8, RETRY);
    assertThat(second.framesPlanned()).isEqualTo(8); // chunks 2 and 3; chunk 0 awaits its crops
    assertThat(second.frameIds()).allMatch(id -> id.seq() >= 8);
    assertThat(donor.busy()).isEqualTo(16);

    FrameTransfer batch = donor.read("t1", "street-2", first);
    assertThat(batch.chunks()).hasSize(1);
    assertThat(batch.chunks().get(0).chunkStartMs()).isEqualTo(1000);
    assertThat(batch.frames()).isEqualTo(4);
    assertThat(donor.delete(batch)).isEqualTo(4);
    first.acked(4);
    donor.ended(first);
    donor.ended(second);
    donor.cut(cutting);

    assertThat(store.size()).isEqualTo(16);
    assertThat(crops.size()).isEqualTo(12);
    assertThat(store.ledger().migratedOut()).isEqualTo(4);
    assertThat(store.ledger().balanced()).isTrue();
    OutboundTransfer third = donor.start(100, 8, RETRY);
    assertThat(third.framesPlanned()).isEqualTo(12);
    assertThat(third.terminals()).containsExactly("cam-1");
  }

  /** street-1 holds cam-1, whose windows of 2 s overlap by one chunk of 1 s. */
  private static final Topology OVERLAPPING =
      TopologyLoader.parse(
          """
          {
            "cloud": {"id": "cloud"},
            "edges": [
              {"id": "street-1", "parent": "cloud"},
              {"id": "street-2", "parent": "cloud"},
              {"id": "street-3", "parent": "cloud"}
            ],
            "terminals": [
              {"id": "cam-1", "edge": "street-1", "source": {"type": "synthetic"},
               "window": {"strideMs": 1000, "lengthMs": 2000}}
            ],
            "tasks": [{"id": "cnn", "model": "cnn", "classes": ["car", "truck"]}]
          }
          """);

  /** Stores chunk {@code k} of cam-1 (4 frames, each counting k vehicles) and windows it. */
  private static void ingestChunk(
      InMemoryFrameStore store, Donor donor, EdgeWindows windows, SeriesStore series, int k) {
    List<EncodedFrame> fs = frames(4 * k, 4 * k + 4);
    put(store, "cam-1", fs);
    donor.stored("cam-1", 1, fs);
    List<FrameEntry> entries = new ArrayList<>();
    fs.forEach(
        f -> entries.add(new FrameEntry(new FrameId("cam-1", 1, f.seq()), f.timeMs(), k, null)));
    for (Window w : windows.add("cam-1", 1, k * 1000L, k * 1000L + 1000, entries)) {
      series.add(w, 1000);
    }
  }

  /** Moves what {@code donor.start} picks to {@code to}, acked; returns the chunks' starts. */
  private static List<Long> move(Donor donor, long frames, String to) {
    OutboundTransfer t = donor.start(frames, 100, RETRY);
    FrameTransfer batch = donor.read("t-" + to, to, t);
    donor.delete(batch);
    t.acked(batch.frames());
    donor.ended(t);
    return batch.chunks().stream().map(FrameBatch::chunkStartMs).toList();
  }

  @Test
  @DisplayName(
      "moves no chunk a window still to come holds, and takes from the count series the steps of"
          + " the windows whose chunks all went to one edge, keeping those split or left in part")
  void seriesStepsFollowTheirWindows() {
    InMemoryFrameStore store = new InMemoryFrameStore(100);
    EdgeWindows windows =
        new EdgeWindows(Map.of("cam-1", new EdgeWindows.Settings(2000, 1000, 3000)));
    SeriesStore series = new SeriesStore(100);
    Donor donor = new Donor(OVERLAPPING, "street-1", store, Map.of(), windows, series);
    for (int k = 0; k < 6; k++) {
      ingestChunk(store, donor, windows, series, k);
    }
    // windows [k, k + 2) s for k = 0..4, each counting 4k + 4(k + 1); [5, 7) s is still to come
    assertThat(series.sizes()).containsEntry("cam-1", 5);

    assertThat(move(donor, 8, "street-2")).containsExactly(0L, 1000L);
    // [0, 2) s went wholly to street-2; [1, 3) s only in part
    assertThat(series.sizes()).containsEntry("cam-1", 4);

    assertThat(move(donor, 100, "street-3"))
        .as("chunk 5 is in a window to come")
        .containsExactly(2000L, 3000L, 4000L);
    // [2, 4) and [3, 5) s went wholly to street-3; [1, 3) s is split between the two receivers
    // and [4, 6) s partly still here: both stay
    FlowSeries left = series.snapshot().get(0);
    assertThat(left.size()).isEqualTo(2);
    assertThat(left.timeMs(0)).isEqualTo(1000);
    assertThat(left.count(0)).isEqualTo(12f);
    assertThat(left.timeMs(1)).isEqualTo(4000);
    assertThat(left.count(1)).isEqualTo(36f);

    ingestChunk(store, donor, windows, series, 6);
    assertThat(move(donor, 100, "street-3")).as("[5, 7) s is final now").containsExactly(5000L);
    assertThat(series.snapshot().get(0).size())
        .as("[4, 6) s went wholly to street-3; [5, 7) s only in part")
        .isEqualTo(2);
    assertThat(store.ledger().balanced()).isTrue();
  }
}
