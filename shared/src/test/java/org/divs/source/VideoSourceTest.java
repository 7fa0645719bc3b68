package org.divs.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.divs.motion.CountingLine;
import org.divs.motion.Direction;
import org.divs.motion.MotionCounter;
import org.divs.motion.MotionSettings;
import org.divs.testing.RealVideos;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Video source")
class VideoSourceTest {
  @TempDir static Path tmp;
  static Path clip;

  @BeforeAll
  static void makeClip() throws IOException {
    clip = TinyVideos.boxMovingDown(tmp, 30, 10);
  }

  private static List<SourceFrame> all(FrameSource s, int max) throws IOException {
    List<SourceFrame> out = new ArrayList<>();
    SourceFrame f;
    while (out.size() < max && (f = s.next()) != null) {
      out.add(f);
    }
    return out;
  }

  @Test
  @DisplayName(
      "Every frame of the intel video decodes: 377 frames at 12.5 fps, valid 768x432 JPEGs")
  void intelFrames() {
    RealVideos.Pass p = RealVideos.pass("intel_car-detection.mp4", RealVideos.INTEL_LINE);
    assertThat(p.frames()).isEqualTo(377);
    assertThat(p.width()).isEqualTo(768);
    assertThat(p.height()).isEqualTo(432);
    assertThat(p.fps()).isCloseTo(12.5, org.assertj.core.data.Offset.offset(0.01));
    assertThat(p.badJpegs()).isZero();
    assertThat(p.emitted()).isEqualTo((377 + RealVideos.EVERY - 1) / RealVideos.EVERY);
    assertThat(p.times()[1]).isEqualTo(RealVideos.EVERY * 80L);
  }

  @Test
  @DisplayName(
      "Every frame of the ozlu video decodes: 905 frames at about 24 fps, valid 640x352 JPEGs")
  void ozluFrames() {
    RealVideos.Pass p = RealVideos.pass("ozlu_input_video.mp4", RealVideos.OZLU_LINE);
    assertThat(p.frames()).isEqualTo(905);
    assertThat(p.width()).isEqualTo(640);
    assertThat(p.height()).isEqualTo(352);
    assertThat(p.fps()).isBetween(23.9, 24.1);
    assertThat(p.badJpegs()).isZero();
    for (int i = 1; i < p.times().length; i++) {
      assertThat(p.times()[i]).isGreaterThan(p.times()[i - 1]);
    }
  }

  @Test
  @DisplayName("A clip decodes to its frames with timestamps from its frame rate")
  void tinyClip() throws IOException {
    try (VideoSource s = new VideoSource(clip, VideoSource.Options.defaults())) {
      assertThat(s.frameCount()).isEqualTo(30);
      assertThat(s.fps()).isEqualTo(10.0);
      List<SourceFrame> fs = all(s, 1000);
      assertThat(fs).hasSize(30);
      assertThat(fs).extracting(SourceFrame::timeMs).startsWith(0L, 100L, 200L);
      assertThat(fs).allSatisfy(f -> assertThat(Jpeg.check(f.jpeg(), 160, 96)).isNull());
      assertThat(fs).allSatisfy(f -> assertThat(f.hasCount()).isFalse());
    }
  }

  @Test
  @DisplayName("Sampling every 3rd frame keeps frames 0, 3, 6 ... with their own times")
  void everyNth() throws IOException {
    try (VideoSource s = new VideoSource(clip, VideoSource.Options.defaults().withEvery(3))) {
      assertThat(s.fps()).isCloseTo(10 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
      List<SourceFrame> fs = all(s, 1000);
      assertThat(fs).hasSize(10);
      assertThat(fs).extracting(SourceFrame::timeMs).startsWith(0L, 300L, 600L);
      assertThat(s.decoded()).isEqualTo(30);
    }
  }

  @Test
  @DisplayName("A target rate of 4 fps on a 10 fps clip emits frames about 250 ms apart")
  void targetFps() throws IOException {
    try (VideoSource s = new VideoSource(clip, VideoSource.Options.defaults().withTargetFps(4))) {
      List<SourceFrame> fs = all(s, 1000);
      assertThat(fs).hasSize(12);
      assertThat(fs).extracting(SourceFrame::timeMs).startsWith(0L, 300L, 500L, 800L, 1000L);
    }
  }

  @Test
  @DisplayName("A looping source starts again at the end and its time keeps growing")
  void loops() throws IOException {
    try (VideoSource s = new VideoSource(clip, VideoSource.Options.defaults().withLoop(true))) {
      List<SourceFrame> fs = all(s, 75);
      assertThat(fs).hasSize(75);
      assertThat(fs.get(30).timeMs()).isEqualTo(3000);
      assertThat(fs.get(74).timeMs()).isEqualTo(7400);
      assertThat(fs.get(30).jpeg()).isEqualTo(fs.get(0).jpeg());
    }
  }

  @Test
  @DisplayName("With motion counting, the box crossing the line once is counted once, downwards")
  void countsTheBox() throws IOException {
    MotionSettings ms = MotionSettings.defaults(CountingLine.horizontal(48));
    try (VideoSource s = new VideoSource(clip, VideoSource.Options.defaults().withMotion(ms))) {
      List<SourceFrame> fs = all(s, 1000);
      assertThat(fs.stream().mapToDouble(SourceFrame::count).sum()).isEqualTo(1.0);
      assertThat(s.counter().count(Direction.DOWN)).isEqualTo(1);
      assertThat(fs.stream().filter(f -> !f.annotations().isEmpty()).count()).isGreaterThan(5);
      assertThat(fs.get(15).annotations())
          .allSatisfy(a -> assertThat(a.label()).isEqualTo(MotionCounter.LABEL));
    }
  }

  @Test
  @DisplayName("The fast YUV conversion matches jcodec's own to within 2 levels")
  void yuvMatchesJcodec() throws Exception {
    try (FileChannelWrapper ch = NIOUtils.readableChannel(new File(clip.toString()))) {
      FrameGrab g = FrameGrab.createFrameGrab(ch);
      Picture p = g.getNativeFrame();
      BufferedImage ours = YuvImages.toBgr(p, null);
      BufferedImage theirs = AWTUtil.toBufferedImage(p);
      int worst = 0;
      for (int y = 0; y < 96; y++) {
        for (int x = 0; x < 160; x++) {
          int a = ours.getRGB(x, y);
          int b = theirs.getRGB(x, y);
          for (int sh = 0; sh <= 16; sh += 8) {
            worst = Math.max(worst, Math.abs(((a >> sh) & 0xFF) - ((b >> sh) & 0xFF)));
          }
        }
      }
      assertThat(worst).isLessThanOrEqualTo(2);
    }
  }

  @Test
  @DisplayName("A missing file is an IOException naming the path")
  void missing() {
    Path p = tmp.resolve("nope.mp4");
    assertThatThrownBy(() -> new VideoSource(p, VideoSource.Options.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("no such file");
  }

  @Test
  @DisplayName("A file that is not a video is an IOException naming the path and the cause")
  void garbage() throws IOException {
    Path p = tmp.resolve("garbage.mp4");
    byte[] junk = new byte[4096];
    new java.util.Random(1).nextBytes(junk);
    Files.write(p, junk);
    assertThatThrownBy(() -> new VideoSource(p, VideoSource.Options.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(p.toString())
        .hasMessageMatching("(?s)cannot (open|decode) video .*: .+");
  }

  @Test
  @DisplayName("Sampling by count and by rate together is refused")
  void badOptions() {
    assertThatThrownBy(() -> new VideoSource.Options(2, 5, false, 0.85f, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
