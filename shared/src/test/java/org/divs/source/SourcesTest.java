package org.divs.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import org.divs.config.TerminalSpec;
import org.divs.config.TopologyLoader;
import org.divs.testing.SharedData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sources chosen by a terminal's config")
class SourcesTest {
  private static TerminalSpec terminal(JsonObject source, int w, int h) {
    JsonObject city =
        new JsonObject()
            .put("cloud", new JsonObject().put("id", "cloud"))
            .put(
                "edges",
                new JsonArray().add(new JsonObject().put("id", "s").put("parent", "cloud")))
            .put(
                "terminals",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", "t")
                            .put("edge", "s")
                            .put("source", source)
                            .put("frame", new JsonObject().put("width", w).put("height", h))))
            .put(
                "tasks", new JsonArray().add(new JsonObject().put("id", "f").put("model", "lstm")));
    return TopologyLoader.parse(city.encode()).terminal("t");
  }

  @Test
  @DisplayName("a flow CSV is replayed from its row range up to the limit, at fps rows per second")
  void flow() throws IOException {
    TerminalSpec t =
        terminal(
            new JsonObject()
                .put("type", "flow")
                .put("path", SharedData.file("flow/pems04-sensor0-5min.csv").toString())
                .put("column", "neighbor_flow")
                .put("fromRow", 1)
                .put("limit", 3)
                .put("fps", 10),
            320,
            180);
    try (FrameSource s = Sources.open(t)) {
      SourceFrame f = s.next();
      assertThat(f.count()).isEqualTo(57.0);
      assertThat(f.calendar().minuteOfDay()).isEqualTo(5);
      assertThat(s.next()).isNotNull();
      assertThat(s.next()).isNotNull();
      assertThat(s.next()).as("limit").isNull();
      assertThat(Sources.streamMsPerWallMs(t, s)).isEqualTo(3000.0);
    }
  }

  @Test
  @DisplayName(
      "a synthetic terminal with a flow CSV sees more vehicles in the evening rush than at night,"
          + " with frames on the profile's calendar")
  void syntheticProfile() throws IOException {
    // One profile day in 288 s of stream time: one frame per 5 minutes of the day.
    TerminalSpec t =
        terminal(
            new JsonObject()
                .put("type", "synthetic")
                .put("path", SharedData.file("flow/pems04-sensor0-5min.csv").toString())
                .put("rate", 0.7)
                .put("daySeconds", 288)
                .put("fps", 1)
                .put("pace", "max")
                .put("limit", 288),
            160,
            96);
    double night = 0;
    double evening = 0;
    int frames = 0;
    try (FrameSource s = Sources.open(t)) {
      SourceFrame f;
      while ((f = s.next()) != null) {
        frames++;
        int hour = f.calendar().minuteOfDay() / 60;
        assertThat(f.calendar().dayOfWeek()).isZero();
        if (hour >= 1 && hour < 5) {
          night += f.count();
        } else if (hour >= 15 && hour < 19) {
          evening += f.count();
        }
      }
    }
    assertThat(frames).isEqualTo(288);
    assertThat(evening).as("vehicles 15-19 h").isGreaterThan(10);
    assertThat(night).as("vehicles 1-5 h").isLessThan(0.5 * evening);
  }

  @Test
  @DisplayName("a synthetic profile's peak above what a road carries is refused at /source/rate")
  void syntheticProfileRate() {
    assertThatThrownBy(
            () ->
                terminal(
                    new JsonObject()
                        .put("type", "synthetic")
                        .put("path", "profile.csv")
                        .put("rate", 2.0),
                    160,
                    96))
        .hasMessageContaining("/terminals/0/source/rate")
        .hasMessageContaining("peak");
  }

  @Test
  @DisplayName("a video of another size than the declared one is refused, naming both sizes")
  void videoSize() {
    TerminalSpec t =
        terminal(
            new JsonObject()
                .put("type", "video")
                .put("path", SharedData.file("video/intel_car-detection.mp4").toString()),
            640,
            352);
    assertThatThrownBy(() -> Sources.open(t))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("768x432")
        .hasMessageContaining("640x352");
  }

  @Test
  @DisplayName("an images terminal gets a seeded subset of the filtered list, at its frame size")
  void images() throws IOException {
    TerminalSpec t =
        terminal(
            new JsonObject()
                .put("type", "images")
                .put("path", SharedData.file("vehicles").toString())
                .put("classes", new JsonArray().add("truck"))
                .put("subset", 5),
            64,
            64);
    try (FrameSource s = Sources.open(t)) {
      int n = 0;
      SourceFrame f;
      while ((f = s.next()) != null) {
        assertThat(f.annotations())
            .singleElement()
            .satisfies(a -> assertThat(a.label()).isEqualTo("truck"));
        assertThat(Jpeg.check(f.jpeg(), 64, 64)).isNull();
        n++;
      }
      assertThat(n).isEqualTo(5);
    }
  }
}
