package org.divs.source;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.jcodec.api.awt.AWTSequenceEncoder;

/** Small H.264 clips made on the spot with jcodec's encoder, for fast tests. */
final class TinyVideos {
  private TinyVideos() {}

  /**
   * A clip of {@code frames} frames of 160x96 at {@code fps}: a grey road and a bright box of 24x20
   * moving from the top to the bottom at constant speed (it crosses y = 48 once, downwards).
   */
  static Path boxMovingDown(Path dir, int frames, int fps) throws IOException {
    Path file = dir.resolve("box-" + frames + "-" + fps + ".mp4");
    AWTSequenceEncoder enc = AWTSequenceEncoder.createSequenceEncoder(file.toFile(), fps);
    for (int i = 0; i < frames; i++) {
      BufferedImage img = new BufferedImage(160, 96, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = img.createGraphics();
      g.setColor(new Color(90, 90, 95));
      g.fillRect(0, 0, 160, 96);
      int y = -20 + (int) Math.round(i * (96 + 20.0) / (frames - 1));
      g.setColor(new Color(230, 230, 220));
      g.fillRect(60, y, 24, 20);
      g.dispose();
      enc.encodeImage(img);
    }
    enc.finish();
    return file;
  }
}
