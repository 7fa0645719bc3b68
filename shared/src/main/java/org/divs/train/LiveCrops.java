package org.divs.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest unlabelled crops per terminal, for live inference: crops of moving blobs from video
 * terminals, and crops of terminals whose data is kept out of training. 3x64x64 bytes each (CHW,
 * 0-255), bounded per terminal (the oldest go first). Thread-safe: the crop worker appends while
 * inference reads.
 */
public final class LiveCrops {
  /**
   * One crop.
   *
   * @param timeMs stream time of its frame
   * @param label the annotation's label ({@code moving} for a moving blob)
   * @param chw the crop, CHW bytes 0-255
   */
  public record Crop(long timeMs, String label, byte[] chw) {}

  private final int capacity;
  private final Map<String, Deque<Crop>> crops = new LinkedHashMap<>();
  private long added;

  /** A store keeping the newest {@code capacity} crops per terminal. */
  public LiveCrops(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Appends a crop given as CHW floats in [0, 1]. */
  public void add(String terminal, long timeMs, String label, float[] chw) {
    byte[] b = CropStore.toBytes(chw);
    synchronized (this) {
      Deque<Crop> d = crops.computeIfAbsent(terminal, k -> new ArrayDeque<>());
      d.addLast(new Crop(timeMs, label, b));
      if (d.size() > capacity) {
        d.removeFirst();
      }
      added++;
    }
  }

  /** The crops held for a terminal, oldest first. */
  public synchronized List<Crop> of(String terminal) {
    Deque<Crop> d = crops.get(terminal);
    return d == null ? List.of() : List.copyOf(d);
  }

  /** Crops added so far, over all terminals. */
  public synchronized long added() {
    return added;
  }

  /** Crops held per terminal. */
  public synchronized Map<String, Integer> sizes() {
    Map<String, Integer> out = new LinkedHashMap<>();
    crops.forEach((k, v) -> out.put(k, v.size()));
    return out;
  }
}
