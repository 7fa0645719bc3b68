package org.divs.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.testing.TopologyJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StreamGate: round 1 waits for the finite training streams")
class StreamGateTest {

  private static JsonObject terminal(String id, JsonObject source) {
    return new JsonObject()
        .put("id", id)
        .put("edge", "street-1")
        .put("source", source)
        .put("frame", new JsonObject().put("width", 100).put("height", 100));
  }

  private static Topology city() {
    JsonArray terminals =
        new JsonArray()
            .add(terminal("crops", new JsonObject().put("type", "images").put("path", "x")))
            .add(
                terminal(
                    "rows",
                    new JsonObject().put("type", "flow").put("path", "f.csv").put("toRow", 10)))
            .add(
                terminal(
                    "looping",
                    new JsonObject().put("type", "images").put("path", "x").put("loop", true)))
            .add(
                terminal(
                    "live-only",
                    new JsonObject().put("type", "images").put("path", "x").put("train", false)))
            .add(terminal("scene", new JsonObject().put("type", "synthetic")))
            .add(
                terminal("scene-100", new JsonObject().put("type", "synthetic").put("limit", 100)));
    JsonObject json =
        new JsonObject()
            .put("cloud", new JsonObject().put("id", "cloud"))
            .put(
                "edges",
                new JsonArray().add(new JsonObject().put("id", "street-1").put("parent", "cloud")))
            .put("terminals", terminals)
            .put("tasks", new JsonArray().add(TopologyJson.cnnTask(List.of("car"))));
    return TopologyLoader.parse(json.encode());
  }

  @Test
  @DisplayName(
      "waits for the training streams that end (no loop, or a limit), not for looping, live-only"
          + " or endless ones")
  void awaitsFiniteTrainingStreams() {
    StreamGate gate = StreamGate.of(city());
    assertThat(gate.open()).isFalse();
    assertThat(gate.waitingFor()).containsExactly("crops", "rows", "scene-100");
  }

  @Test
  @DisplayName("opens on the last stream, once; repeats and strangers change nothing")
  void opensOnTheLast() {
    StreamGate gate = new StreamGate(List.of("a", "b"));
    assertThat(gate.ended("x")).isEqualTo(StreamGate.Outcome.NOT_AWAITED);
    assertThat(gate.ended("a")).isEqualTo(StreamGate.Outcome.COUNTED);
    assertThat(gate.ended("a")).isEqualTo(StreamGate.Outcome.AGAIN);
    assertThat(gate.open()).isFalse();
    assertThat(gate.waitingFor()).containsExactly("b");
    assertThat(gate.ended("b")).isEqualTo(StreamGate.Outcome.OPENED);
    assertThat(gate.open()).isTrue();
    assertThat(gate.ended("b")).isEqualTo(StreamGate.Outcome.AGAIN);
  }

  @Test
  @DisplayName("a city without finite streams is open from the start")
  void noStreams() {
    assertThat(new StreamGate(List.of()).open()).isTrue();
  }
}
