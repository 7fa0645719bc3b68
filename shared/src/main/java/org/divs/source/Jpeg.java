package org.divs.source;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** JPEG encoding, decoding and the structural check done at ingest. */
public final class Jpeg {
  static {
    ImageIO.setUseCache(false);
  }

  private Jpeg() {}

  /** Encodes an RGB image as JPEG at {@code quality} in (0, 1]. */
  public static byte[] encode(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** Decodes a JPEG; throws IOException naming the cause when it cannot. */
  public static BufferedImage decode(byte[] jpeg) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
    if (img == null) {
      throw new IOException("not a decodable image (" + jpeg.length + " bytes)");
    }
    return img;
  }

  /**
   * The structural check at ingest, without decoding: SOI at the start, EOI at the end and, when a
   * SOF marker is found, the declared size. Returns null when the bytes pass, else what is wrong.
   */
  public static String check(byte[] b, int width, int height) {
    return check(b, 0, b.length, width, height);
  }

  /**
   * {@link #check(byte[], int, int)} of the {@code length} bytes of {@code a} from {@code from}.
   */
  public static String check(byte[] a, int from, int length, int width, int height) {
    Objects.checkFromIndexSize(from, length, a.length);
    int end = from + length;
    if (length < 4 || (a[from] & 0xFF) != 0xFF || (a[from + 1] & 0xFF) != 0xD8) {
      return "no JPEG start-of-image marker";
    }
    if ((a[end - 2] & 0xFF) != 0xFF || (a[end - 1] & 0xFF) != 0xD9) {
      return "no JPEG end-of-image marker (truncated?)";
    }
    int i = from + 2;
    while (i + 9 < end) {
      if ((a[i] & 0xFF) != 0xFF) {
        return "corrupt JPEG segment at byte " + (i - from);
      }
      int marker = a[i + 1] & 0xFF;
      int len = ((a[i + 2] & 0xFF) << 8) | (a[i + 3] & 0xFF);
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        int h = ((a[i + 5] & 0xFF) << 8) | (a[i + 6] & 0xFF);
        int w = ((a[i + 7] & 0xFF) << 8) | (a[i + 8] & 0xFF);
        if (w != width || h != height) {
          return "frame is " + w + "x" + h + ", the terminal declared " + width + "x" + height;
        }
        return null;
      }
      if (marker == 0xDA) {
        break;
      }
      i += 2 + len;
    }
    return "no JPEG frame header before the image data";
  }
}
