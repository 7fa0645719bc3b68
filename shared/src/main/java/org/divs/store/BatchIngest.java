package org.divs.store;

import java.util.ArrayList;
import java.util.List;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;

/**
 * An edge taking one batch from a terminal: the structural check of each frame (JPEG markers and
 * the declared size, no decoding), then one durable {@link FrameStore#putAll} of the frames that
 * passed. A frame that fails the check is refused and named; the rest of the batch is stored. Plain
 * Java; blocking (the put writes the store).
 */
public final class BatchIngest {
  private BatchIngest() {}

  /**
   * What became of a batch.
   *
   * @param fresh the frames stored now, in batch order (their crops are still to be cut)
   * @param held the frames held after the put: fresh ones and duplicates, in batch order
   * @param duplicates frames whose id was seen before
   * @param refused one message per refused frame, naming the terminal, the frame id and the cause
   */
  public record Outcome(
      List<EncodedFrame> fresh, List<EncodedFrame> held, int duplicates, List<String> refused) {
    /** Copies the lists. */
    public Outcome {
      fresh = List.copyOf(fresh);
      held = List.copyOf(held);
      refused = List.copyOf(refused);
    }
  }

  /**
   * Checks and stores a batch; durable when this returns.
   *
   * @param store the edge's store
   * @param batch the batch
   * @param width the terminal's declared frame width
   * @param height the terminal's declared frame height
   * @param images whether the terminal's frames carry images (every source but {@code flow})
   * @return what was stored, ignored and refused
   */
  public static Outcome store(
      FrameStore store, FrameBatch batch, int width, int height, boolean images) {
    List<FrameId> ids = new ArrayList<>(batch.frames().size());
    List<EncodedFrame> ok = new ArrayList<>(batch.frames().size());
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < batch.frames().size(); i++) {
      EncodedFrame f = batch.frames().get(i);
      String bad = check(f, width, height, images);
      if (bad != null) {
        refused.add(
            "terminal " + batch.terminal() + " frame " + batch.idOf(i) + " refused: " + bad);
        continue;
      }
      ids.add(batch.idOf(i));
      ok.add(f);
    }
    List<FrameStore.Put> puts = ok.isEmpty() ? List.of() : store.putAll(ids, ok, false);
    List<EncodedFrame> fresh = new ArrayList<>(ok.size());
    int duplicates = 0;
    for (int i = 0; i < ok.size(); i++) {
      if (puts.get(i) == FrameStore.Put.STORED) {
        fresh.add(ok.get(i));
      } else {
        duplicates++;
      }
    }
    return new Outcome(fresh, ok, duplicates, refused);
  }

  private static String check(EncodedFrame f, int width, int height, boolean images) {
    if (!images) {
      return f.jpegSize() == 0 ? null : "a count-only source sent " + f.jpegSize() + " bytes";
    }
    return f.checkJpeg(width, height);
  }
}
