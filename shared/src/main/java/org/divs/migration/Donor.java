package org.divs.migration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.bus.FrameTransfer;
import org.divs.bus.TransferAck;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.store.FrameStore;
import org.divs.train.CropStore;
import org.divs.train.SeriesStore;
import org.divs.window.EdgeWindows;

/**
 * A street edge's side of dynamic data migration as a donor, without the bus: which frames of its
 * own terminals may move (whole chunks, none already in a transfer, still waiting for its crops or
 * in a window still to come), the transfer batches read from its store, and the deletion of a
 * batch's frames, their training crops and the count-series steps of the windows the receiver now
 * counts once it acked the batch. Plain Java; blocking (reads and writes the store); not
 * thread-safe: the edge calls it from the one thread that owns the store.
 */
public final class Donor {
  private final Topology topology;
  private final String edge;
  private final FrameStore store;
  private final Map<String, CropStore> crops;
  private final EdgeWindows windows;
  private final SeriesStore series;
  private final Set<String> own = new HashSet<>();

  /** Chunk number (stream time / stride) of each held frame of the edge's own terminals. */
  private final Map<FrameId, Long> chunkOf = new HashMap<>();

  /** Frames in a transfer that has not ended: never picked twice. */
  private final Set<FrameId> moving = new HashSet<>();

  /** Frames whose crops are being cut: not picked until they are (the donor removes them). */
  private final Set<FrameId> uncut = new HashSet<>();

  /**
   * Frames of a batch its receiver never acked, by that receiver: it may hold them (and count their
   * windows), so they move to it alone, where they are taken once.
   */
  private final Map<FrameId, String> pinned = new HashMap<>();

  /**
   * A donor.
   *
   * @param topology the city
   * @param edge this street edge
   * @param store the edge's frame store
   * @param crops the edge's training crops by task: a moved frame's crops leave with it
   * @param windows the edge's windows: a chunk moves only once no window to come holds it
   * @param series the edge's count series: a step whose window a receiver's ack names leaves it
   */
  public Donor(
      Topology topology,
      String edge,
      FrameStore store,
      Map<String, CropStore> crops,
      EdgeWindows windows,
      SeriesStore series) {
    this.topology = topology;
    this.edge = edge;
    this.store = store;
    this.crops = crops;
    this.windows = windows;
    this.series = series;
    topology.terminalsOf(edge).forEach(t -> own.add(t.id()));
  }

  /** Notes the chunk numbers of frames of one of the edge's own terminals just stored. */
  public void stored(String terminal, long incarnation, List<EncodedFrame> fresh) {
    if (!own.contains(terminal)) {
      return;
    }
    long stride = topology.terminal(terminal).window().strideMs();
    for (EncodedFrame f : fresh) {
      chunkOf.put(new FrameId(terminal, incarnation, f.seq()), Math.floorDiv(f.timeMs(), stride));
    }
    if (chunkOf.size() > 2 * store.capacity()) {
      chunkOf.keySet().retainAll(new HashSet<>(store.ids()));
    }
  }

  /**
   * Notes frames handed to the crop worker, so none of them moves before its crops exist; returns
   * their ids, for {@link #cut}.
   */
  public List<FrameId> cutting(String terminal, long incarnation, List<EncodedFrame> frames) {
    List<FrameId> ids = new ArrayList<>(frames.size());
    frames.forEach(f -> ids.add(new FrameId(terminal, incarnation, f.seq())));
    uncut.addAll(ids);
    return ids;
  }

  /** Notes that the crop worker is done with frames {@link #cutting} returned. */
  public void cut(List<FrameId> ids) {
    ids.forEach(uncut::remove);
  }

  /**
   * Frames that may not move now: in a transfer, or waiting for their crops (frames whose chunk
   * holds such a frame, or is in a window still to come, do not move either).
   */
  public int busy() {
    return moving.size() + uncut.size();
  }

  /**
   * Starts a transfer of at most {@code frames} frames: whole chunks of the edge's own terminals
   * ({@link ChunkPicker}), none with a frame busy and none in a window still to come (so the
   * receiver gets every frame of a chunk and the donor adds no count of it later) and none sent to
   * another receiver that never acked it, which are busy from now until {@link #ended}. It may hold
   * no batch when nothing is free.
   *
   * @param to the receiving edge
   */
  public OutboundTransfer start(
      long frames, int batchFrames, OutboundTransfer.Retry retry, String to) {
    List<FrameId> held = store.ids();
    if (!pinned.isEmpty()) {
      pinned.keySet().retainAll(new HashSet<>(held));
    }
    List<FrameId> ownHeld = new ArrayList<>();
    Set<ChunkKey> blocked = new HashSet<>();
    for (FrameId id : held) {
      if (!own.contains(id.terminal())) {
        continue;
      }
      ownHeld.add(id);
      String pin = pinned.get(id);
      if (moving.contains(id)
          || uncut.contains(id)
          || !settled(id)
          || (pin != null && !pin.equals(to))) {
        blocked.add(chunkKey(id));
      }
    }
    List<FrameId> free = new ArrayList<>();
    for (FrameId id : ownHeld) {
      if (!blocked.contains(chunkKey(id))) {
        free.add(id);
      }
    }
    OutboundTransfer t =
        new OutboundTransfer(ChunkPicker.pick(free, this::chunk, frames), batchFrames, retry);
    moving.addAll(t.frameIds());
    return t;
  }

  private long chunk(FrameId id) {
    return chunkOf.computeIfAbsent(id, this::readChunk);
  }

  /** One chunk of one terminal incarnation. */
  private record ChunkKey(String terminal, long incarnation, long chunk) {}

  /** One terminal incarnation. */
  private record Run(String terminal, long incarnation) {}

  private ChunkKey chunkKey(FrameId id) {
    return new ChunkKey(id.terminal(), id.incarnation(), chunk(id));
  }

  /** Whether no window still to come holds the chunk of {@code id}. */
  private boolean settled(FrameId id) {
    long stride = topology.terminal(id.terminal()).window().strideMs();
    return windows.settled(id.terminal(), id.incarnation(), (chunk(id) + 1) * stride);
  }

  /** The chunk number of a held frame stored before this edge started (a durable store). */
  private long readChunk(FrameId id) {
    long stride = topology.terminal(id.terminal()).window().strideMs();
    return store.get(id).map(f -> Math.floorDiv(f.timeMs(), stride)).orElse(-1L);
  }

  /**
   * The current batch of {@code t} read from the store, each chunk a {@link FrameBatch} with its
   * frame ids (frames evicted meanwhile left out).
   */
  public FrameTransfer read(String transferId, String to, OutboundTransfer t) {
    List<FrameBatch> chunks = new ArrayList<>();
    for (ChunkPicker.Chunk c : t.current().orElseThrow()) {
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
    return new FrameTransfer(transferId, t.batchNo(), edge, to, chunks);
  }

  /**
   * After the receiver's ack of {@code transfer}: its frames leave the store (counted as migrated
   * out) with their training crops, and the steps of the windows the receiver now counts leave the
   * count series; returns how many frames were deleted.
   *
   * @param transfer the batch acked
   * @param counted the windows the receiver named in its ack
   */
  public long delete(FrameTransfer transfer, List<TransferAck.CountedWindow> counted) {
    List<FrameId> ids = new ArrayList<>();
    for (FrameBatch chunk : transfer.chunks()) {
      for (int i = 0; i < chunk.frames().size(); i++) {
        ids.add(chunk.idOf(i));
      }
    }
    Map<Run, List<Long>> starts = new LinkedHashMap<>();
    for (TransferAck.CountedWindow w : counted) {
      starts
          .computeIfAbsent(new Run(w.terminal(), w.incarnation()), k -> new ArrayList<>())
          .add(w.startMs());
    }
    starts.forEach((run, s) -> series.remove(run.terminal(), run.incarnation(), s));
    long deleted = 0;
    for (FrameId id : ids) {
      pinned.remove(id);
      if (store.removeMigrated(id)) {
        deleted++;
      }
      chunkOf.remove(id);
    }
    crops.values().forEach(c -> c.removeFrames(ids));
    return deleted;
  }

  /**
   * The transfer to {@code to} ended (done or given up): its frames not deleted may move again,
   * those of a batch {@code to} never acked to {@code to} alone.
   */
  public void ended(OutboundTransfer t, String to) {
    moving.removeAll(t.frameIds());
    t.unacked().forEach(id -> pinned.put(id, to));
  }
}
