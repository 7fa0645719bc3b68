package org.divs.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Crops")
class CropsTest {

  private static final int PLANE = Crops.SIZE * Crops.SIZE;

  private static BufferedImage filled(int type, int w, int h, Color c) {
    BufferedImage img = new BufferedImage(w, h, type);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  @Test
  @DisplayName("a crop is 3x64x64 CHW floats in R, G, B order, scaled to [0, 1]")
  void chwLayout() {
    BufferedImage img = filled(BufferedImage.TYPE_3BYTE_BGR, 320, 180, new Color(255, 128, 0));
    float[] chw = Crops.toChw(img, new Box(100, 50, 60, 30));
    assertThat(chw).hasSize(3 * PLANE);
    for (int i = 0; i < PLANE; i++) {
      assertThat(chw[i]).isCloseTo(1f, within(1e-4f));
      assertThat(chw[PLANE + i]).isCloseTo(128 / 255f, within(1e-4f));
      assertThat(chw[2 * PLANE + i]).isCloseTo(0f, within(1e-4f));
    }
  }

  @Test
  @DisplayName("the crop region is a square around the box with a margin, kept inside the frame")
  void squareRegion() {
    Box box = new Box(10, 20, 100, 40);
    Box sq = Crops.squareRegion(box, 320, 180);
    assertThat(sq.w()).isEqualTo(sq.h()).isEqualTo(116);
    assertThat(sq.inside(320, 180)).isTrue();
    assertThat(sq.x()).isLessThanOrEqualTo(box.x());
    assertThat(sq.x() + sq.w()).isGreaterThanOrEqualTo(box.x() + box.w());
    assertThat(sq.y()).isLessThanOrEqualTo(box.y());
    assertThat(sq.y() + sq.h()).isGreaterThanOrEqualTo(box.y() + box.h());
    Box corner = Crops.squareRegion(new Box(300, 170, 20, 10), 320, 180);
    assertThat(corner.inside(320, 180)).isTrue();
  }

  @Test
  @DisplayName("the raster fast paths and the getRGB fallback give the same crop")
  void imageTypesAgree() {
    SceneRenderer r = new SceneRenderer(3, 320, 180).setArrivalRate(1).setFps(2);
    Frame f = r.next();
    for (int i = 0; i < 20 && f.annotations().isEmpty(); i++) {
      f = r.next();
    }
    assertThat(f.annotations()).isNotEmpty();
    Box box = f.annotations().get(0).box();
    float[] bgr = Crops.toChw(f.image(), box);
    for (int type :
        new int[] {
          BufferedImage.TYPE_INT_RGB,
          BufferedImage.TYPE_INT_ARGB,
          BufferedImage.TYPE_4BYTE_ABGR,
          BufferedImage.TYPE_INT_BGR
        }) {
      BufferedImage other = new BufferedImage(320, 180, type);
      Graphics2D g = other.createGraphics();
      g.drawImage(f.image(), 0, 0, null);
      g.dispose();
      assertThat(Crops.toChw(other, box)).as("type %d", type).containsExactly(bgr, within(1e-5f));
    }
    // a sub-image shares the raster with an offset
    BufferedImage sub = f.image().getSubimage(7, 5, 300, 170);
    Box shifted = new Box(box.x() - 7, box.y() - 5, box.w(), box.h());
    BufferedImage copy = new BufferedImage(300, 170, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = copy.createGraphics();
    g.drawImage(sub, 0, 0, null);
    g.dispose();
    assertThat(Crops.toChw(sub, shifted))
        .containsExactly(Crops.toChw(copy, shifted), within(1e-6f));
  }

  @Test
  @DisplayName("the image crop and the float crop hold the same pixels")
  void imageMatchesFloats() {
    SceneRenderer r = new SceneRenderer(9, 640, 360).setArrivalRate(1).setFps(2);
    Frame f = r.next();
    for (int i = 0; i < 20 && f.annotations().isEmpty(); i++) {
      f = r.next();
    }
    Box box = f.annotations().get(0).box();
    BufferedImage img = Crops.toImage(f.image(), box);
    float[] chw = Crops.toChw(f.image(), box);
    assertThat(img.getWidth()).isEqualTo(64);
    assertThat(img.getHeight()).isEqualTo(64);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int rgb = img.getRGB(x, y);
        int i = y * 64 + x;
        assertThat(((rgb >> 16) & 255) / 255f).isCloseTo(chw[i], within(0.5f / 255 + 1e-5f));
        assertThat(((rgb >> 8) & 255) / 255f).isCloseTo(chw[PLANE + i], within(0.5f / 255 + 1e-5f));
        assertThat((rgb & 255) / 255f).isCloseTo(chw[2 * PLANE + i], within(0.5f / 255 + 1e-5f));
      }
    }
    float[] back = Crops.toChw(Crops.chwToImage(chw, 64), new Box(4, 4, 56, 56));
    assertThat(back).hasSize(3 * PLANE);
  }

  @Test
  @DisplayName("a box larger than the frame is cropped with edge pixels repeated, never failing")
  void oversizedBox() {
    BufferedImage img = filled(BufferedImage.TYPE_3BYTE_BGR, 100, 80, Color.GRAY);
    float[] chw = Crops.toChw(img, new Box(0, 0, 100, 80));
    for (float v : chw) {
      assertThat(v).isCloseTo(128 / 255f, within(1e-4f));
    }
  }

  @Test
  @DisplayName("all() crops every annotation of a frame in order")
  void allCrops() {
    SceneRenderer r = new SceneRenderer(12, 320, 180).setArrivalRate(1).setFps(4);
    for (int i = 0; i < 60; i++) {
      Frame f = r.next();
      List<float[]> crops = Crops.all(f);
      assertThat(crops).hasSameSizeAs(f.annotations());
      for (int k = 0; k < crops.size(); k++) {
        assertThat(crops.get(k))
            .containsExactly(Crops.toChw(f.image(), f.annotations().get(k).box()));
      }
    }
  }
}
