package org.divs.source;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * Converts jcodec's decoded 8-bit YUV 4:2:0 pictures to RGB images, in one pass with integer
 * arithmetic (BT.601, limited range, as jcodec's own {@code AWTUtil}, about three times faster).
 */
final class YuvImages {
  private YuvImages() {}

  /**
   * Writes {@code p} into {@code into} when it is a {@code TYPE_3BYTE_BGR} image of the picture's
   * (cropped) size, else into a new one.
   */
  static BufferedImage toBgr(Picture p, BufferedImage into) {
    ColorSpace cs = p.getColor();
    if (cs != ColorSpace.YUV420 && cs != ColorSpace.YUV420J) {
      throw new IllegalArgumentException("unsupported colour space " + cs);
    }
    int w = p.getCroppedWidth();
    int h = p.getCroppedHeight();
    BufferedImage img = into;
    if (img == null
        || img.getType() != BufferedImage.TYPE_3BYTE_BGR
        || img.getWidth() != w
        || img.getHeight() != h) {
      img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    }
    byte[] out = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    byte[] yp = p.getPlaneData(0);
    byte[] up = p.getPlaneData(1);
    byte[] vp = p.getPlaneData(2);
    int ys = p.getPlaneWidth(0);
    int cs2 = p.getPlaneWidth(1);
    int x0 = p.getStartX();
    int y0 = p.getStartY();
    int o = 0;
    for (int j = 0; j < h; j++) {
      int yy = j + y0;
      int yRow = yy * ys;
      int cRow = (yy >> 1) * cs2;
      for (int i = 0; i < w; i++) {
        int xx = i + x0;
        // jcodec stores a level minus 128 in each byte
        int c = 298 * (yp[yRow + xx] + 128 - 16);
        int ci = cRow + (xx >> 1);
        int d = up[ci];
        int e = vp[ci];
        int r = (c + 409 * e + 128) >> 8;
        int g = (c - 100 * d - 208 * e + 128) >> 8;
        int b = (c + 516 * d + 128) >> 8;
        out[o++] = (byte) (b < 0 ? 0 : b > 255 ? 255 : b);
        out[o++] = (byte) (g < 0 ? 0 : g > 255 ? 255 : g);
        out[o++] = (byte) (r < 0 ? 0 : r > 255 ? 255 : r);
      }
    }
    return img;
  }
}
