package org.divs.scene;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts annotated vehicles out of frames as square model inputs.
 *
 * <p>A crop is the annotation box grown by {@link #MARGIN} on every side, squared around its centre
 * (the shorter side is extended), shifted to stay inside the frame where it fits, and resampled to
 * {@code size x size} (box-filtered when shrinking, bilinear when enlarging). Pixels outside the
 * frame repeat the nearest edge. The pixels are read straight from the raster's data buffer for
 * byte-interleaved and packed-int images; other image types go through {@link
 * BufferedImage#getRGB}.
 *
 * <p>Float crops are CHW, channels R, G, B, values in [0, 1]: index {@code c * size * size + y *
 * size + x}.
 */
public final class Crops {

  /** The model's input side in pixels. */
  public static final int SIZE = 64;

  /** The margin added on each side of the box, as a fraction of the box's longer side. */
  public static final double MARGIN = 0.08;

  private Crops() {}

  /**
   * The square region of the frame a crop of {@code box} samples.
   *
   * @param box the annotation box
   * @param frameWidth frame width
   * @param frameHeight frame height
   * @return the square; it lies inside the frame unless its side exceeds the frame's width or
   *     height
   */
  public static Box squareRegion(Box box, int frameWidth, int frameHeight) {
    int side = (int) Math.round(Math.max(box.w(), box.h()) * (1 + 2 * MARGIN));
    side = Math.max(side, 1);
    int x0 = place(box.centerX(), side, frameWidth);
    int y0 = place(box.centerY(), side, frameHeight);
    return new Box(x0, y0, side, side);
  }

  private static int place(double center, int side, int limit) {
    int start = (int) Math.round(center - side / 2.0);
    if (side <= limit) {
      start = Math.max(0, Math.min(limit - side, start));
    }
    return start;
  }

  /**
   * A {@link #SIZE} crop as floats.
   *
   * @param frame the frame image
   * @param box the annotation box
   * @return {@code float[3 * SIZE * SIZE]}, CHW, RGB, in [0, 1]
   */
  public static float[] toChw(BufferedImage frame, Box box) {
    float[] out = new float[3 * SIZE * SIZE];
    toChw(frame, box, SIZE, out, 0);
    return out;
  }

  /**
   * Writes a crop as floats into an existing array, e.g. one row of a batch.
   *
   * @param frame the frame image
   * @param box the annotation box
   * @param size the crop side
   * @param dst the destination
   * @param offset where the {@code 3 * size * size} values start in {@code dst}
   */
  public static void toChw(BufferedImage frame, Box box, int size, float[] dst, int offset) {
    float[] rgb = resample(frame, box, size);
    int plane = size * size;
    for (int i = 0; i < plane; i++) {
      dst[offset + i] = rgb[3 * i] / 255f;
      dst[offset + plane + i] = rgb[3 * i + 1] / 255f;
      dst[offset + 2 * plane + i] = rgb[3 * i + 2] / 255f;
    }
  }

  /**
   * A {@link #SIZE} crop as an image.
   *
   * @param frame the frame image
   * @param box the annotation box
   * @return a new {@code SIZE x SIZE} {@link BufferedImage#TYPE_3BYTE_BGR} image
   */
  public static BufferedImage toImage(BufferedImage frame, Box box) {
    return toImage(frame, box, SIZE);
  }

  /**
   * A crop of a given side as an image.
   *
   * @param frame the frame image
   * @param box the annotation box
   * @param size the crop side
   * @return a new {@code size x size} {@link BufferedImage#TYPE_3BYTE_BGR} image
   */
  public static BufferedImage toImage(BufferedImage frame, Box box, int size) {
    float[] rgb = resample(frame, box, size);
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
    byte[] px = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < size * size; i++) {
      px[3 * i] = (byte) Math.round(rgb[3 * i + 2]);
      px[3 * i + 1] = (byte) Math.round(rgb[3 * i + 1]);
      px[3 * i + 2] = (byte) Math.round(rgb[3 * i]);
    }
    return out;
  }

  /**
   * The {@link #SIZE} float crops of every annotation of a frame, in annotation order.
   *
   * @param frame the frame
   * @return one {@code float[3 * SIZE * SIZE]} per annotation
   */
  public static List<float[]> all(Frame frame) {
    List<float[]> out = new ArrayList<>(frame.annotations().size());
    for (Annotation a : frame.annotations()) {
      out.add(toChw(frame.image(), a.box()));
    }
    return out;
  }

  /**
   * Turns a float crop back into an image, e.g. to look at it.
   *
   * @param chw {@code 3 * size * size} values, CHW, RGB, in [0, 1]
   * @param size the crop side
   * @return a new {@link BufferedImage#TYPE_3BYTE_BGR} image
   */
  public static BufferedImage chwToImage(float[] chw, int size) {
    return chwToImage(chw, 0, size);
  }

  /**
   * Turns a float crop stored inside a larger array back into an image.
   *
   * @param chw the array
   * @param offset where the crop's {@code 3 * size * size} values start
   * @param size the crop side
   * @return a new {@link BufferedImage#TYPE_3BYTE_BGR} image
   */
  public static BufferedImage chwToImage(float[] chw, int offset, int size) {
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
    byte[] px = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    int plane = size * size;
    for (int i = 0; i < plane; i++) {
      px[3 * i] = toByte(chw[offset + 2 * plane + i]);
      px[3 * i + 1] = toByte(chw[offset + plane + i]);
      px[3 * i + 2] = toByte(chw[offset + i]);
    }
    return out;
  }

  private static byte toByte(float v) {
    return (byte) Math.max(0, Math.min(255, Math.round(v * 255f)));
  }

  // ------------------------------------------------------------------ resampling

  /** Interleaved RGB floats in [0, 255] of the square crop of {@code box}, {@code size x size}. */
  private static float[] resample(BufferedImage frame, Box box, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("crop size must be positive: " + size);
    }
    int fw = frame.getWidth();
    int fh = frame.getHeight();
    Box sq = squareRegion(box, fw, fh);
    // the frame pixels the square touches, clamped to the frame
    int rx0 = clamp(sq.x(), 0, fw - 1);
    int ry0 = clamp(sq.y(), 0, fh - 1);
    int rx1 = clamp(sq.x() + sq.w(), rx0 + 1, fw);
    int ry1 = clamp(sq.y() + sq.h(), ry0 + 1, fh);
    int rw = rx1 - rx0;
    int rh = ry1 - ry0;
    int[] region = region(frame, rx0, ry0, rw, rh);
    Taps tx = taps(sq.x() - rx0, sq.w(), size, rw);
    Taps ty = taps(sq.y() - ry0, sq.h(), size, rh);

    // horizontal pass over every region row, then vertical pass
    float[] rows = new float[rh * size * 3];
    for (int y = 0; y < rh; y++) {
      int rowOff = y * rw;
      int outOff = y * size * 3;
      for (int i = 0; i < size; i++) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = tx.start[i]; k < tx.start[i + 1]; k++) {
          int p = region[rowOff + tx.index[k]];
          float w = tx.weight[k];
          r += w * ((p >> 16) & 255);
          g += w * ((p >> 8) & 255);
          b += w * (p & 255);
        }
        rows[outOff + 3 * i] = r;
        rows[outOff + 3 * i + 1] = g;
        rows[outOff + 3 * i + 2] = b;
      }
    }
    float[] out = new float[size * size * 3];
    for (int j = 0; j < size; j++) {
      int o = j * size * 3;
      for (int k = ty.start[j]; k < ty.start[j + 1]; k++) {
        int src = ty.index[k] * size * 3;
        float w = ty.weight[k];
        for (int i = 0; i < size * 3; i++) {
          out[o + i] += w * rows[src + i];
        }
      }
      for (int i = 0; i < size * 3; i++) {
        out[o + i] = Math.max(0f, Math.min(255f, out[o + i]));
      }
    }
    return out;
  }

  /**
   * Filter taps along one axis: output i reads index[start[i] .. start[i+1]) with those weights.
   */
  private record Taps(int[] start, int[] index, float[] weight) {}

  /**
   * Taps for {@code size} outputs over the source span {@code [from, from + span)} in region
   * coordinates, clamped to {@code [0, limit)}.
   */
  private static Taps taps(int from, int span, int size, int limit) {
    double scale = (double) span / size;
    int[] start = new int[size + 1];
    int cap = size * ((int) Math.ceil(scale) + 2);
    int[] index = new int[cap];
    float[] weight = new float[cap];
    int n = 0;
    for (int i = 0; i < size; i++) {
      start[i] = n;
      if (scale >= 1) {
        double a = from + i * scale;
        double b = a + scale;
        for (int p = (int) Math.floor(a); p < Math.ceil(b); p++) {
          double overlap = Math.min(b, p + 1) - Math.max(a, p);
          if (overlap > 1e-9) {
            index[n] = clamp(p, 0, limit - 1);
            weight[n++] = (float) (overlap / scale);
          }
        }
      } else {
        double c = from + (i + 0.5) * scale - 0.5;
        int p = (int) Math.floor(c);
        float f = (float) (c - p);
        index[n] = clamp(p, 0, limit - 1);
        weight[n++] = 1 - f;
        index[n] = clamp(p + 1, 0, limit - 1);
        weight[n++] = f;
      }
    }
    start[size] = n;
    return new Taps(start, index, weight);
  }

  /**
   * The frame pixels of a rectangle inside it as packed 0xRRGGBB, read from the raster directly.
   */
  private static int[] region(BufferedImage img, int x0, int y0, int w, int h) {
    int[] out = new int[w * h];
    Raster raster = img.getRaster();
    SampleModel sm = raster.getSampleModel();
    DataBuffer db = raster.getDataBuffer();
    int tx = raster.getSampleModelTranslateX();
    int ty = raster.getSampleModelTranslateY();
    int type = img.getType();
    if (db instanceof DataBufferByte bytes
        && sm instanceof ComponentSampleModel csm
        && csm.getNumBands() >= 3
        && img.getColorModel().getColorSpace().isCS_sRGB()
        && db.getNumBanks() == 1
        && (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR)) {
      byte[] data = bytes.getData();
      int scan = csm.getScanlineStride();
      int ps = csm.getPixelStride();
      int[] bo = csm.getBandOffsets();
      int base = db.getOffset();
      for (int y = 0; y < h; y++) {
        int row = base + (y0 + y - ty) * scan + (x0 - tx) * ps;
        int o = y * w;
        for (int x = 0; x < w; x++) {
          int p = row + x * ps;
          out[o + x] =
              ((data[p + bo[0]] & 255) << 16)
                  | ((data[p + bo[1]] & 255) << 8)
                  | (data[p + bo[2]] & 255);
        }
      }
      return out;
    }
    if (db instanceof DataBufferInt ints
        && sm instanceof SinglePixelPackedSampleModel spp
        && (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)) {
      int[] data = ints.getData();
      int scan = spp.getScanlineStride();
      int base = db.getOffset();
      for (int y = 0; y < h; y++) {
        int row = base + (y0 + y - ty) * scan + (x0 - tx);
        for (int x = 0; x < w; x++) {
          out[y * w + x] = data[row + x] & 0xFFFFFF;
        }
      }
      return out;
    }
    img.getRGB(x0, y0, w, h, out, 0, w);
    for (int i = 0; i < out.length; i++) {
      out[i] &= 0xFFFFFF;
    }
    return out;
  }

  private static int clamp(int v, int lo, int hi) {
    return v < lo ? lo : Math.min(hi, v);
  }
}
