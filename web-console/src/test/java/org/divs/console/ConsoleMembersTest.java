package org.divs.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.divs.bus.ConsoleEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The console's view of cluster nodes")
class ConsoleMembersTest {
  private final ConsoleState state = new ConsoleState();
  private long ids;

  private void apply(String source, JsonObject payload) {
    ConsoleEvent e = new ConsoleEvent("node", ++ids, 1000 + ids, source, payload.encode());
    state.apply(e, ConsoleState.payload(e));
  }

  private void unit(String id, String state) {
    apply(id, new JsonObject().put("id", id).put("kind", "edge").put("state", state));
  }

  private void member(String node, String state) {
    apply(
        "cloud",
        new JsonObject()
            .put("id", node)
            .put("kind", "node")
            .put("state", state)
            .put("member", "uuid-" + ids)
            .put("units", new JsonArray().add("street-2").add("cam-2")));
  }

  private String unitState(String id) {
    return state.status().getJsonObject("nodes").getJsonObject(id).getString("state");
  }

  private JsonObject memberOf(String node) {
    return state.status().getJsonObject("members").getJsonObject(node);
  }

  @Test
  @DisplayName("a node that leaves is listed as left, with its units shown as left")
  void leaves() {
    member("c", "joined");
    unit("street-2", "up");
    member("c", "left");
    assertThat(memberOf("c").getString("state")).isEqualTo("left");
    assertThat(memberOf("c").getJsonArray("units")).containsExactly("street-2", "cam-2");
    assertThat(memberOf("c").getLong("since")).isEqualTo(1003);
    assertThat(unitState("street-2")).isEqualTo("left");
    assertThat(unitState("cam-2")).isEqualTo("left");
    assertThat(state.status().getJsonObject("nodes").getJsonObject("street-2").getString("kind"))
        .as("the unit keeps its kind")
        .isEqualTo("edge");
    assertThat(state.status().getJsonObject("nodes").containsKey("c"))
        .as("a node name is not a unit")
        .isFalse();
  }

  @Test
  @DisplayName("a node that comes back shows joined; its units show joined, then their own state")
  void rejoins() {
    member("c", "joined");
    assertThat(state.status().getJsonObject("nodes").containsKey("street-2"))
        .as("a join alone says nothing of units never seen")
        .isFalse();
    unit("street-2", "up");
    member("c", "left");
    member("c", "joined");
    assertThat(memberOf("c").getString("state")).isEqualTo("joined");
    assertThat(unitState("street-2")).isEqualTo("joined");
    unit("street-2", "up");
    assertThat(unitState("street-2")).isEqualTo("up");
    member("c", "joined");
    assertThat(unitState("street-2")).as("a unit that is up stays up").isEqualTo("up");
  }
}
