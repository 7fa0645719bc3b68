package org.divs.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.divs.bus.Annotation;
import org.divs.testing.SharedData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Images source")
class ImagesSourceTest {
  @TempDir Path tmp;

  private static List<SourceFrame> all(FrameSource s) throws IOException {
    List<SourceFrame> out = new ArrayList<>();
    SourceFrame f;
    while ((f = s.next()) != null) {
      out.add(f);
    }
    return out;
  }

  private static byte[] jpeg(int w, int h, Color c) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return Jpeg.encode(img, 0.9f);
  }

  @Test
  @DisplayName("The shared crops: a class filter and a seeded subset give labelled 100x100 frames")
  void sharedCrops() throws IOException {
    Path dir = SharedData.file("vehicles");
    assertThat(ImagesSource.list(dir)).hasSize(1500);
    ImagesSource.Options o =
        ImagesSource.Options.defaults().withClasses(List.of("car", "truck")).withShuffle(7, 40);
    List<SourceFrame> a;
    List<ImagesSource.Item> items;
    try (ImagesSource s = new ImagesSource(dir, o)) {
      items = s.items();
      a = all(s);
      assertThat(s.drainErrors()).isEmpty();
    }
    assertThat(a).hasSize(40);
    assertThat(items).extracting(ImagesSource.Item::label).containsOnly("car", "truck");
    assertThat(a)
        .allSatisfy(
            f -> {
              assertThat(f.annotations()).hasSize(1);
              Annotation ann = f.annotations().get(0);
              assertThat(List.of(ann.x(), ann.y(), ann.width(), ann.height()))
                  .containsExactly(0, 0, 100, 100);
              assertThat(Jpeg.check(f.jpeg(), 100, 100)).isNull();
            });
    assertThat(a.get(0).jpeg()).isEqualTo(Files.readAllBytes(items.get(0).path()));
    assertThat(a).extracting(SourceFrame::timeMs).startsWith(0L, 100L, 200L);
    try (ImagesSource again = new ImagesSource(dir, o)) {
      assertThat(again.items()).as("same seed, same subset").isEqualTo(items);
    }
    try (ImagesSource other = new ImagesSource(dir, o.withShuffle(8, 40))) {
      assertThat(other.items()).isNotEqualTo(items);
    }
  }

  @Test
  @DisplayName("An unreadable image is skipped with an error naming it; the others still come")
  void skipsBadImages() throws IOException {
    Files.createDirectories(tmp.resolve("car"));
    Files.write(tmp.resolve("car/a.jpg"), jpeg(100, 100, Color.RED));
    Files.write(tmp.resolve("car/b.jpg"), new byte[] {1, 2, 3, 4});
    Files.write(tmp.resolve("car/c.jpg"), jpeg(100, 100, Color.BLUE));
    Files.writeString(
        tmp.resolve("labels.csv"), "path,label\ncar/a.jpg,car\ncar/b.jpg,car\ncar/c.jpg,car\n");
    try (ImagesSource s = new ImagesSource(tmp, ImagesSource.Options.defaults())) {
      List<SourceFrame> fs = all(s);
      assertThat(fs).hasSize(2);
      List<String> errors = s.drainErrors();
      assertThat(errors).singleElement().asString().contains("b.jpg").contains("car");
      assertThat(s.drainErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("An image of another size is scaled and padded to the declared square")
  void resizes() throws IOException {
    Files.createDirectories(tmp.resolve("bike"));
    Files.write(tmp.resolve("bike/wide.jpg"), jpeg(200, 50, Color.GREEN));
    try (ImagesSource s = new ImagesSource(tmp, ImagesSource.Options.defaults().withSize(64))) {
      SourceFrame f = s.next();
      assertThat(Jpeg.check(f.jpeg(), 64, 64)).isNull();
      BufferedImage img = Jpeg.decode(f.jpeg());
      assertThat(new Color(img.getRGB(32, 32)).getGreen()).isGreaterThan(200);
      assertThat(new Color(img.getRGB(32, 2)).getGreen()).isLessThan(160);
      assertThat(f.annotations().get(0).label()).isEqualTo("bike");
      assertThat(s.next()).isNull();
    }
  }

  @Test
  @DisplayName("A looping list starts again; a filter naming an absent class is refused")
  void loopAndFilter() throws IOException {
    Files.createDirectories(tmp.resolve("car"));
    Files.write(tmp.resolve("car/a.jpg"), jpeg(100, 100, Color.RED));
    try (ImagesSource s = new ImagesSource(tmp, ImagesSource.Options.defaults().withLoop(true))) {
      for (int i = 0; i < 5; i++) {
        assertThat(s.next().timeMs()).isEqualTo(i * 100L);
      }
    }
    assertThatThrownBy(
            () ->
                new ImagesSource(
                    tmp, ImagesSource.Options.defaults().withClasses(List.of("minibus"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("minibus");
  }
}
