package org.divs.train;

import org.divs.model.LocalTrainer;

/**
 * An edge's labelled training crops, 3x64x64 bytes each (CHW, 0-255), in a bounded ring: when full,
 * the oldest crop is overwritten. Thread-safe: the crop worker appends while trainers read.
 */
public final class CropStore implements TaskSamples {
  private final int cropLength;
  private final byte[][] crops;
  private final int[] labels;
  private long appended;

  /** A store of at most {@code capacity} crops of {@code cropLength} bytes each. */
  public CropStore(int capacity, int cropLength) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.cropLength = cropLength;
    this.crops = new byte[capacity][];
    this.labels = new int[capacity];
  }

  /** Appends a crop given as CHW floats in [0, 1]. */
  public void add(float[] chw, int label) {
    if (chw.length != cropLength) {
      throw new IllegalArgumentException(
          "crop has " + chw.length + " values, expected " + cropLength);
    }
    byte[] b = toBytes(chw);
    synchronized (this) {
      int slot = (int) (appended % crops.length);
      crops[slot] = b;
      labels[slot] = label;
      appended++;
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
    return (int) Math.min(appended, crops.length);
  }

  /**
   * Copies crop {@code i} (0 = oldest held) as floats in [0, 1] into {@code dst} at {@code offset}
   * and returns its label.
   */
  public int copy(int i, float[] dst, int offset) {
    byte[] b;
    int label;
    synchronized (this) {
      int held = size();
      if (i < 0 || i >= held) {
        throw new IndexOutOfBoundsException("crop " + i + " of " + held);
      }
      long first = appended - held;
      int slot = (int) ((first + i) % crops.length);
      b = crops[slot];
      label = labels[slot];
    }
    for (int k = 0; k < cropLength; k++) {
      dst[offset + k] = (b[k] & 0xFF) * (1f / 255f);
    }
    return label;
  }

  /**
   * A round over the crops held when it starts; crops appended meanwhile take the oldest places
   * (index 0 is the oldest held), so every index stays valid.
   */
  @Override
  public Round round() {
    int held = size();
    return new Round() {
      @Override
      public int size() {
        return held;
      }

      @Override
      public float step(LocalTrainer trainer, int[] idx, int from, int n) {
        float[] x = new float[n * cropLength];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
          y[i] = copy(idx[from + i], x, i * cropLength);
        }
        return trainer.step(x, y);
      }
    };
  }
}
