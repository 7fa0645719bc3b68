package org.divs.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.node.Membership.Change;
import org.divs.node.Membership.State;
import org.divs.proc.ClusterCity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cluster membership by node name")
class MembershipTest {
  private final Membership m =
      new Membership(
          Map.of("a", List.of("cloud", "district-1"), "c", List.of("street-2", "cam-2")));

  @Test
  @DisplayName("a member joins its node once it names it, and the node leaves with it")
  void joinAndLeave() {
    assertThat(m.added("uuid-1")).isTrue();
    assertThat(m.added("uuid-1")).as("added twice").isFalse();
    assertThat(m.awaitingName("uuid-1")).isTrue();
    assertThat(m.joined()).isEmpty();
    assertThat(m.named("uuid-1", "c"))
        .contains(new Change("c", State.JOINED, "uuid-1", List.of("street-2", "cam-2")));
    assertThat(m.awaitingName("uuid-1")).isFalse();
    assertThat(m.named("uuid-1", "c")).as("named twice").isEmpty();
    assertThat(m.added("uuid-1")).as("added after it was named").isFalse();
    assertThat(m.joined()).containsExactly("c");
    assertThat(m.left("uuid-1"))
        .contains(new Change("c", State.LEFT, "uuid-1", List.of("street-2", "cam-2")));
    assertThat(m.left("uuid-1")).as("left twice").isEmpty();
    assertThat(m.joined()).isEmpty();
  }

  @Test
  @DisplayName("a restarted node whose new member comes before the old one leaves stays joined")
  void restartOverlap() {
    m.added("old");
    m.named("old", "c");
    m.added("new");
    assertThat(m.named("new", "c")).as("already joined under the old member").isEmpty();
    assertThat(m.left("old")).as("the new member still runs c").isEmpty();
    assertThat(m.joined()).containsExactly("c");
    assertThat(m.left("new")).map(Change::state).contains(State.LEFT);
  }

  @Test
  @DisplayName("a restart after the leave joins again under the new member")
  void rejoin() {
    m.added("old");
    m.named("old", "c");
    m.left("old");
    m.added("new");
    assertThat(m.named("new", "c")).map(Change::member).contains("new");
  }

  @Test
  @DisplayName("a member that leaves before naming itself, or was never added, changes nothing")
  void unnamed() {
    m.added("quick");
    assertThat(m.left("quick")).isEmpty();
    assertThat(m.awaitingName("quick")).isFalse();
    assertThat(m.named("quick", "c")).as("its name arrives after it left").isEmpty();
    assertThat(m.named("stranger", "c")).as("never added").isEmpty();
    assertThat(m.left("stranger")).isEmpty();
    assertThat(m.joined()).isEmpty();
  }

  @Test
  @DisplayName("a name the topology does not place units on joins with no units")
  void unknownName() {
    m.added("uuid-9");
    assertThat(m.placed("x")).isFalse();
    assertThat(m.named("uuid-9", "x")).map(Change::units).contains(List.of());
    m.added("uuid-1");
    m.named("uuid-1", "a");
    assertThat(m.joined()).as("topology nodes first").containsExactly("a", "x");
  }

  @Test
  @DisplayName("from a topology, each node carries the units placed on it")
  void fromTopology() throws Exception {
    Topology t = TopologyLoader.parse(ClusterCity.onFreePorts().json().encode());
    Membership of = Membership.of(t);
    of.added("1");
    assertThat(of.named("1", ClusterCity.C))
        .map(Change::units)
        .contains(List.of("street-2", "cam-2"));
    of.added("2");
    assertThat(of.named("2", ClusterCity.A))
        .map(Change::units)
        .contains(List.of("cloud", "district-1"));
  }
}
