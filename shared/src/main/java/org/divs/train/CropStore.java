package org.divs.train;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.divs.bus.FrameId;
import org.divs.model.LocalTrainer;

/**
 * An edge's labelled training crops, 3x64x64 bytes each (CHW, 0-255), oldest first, each tagged
 * with the frame it was cut from. Bounded: when full, the oldest crop is dropped. The crops of a
 * frame that migrated to another edge are removed ({@link #removeFrames}), so the samples an edge
 * holds fall with its frames. Thread-safe: the crop worker appends and the edge removes while
 * trainers read {@link #snapshot snapshots}.
 */
public final class CropStore implements TaskSamples {
  private record Crop(FrameId frame, byte[] pixels, int label) {}

  private final int capacity;
  private final int cropLength;
  private final ArrayDeque<Crop> crops = new ArrayDeque<>();
  private long dropped;

  /** A store of at most {@code capacity} crops of {@code cropLength} bytes each. */
  public CropStore(int capacity, int cropLength) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.cropLength = cropLength;
  }

  /** Appends a crop of {@code frame} given as CHW floats in [0, 1]. */
  public void add(FrameId frame, float[] chw, int label) {
    if (chw.length != cropLength) {
      throw new IllegalArgumentException(
          "crop has " + chw.length + " values, expected " + cropLength);
    }
    Crop c = new Crop(frame, toBytes(chw), label);
    synchronized (this) {
      if (crops.size() == capacity) {
        crops.removeFirst();
        dropped++;
      }
      crops.addLast(c);
    }
  }

  /** Removes every crop cut from one of {@code frames}; returns how many were removed. */
  public int removeFrames(Collection<FrameId> frames) {
    Set<FrameId> gone = new HashSet<>(frames);
    synchronized (this) {
      int before = crops.size();
      crops.removeIf(c -> gone.contains(c.frame()));
      return before - crops.size();
    }
  }

  /** A crop's CHW floats in [0, 1] as bytes 0-255 (clamped, rounded). */
  public static byte[] toBytes(float[] chw) {
    byte[] b = new byte[chw.length];
    for (int i = 0; i < chw.length; i++) {
      b[i] = (byte) Math.round(Math.min(1f, Math.max(0f, chw[i])) * 255f);
    }
    return b;
  }

  /** Values per crop. */
  public int cropLength() {
    return cropLength;
  }

  /** Crops held now. */
  @Override
  public synchronized int size() {
    return crops.size();
  }

  /** Crops dropped so far because the store was full. */
  public synchronized long dropped() {
    return dropped;
  }

  /** The crops held now, unaffected by later additions and removals (a trainer's round). */
  public synchronized Snapshot snapshot() {
    return new Snapshot(List.copyOf(crops), cropLength);
  }

  /** The crops a store held at one moment, oldest first. */
  public static final class Snapshot {
    private final List<Crop> crops;
    private final int cropLength;

    private Snapshot(List<Crop> crops, int cropLength) {
      this.crops = crops;
      this.cropLength = cropLength;
    }

    /** Crops in the snapshot. */
    public int size() {
      return crops.size();
    }

    /**
     * Copies crop {@code i} (0 = oldest) as floats in [0, 1] into {@code dst} at {@code offset} and
     * returns its label.
     */
    public int copy(int i, float[] dst, int offset) {
      Crop c = crops.get(i);
      byte[] b = c.pixels();
      for (int k = 0; k < cropLength; k++) {
        dst[offset + k] = (b[k] & 0xFF) * (1f / 255f);
      }
      return c.label();
    }
  }

  /**
   * A round over the crops held when it starts (a {@link #snapshot}): crops added, dropped or
   * migrated meanwhile leave its indices valid.
   */
  @Override
  public Round round() {
    Snapshot held = snapshot();
    return new Round() {
      @Override
      public int size() {
        return held.size();
      }

      @Override
      public float step(LocalTrainer trainer, int[] idx, int from, int n) {
        float[] x = new float[n * cropLength];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
          y[i] = held.copy(idx[from + i], x, i * cropLength);
        }
        return trainer.step(x, y);
      }
    };
  }
}
