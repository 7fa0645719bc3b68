package org.divs.motion;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts vehicles in a fixed camera's stream by motion.
 *
 * <p>Per frame: the grey (luma) frame is averaged down into a grid of square cells (about 160 cells
 * wide); the frame's global brightness shift against the background (the median difference, so a
 * camera's automatic exposure does not light up the whole frame) is taken out; cells that still
 * differ from the background by more than a threshold are foreground. The mask is grown by a cell
 * or two so the parts of one vehicle join, split into connected blobs (overlapping boxes merged),
 * and blobs smaller than a minimum area are dropped. A {@link CentroidTracker} follows the blobs
 * and counts those whose centre crosses the counting line.
 *
 * <p>The background is a running average per cell, started from the first frame. Background cells
 * follow the frame at {@code alpha} per frame (at first faster: the mean of the frames so far, for
 * the first 25 frames). Under foreground the background follows the frame's global brightness shift
 * at that rate but the pixels forty times slower, so a slow vehicle leaves no trail, even while the
 * camera's exposure changes. A cell that stays foreground for 150 frames (a vehicle that parked, or
 * the ghost of one that was in the first frame and left) is taken into the background at the full
 * rate.
 *
 * <p>Not thread-safe: one counter per stream. Plain Java: no Vert.x, no native code.
 */
public final class MotionCounter {
  /** The label of the annotations a source makes of moving blobs (class unknown). */
  public static final String LABEL = "moving";

  private static final int WARMUP = 25;

  /** Frames after which a cell that stays foreground is taken into the background at full rate. */
  private static final int ABSORB = 150;

  private final MotionSettings settings;
  private final int width;
  private final int height;
  private final int cell;
  private final int gw;
  private final int gh;
  private final float[] bg;
  private final int[] cur;
  private final int[] fgAge;
  private final boolean[] fg;
  private final boolean[] grown;
  private final boolean[] tmp;
  private final int[] label;
  private final int[] stack;
  private final int[] hist = new int[511];
  private final long minAreaPx;
  private final CentroidTracker tracker;
  private long frames;

  /**
   * A counter for frames of {@code width x height} pixels.
   *
   * @param settings the settings
   * @param width frame width in pixels
   * @param height frame height in pixels
   */
  public MotionCounter(MotionSettings settings, int width, int height) {
    if (width < 16 || height < 16) {
      throw new IllegalArgumentException("frame too small: " + width + "x" + height);
    }
    this.settings = settings;
    this.width = width;
    this.height = height;
    this.cell = settings.cell() > 0 ? settings.cell() : Math.max(1, Math.round(width / 160f));
    this.gw = width / cell;
    this.gh = height / cell;
    int n = gw * gh;
    bg = new float[n];
    cur = new int[n];
    fgAge = new int[n];
    fg = new boolean[n];
    grown = new boolean[n];
    tmp = new boolean[n];
    label = new int[n];
    stack = new int[n];
    minAreaPx = Math.round(settings.minAreaFraction() * width * height);
    double across = settings.line().horizontal() ? height : width;
    tracker =
        new CentroidTracker(
            settings.line(),
            settings.maxJumpFraction() * Math.max(width, height),
            settings.maxMissed(),
            settings.minAge(),
            settings.minTravelFraction() * across);
  }

  /** The settings. */
  public MotionSettings settings() {
    return settings;
  }

  /** Side of a grid cell in pixels. */
  public int cell() {
    return cell;
  }

  /** Width of the model's grid in cells. */
  public int gridWidth() {
    return gw;
  }

  /** Height of the model's grid in cells. */
  public int gridHeight() {
    return gh;
  }

  /** A copy of the last frame's foreground mask, row after row ({@link #gridWidth()} per row). */
  public boolean[] foregroundMask() {
    return fg.clone();
  }

  /** A copy of the background, grey levels per cell, row after row. */
  public float[] background() {
    return bg.clone();
  }

  /** Frames seen so far. */
  public long frames() {
    return frames;
  }

  /** Crossings counted so far in one direction. */
  public long count(Direction d) {
    return tracker.count(d);
  }

  /** The latest crossings (at most {@value CentroidTracker#RECENT}), oldest first. */
  public List<Crossing> recentCrossings() {
    return tracker.recentCrossings();
  }

  /** Crossings counted so far in all directions. */
  public long total() {
    return tracker.total();
  }

  /**
   * Takes the next frame as an 8-bit luma plane.
   *
   * @param luma the plane, row after row
   * @param stride bytes from one row to the next
   * @param signed true when a byte holds the level minus 128 (jcodec's pictures), false when it
   *     holds the level as an unsigned byte
   * @param timeMs the frame's stream time
   * @return the moving blobs and the crossings at this frame
   */
  public MotionResult update(byte[] luma, int stride, boolean signed, long timeMs) {
    if (stride < width || luma.length < stride * (height - 1) + width) {
      throw new IllegalArgumentException("luma plane smaller than the frame");
    }
    int area = cell * cell;
    int bias = signed ? 128 * area : 0;
    int[] rowSum = new int[gw];
    for (int gy = 0; gy < gh; gy++) {
      Arrays.fill(rowSum, 0);
      for (int dy = 0; dy < cell; dy++) {
        int off = (gy * cell + dy) * stride;
        for (int gx = 0; gx < gw; gx++) {
          int s = 0;
          int p = off + gx * cell;
          if (signed) {
            for (int dx = 0; dx < cell; dx++) {
              s += luma[p + dx];
            }
          } else {
            for (int dx = 0; dx < cell; dx++) {
              s += luma[p + dx] & 0xFF;
            }
          }
          rowSum[gx] += s;
        }
      }
      for (int gx = 0; gx < gw; gx++) {
        cur[gy * gw + gx] = (rowSum[gx] + bias) / area;
      }
    }
    return step(timeMs);
  }

  /**
   * Takes the next frame as an image (its luma is computed with the BT.601 weights).
   *
   * @param image an RGB image of the counter's size
   * @param timeMs the frame's stream time
   * @return the moving blobs and the crossings at this frame
   */
  public MotionResult update(BufferedImage image, long timeMs) {
    if (image.getWidth() != width || image.getHeight() != height) {
      throw new IllegalArgumentException(
          "image is "
              + image.getWidth()
              + "x"
              + image.getHeight()
              + ", expected "
              + width
              + "x"
              + height);
    }
    byte[] y = new byte[width * height];
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int i = 0, p = 0; i < y.length; i++, p += 3) {
        int b = bgr[p] & 0xFF;
        int g = bgr[p + 1] & 0xFF;
        int r = bgr[p + 2] & 0xFF;
        y[i] = (byte) ((77 * r + 150 * g + 29 * b + 128) >> 8);
      }
    } else {
      int[] row = new int[width];
      for (int j = 0; j < height; j++) {
        image.getRGB(0, j, width, 1, row, 0, width);
        for (int i = 0; i < width; i++) {
          int c = row[i];
          int r = (c >> 16) & 0xFF;
          int g = (c >> 8) & 0xFF;
          int b = c & 0xFF;
          y[j * width + i] = (byte) ((77 * r + 150 * g + 29 * b + 128) >> 8);
        }
      }
    }
    return update(y, width, false, timeMs);
  }

  private MotionResult step(long timeMs) {
    int n = gw * gh;
    frames++;
    if (frames == 1) {
      for (int i = 0; i < n; i++) {
        bg[i] = cur[i];
      }
      tracker.update(List.of(), timeMs, new ArrayList<>());
      return new MotionResult(timeMs, List.of(), List.of());
    }
    // the frame's global brightness shift: the median difference to the background
    Arrays.fill(hist, 0);
    for (int i = 0; i < n; i++) {
      int d = cur[i] - Math.round(bg[i]) + 255;
      hist[d < 0 ? 0 : d > 510 ? 510 : d]++;
    }
    int half = n / 2;
    int acc = 0;
    int shift = 0;
    for (int k = 0; k < hist.length; k++) {
      acc += hist[k];
      if (acc > half) {
        shift = k - 255;
        break;
      }
    }
    int thr = settings.threshold();
    for (int i = 0; i < n; i++) {
      float d = cur[i] - bg[i] - shift;
      fg[i] = d > thr || d < -thr;
    }
    grow();
    List<Blob> blobs = blobs();
    // background update
    float alpha = (float) settings.alpha();
    boolean warm = frames <= WARMUP;
    float a = warm ? Math.max(alpha, 1f / frames) : alpha;
    float aFg = alpha / 40;
    for (int i = 0; i < n; i++) {
      if (grown[i]) {
        fgAge[i]++;
        if (fgAge[i] <= ABSORB) {
          // under a vehicle: follow the frame's brightness shift only, and the pixels very slowly
          bg[i] += a * shift + aFg * (cur[i] - shift - bg[i]);
          continue;
        }
      } else {
        fgAge[i] = 0;
      }
      bg[i] += a * (cur[i] - bg[i]);
    }
    List<Blob> moving = new ArrayList<>();
    List<Crossing> crossings = tracker.update(blobs, timeMs, moving);
    return new MotionResult(timeMs, moving, crossings);
  }

  /** Grows {@code fg} into {@code grown} by {@code dilate} cells (a square structuring element). */
  private void grow() {
    int r = settings.dilate();
    if (r == 0) {
      System.arraycopy(fg, 0, grown, 0, fg.length);
      return;
    }
    for (int y = 0; y < gh; y++) {
      int row = y * gw;
      for (int x = 0; x < gw; x++) {
        boolean v = false;
        for (int k = Math.max(0, x - r), e = Math.min(gw - 1, x + r); k <= e && !v; k++) {
          v = fg[row + k];
        }
        tmp[row + x] = v;
      }
    }
    for (int y = 0; y < gh; y++) {
      for (int x = 0; x < gw; x++) {
        boolean v = false;
        for (int k = Math.max(0, y - r), e = Math.min(gh - 1, y + r); k <= e && !v; k++) {
          v = tmp[k * gw + x];
        }
        grown[y * gw + x] = v;
      }
    }
  }

  /** Connected components of the grown mask, measured on the foreground cells they hold. */
  private List<Blob> blobs() {
    Arrays.fill(label, 0);
    List<long[]> parts = new ArrayList<>(); // minX, minY, maxX, maxY, count, sumX, sumY
    int next = 0;
    for (int start = 0; start < grown.length; start++) {
      if (!grown[start] || label[start] != 0) {
        continue;
      }
      next++;
      long[] m = {Long.MAX_VALUE, Long.MAX_VALUE, -1, -1, 0, 0, 0};
      int sp = 0;
      stack[sp++] = start;
      label[start] = next;
      while (sp > 0) {
        int i = stack[--sp];
        int x = i % gw;
        int y = i / gw;
        if (fg[i]) {
          m[0] = Math.min(m[0], x);
          m[1] = Math.min(m[1], y);
          m[2] = Math.max(m[2], x);
          m[3] = Math.max(m[3], y);
          m[4]++;
          m[5] += x;
          m[6] += y;
        }
        if (x > 0 && grown[i - 1] && label[i - 1] == 0) {
          label[i - 1] = next;
          stack[sp++] = i - 1;
        }
        if (x < gw - 1 && grown[i + 1] && label[i + 1] == 0) {
          label[i + 1] = next;
          stack[sp++] = i + 1;
        }
        if (y > 0 && grown[i - gw] && label[i - gw] == 0) {
          label[i - gw] = next;
          stack[sp++] = i - gw;
        }
        if (y < gh - 1 && grown[i + gw] && label[i + gw] == 0) {
          label[i + gw] = next;
          stack[sp++] = i + gw;
        }
      }
      if (m[4] > 0) {
        parts.add(m);
      }
    }
    mergeOverlapping(parts);
    List<Blob> out = new ArrayList<>(parts.size());
    long cellArea = (long) cell * cell;
    for (long[] m : parts) {
      long areaPx = m[4] * cellArea;
      if (areaPx < minAreaPx) {
        continue;
      }
      int x = (int) m[0] * cell;
      int y = (int) m[1] * cell;
      int w = (int) (m[2] - m[0] + 1) * cell;
      int h = (int) (m[3] - m[1] + 1) * cell;
      double cx = ((double) m[5] / m[4] + 0.5) * cell;
      double cy = ((double) m[6] / m[4] + 0.5) * cell;
      out.add(new Blob(x, y, w, h, areaPx, cx, cy));
    }
    return out;
  }

  private static void mergeOverlapping(List<long[]> parts) {
    boolean merged = true;
    while (merged) {
      merged = false;
      outer:
      for (int i = 0; i < parts.size(); i++) {
        for (int j = i + 1; j < parts.size(); j++) {
          long[] a = parts.get(i);
          long[] b = parts.get(j);
          if (a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]) {
            a[0] = Math.min(a[0], b[0]);
            a[1] = Math.min(a[1], b[1]);
            a[2] = Math.max(a[2], b[2]);
            a[3] = Math.max(a[3], b[3]);
            a[4] += b[4];
            a[5] += b[5];
            a[6] += b[6];
            parts.remove(j);
            merged = true;
            break outer;
          }
        }
      }
    }
  }
}
