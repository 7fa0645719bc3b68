package org.divs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cameras spread over streets, streets over edges")
class CameraSpreadTest {
  @Test
  @DisplayName("the spread is the seed's: same seed, same counts; another seed, others")
  void seeded() {
    int[] a = CameraSpread.perStreet(200, 30, 2, 42);
    assertThat(Arrays.stream(a).sum()).isEqualTo(200);
    assertThat(CameraSpread.perStreet(200, 30, 2, 42)).containsExactly(a);
    assertThat(CameraSpread.perStreet(200, 30, 2, 43)).isNotEqualTo(a);
    assertThat(Arrays.stream(a).max().getAsInt()).isGreaterThan(Arrays.stream(a).min().getAsInt());
  }

  @Test
  @DisplayName("30 streets over 5 edges are 6 each; over 25 edges 1 or 2 each")
  void blocks() {
    int[] five = new int[5];
    int[] many = new int[25];
    IntStream.range(0, 30)
        .forEach(
            s -> {
              five[CameraSpread.edgeOf(s, 30, 5)]++;
              many[CameraSpread.edgeOf(s, 30, 25)]++;
            });
    assertThat(five).containsOnly(6);
    assertThat(many).containsOnly(1, 2);
    assertThat(Arrays.stream(many).sum()).isEqualTo(30);
  }
}
