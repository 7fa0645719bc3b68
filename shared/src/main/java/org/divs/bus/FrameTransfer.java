package org.divs.bus;

import java.util.List;

/**
 * One batch of a migration transfer from a donor street edge to a receiving one, sent to {@link
 * Addresses#edgeReceive} as request/reply. It carries whole chunks of the donor's terminals, each a
 * {@link FrameBatch}, so the frames keep their ids (terminal, incarnation, sequence) and the
 * receiver can window them per origin terminal. The receiver replies an {@link Ack} once they are
 * in its durable store; the donor deletes them only then. A resent batch is harmless: the
 * receiver's store takes a frame id once.
 *
 * @param transferId the order's transfer id
 * @param batchNo the batch's number within the transfer, from 0
 * @param from the donor edge
 * @param to the receiving edge
 * @param chunks the chunks, each of one terminal
 */
public record FrameTransfer(
    String transferId, int batchNo, String from, String to, List<FrameBatch> chunks) {
  /** Defensive copy of the chunk list. */
  public FrameTransfer {
    chunks = List.copyOf(chunks);
  }

  /** Frames carried, over all chunks. */
  public int frames() {
    return chunks.stream().mapToInt(c -> c.frames().size()).sum();
  }
}
