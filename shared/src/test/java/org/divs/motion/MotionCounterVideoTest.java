package org.divs.motion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.divs.testing.RealVideos;
import org.divs.testing.SharedData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Motion counting on the real street videos")
class MotionCounterVideoTest {
  private static void assertMatches(RealVideos.Pass p, List<HandCount> hand) {
    Map<Direction, Long> want =
        hand.stream().collect(Collectors.groupingBy(HandCount::direction, Collectors.counting()));
    Map<Direction, Long> got =
        p.crossings().stream()
            .collect(Collectors.groupingBy(Crossing::direction, Collectors.counting()));
    for (Direction d : Direction.values()) {
      long w = want.getOrDefault(d, 0L);
      long g = got.getOrDefault(d, 0L);
      assertThat((double) Math.abs(g - w))
          .as("%s: counted %d, hand count %d", d, g, w)
          .isLessThanOrEqualTo(0.15 * w);
    }
    assertThat(p.counted()).as("the frames' counts add up").isEqualTo(p.crossings().size());
    // each hand-counted vehicle has a crossing in its direction within a second of its centre frame
    for (HandCount h : hand) {
      double t = h.centreFrame() * 1000.0 / p.fps();
      assertThat(p.crossings())
          .as("vehicle %d (%s at frame %d)", h.id(), h.direction(), h.centreFrame())
          .anySatisfy(
              c -> {
                assertThat(c.direction()).isEqualTo(h.direction());
                assertThat((double) c.timeMs()).isBetween(t - 1000, t + 1000);
              });
    }
  }

  @Test
  @DisplayName("ozlu: within 15% of the team's hand count at y = 211, all downwards")
  void ozlu() throws IOException {
    List<HandCount> hand = HandCount.read(SharedData.file("video/counts-ozlu.csv"));
    assertThat(hand).hasSize(8);
    RealVideos.Pass p = RealVideos.pass("ozlu_input_video.mp4", RealVideos.OZLU_LINE);
    assertMatches(p, hand);
    assertThat(p.crossings()).allSatisfy(c -> assertThat(c.direction()).isEqualTo(Direction.DOWN));
    assertThat(p.annotatedFrames()).as("frames with moving blobs").isGreaterThan(20);
  }

  @Test
  @DisplayName("intel: within 15% of our hand count at y = 216, per direction")
  void intel() throws IOException {
    List<HandCount> hand;
    try (InputStream in = getClass().getResourceAsStream("/counts-intel.csv")) {
      hand =
          HandCount.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }
    assertThat(hand).hasSize(4);
    RealVideos.Pass p = RealVideos.pass("intel_car-detection.mp4", RealVideos.INTEL_LINE);
    assertMatches(p, hand);
  }
}
