package org.divs.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.divs.bus.FrameId;

/**
 * A donor's side of one transfer, without the bus: the picked chunks packed into batches of whole
 * chunks, sent one at a time; a batch is deleted at the donor only once the receiver acked it, and
 * an unacked batch is sent again after a growing wait until its attempts run out. Not thread-safe
 * (one context).
 */
public final class OutboundTransfer {
  /** How long to wait before each resend, and how many sends a batch gets at most. */
  public record Retry(long firstWaitMs, double backoff, long maxWaitMs, int maxAttempts) {
    /** Checks the figures. */
    public Retry {
      if (firstWaitMs < 1 || backoff < 1 || maxWaitMs < firstWaitMs || maxAttempts < 1) {
        throw new IllegalArgumentException(
            "need first wait >= 1 ms, backoff >= 1, max wait >= first wait, attempts >= 1");
      }
    }
  }

  private final List<List<ChunkPicker.Chunk>> batches;
  private final Retry retry;
  private int next;
  private int attempts;
  private long framesAcked;
  private long resends;
  private boolean gaveUp;

  /**
   * A transfer of {@code chunks} in batches of at most {@code batchFrames} frames (a chunk larger
   * than that travels alone: chunks are never split).
   */
  public OutboundTransfer(List<ChunkPicker.Chunk> chunks, int batchFrames, Retry retry) {
    if (batchFrames < 1) {
      throw new IllegalArgumentException("batchFrames must be at least 1, got " + batchFrames);
    }
    this.retry = retry;
    this.batches = new ArrayList<>();
    List<ChunkPicker.Chunk> open = new ArrayList<>();
    int frames = 0;
    for (ChunkPicker.Chunk c : chunks) {
      if (!open.isEmpty() && frames + c.frames().size() > batchFrames) {
        batches.add(List.copyOf(open));
        open.clear();
        frames = 0;
      }
      open.add(c);
      frames += c.frames().size();
    }
    if (!open.isEmpty()) {
      batches.add(List.copyOf(open));
    }
  }

  /** Batches in the transfer. */
  public int batchCount() {
    return batches.size();
  }

  /** The batch to send now (its number is {@link #batchNo()}); empty once the transfer ended. */
  public Optional<List<ChunkPicker.Chunk>> current() {
    return gaveUp || next >= batches.size() ? Optional.empty() : Optional.of(batches.get(next));
  }

  /** The number of the current batch (after giving up, of the batch never acked). */
  public int batchNo() {
    return next;
  }

  /**
   * Records the receiver's ack of the current batch, whose {@code frames} the donor now deletes.
   */
  public void acked(long frames) {
    framesAcked += frames;
    attempts = 0;
    next++;
  }

  /**
   * Records a failed send of the current batch (no ack: refused, lost or timed out); its frames
   * stay at the donor.
   *
   * @return the wait in ms before sending it again, or empty when its attempts are spent: the
   *     transfer then ends, unfinished
   */
  public Optional<Long> failed() {
    attempts++;
    if (attempts >= retry.maxAttempts()) {
      gaveUp = true;
      return Optional.empty();
    }
    resends++;
    double wait = retry.firstWaitMs() * Math.pow(retry.backoff(), attempts - 1);
    return Optional.of((long) Math.min(retry.maxWaitMs(), wait));
  }

  /** Whether the transfer ended because a batch's attempts were spent. */
  public boolean gaveUp() {
    return gaveUp;
  }

  /** Frames acked by the receiver so far (deleted at the donor). */
  public long framesAcked() {
    return framesAcked;
  }

  /** Sends repeated after a failure. */
  public long resends() {
    return resends;
  }

  /** Every frame of the transfer, acked or not. */
  public long framesPlanned() {
    return batches.stream().flatMap(List::stream).mapToLong(c -> c.frames().size()).sum();
  }

  /**
   * After giving up, the frames of the batch never acked: the receiver may hold them (its ack may
   * have been what was lost). Empty otherwise.
   */
  public List<FrameId> unacked() {
    List<FrameId> ids = new ArrayList<>();
    if (gaveUp) {
      batches.get(next).forEach(c -> ids.addAll(c.frames()));
    }
    return ids;
  }

  /** Every frame id of the transfer: what the donor must not pick for another transfer. */
  public Set<FrameId> frameIds() {
    Set<FrameId> ids = new TreeSet<>();
    batches.forEach(b -> b.forEach(c -> ids.addAll(c.frames())));
    return ids;
  }

  /** The terminals whose chunks the transfer carries, sorted. */
  public Set<String> terminals() {
    Set<String> t = new TreeSet<>();
    batches.forEach(b -> b.forEach(c -> t.add(c.terminal())));
    return t;
  }
}
