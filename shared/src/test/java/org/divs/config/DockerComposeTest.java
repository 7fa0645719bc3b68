package org.divs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * No Docker engine runs here, so this checks {@code docker/compose.yaml} against the topology it
 * runs ({@code config/city-docker.json}) and the image ({@code docker/Dockerfile}).
 */
@DisplayName("docker/compose.yaml agrees with config/city-docker.json and the Dockerfile")
class DockerComposeTest {
  private static final Path COMPOSE = Path.of("../docker/compose.yaml");
  private static final Path DOCKERFILE = Path.of("../docker/Dockerfile");
  private static final Path CONFIG = Path.of("../config/city-docker.json");

  /** Where the Dockerfile copies {@code config/}. */
  private static final String IMAGE_CONFIG_DIR = "/opt/divs/config/";

  private static Map<String, Map<String, Object>> services;
  private static Topology topology;
  private static ClusterSpec cluster;
  private static String dockerfile;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    Map<String, Object> compose;
    try (Reader in = Files.newBufferedReader(COMPOSE)) {
      compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
    services = new LinkedHashMap<>();
    ((Map<String, Object>) compose.get("services"))
        .forEach((name, body) -> services.put(name, (Map<String, Object>) body));
    topology = TopologyLoader.load(CONFIG);
    cluster = topology.cluster().orElseThrow();
    dockerfile = Files.readString(DOCKERFILE);
  }

  @Test
  @DisplayName("one service per cluster node, named like the node and reached at its public host")
  void servicesAreTheNodes() {
    assertThat(services.keySet())
        .containsExactlyInAnyOrderElementsOf(
            cluster.nodes().stream().map(ClusterSpec.Node::name).toList());
    for (ClusterSpec.Node node : cluster.nodes()) {
      Map<String, Object> service = services.get(node.name());
      assertThat(node.publicHost()).as(node.name() + " publicHost").isEqualTo(node.name());
      assertThat(service.getOrDefault("hostname", node.name()))
          .as(node.name() + " hostname")
          .isEqualTo(node.publicHost());
      assertThat(node.host()).as(node.name() + " binds every interface").isEqualTo("0.0.0.0");
    }
  }

  @Test
  @DisplayName("every service runs this config, as its own node, from the image's config folder")
  void commandsRunTheirNode() {
    assertThat(dockerfile).containsPattern("(?m)^COPY config " + IMAGE_CONFIG_DIR + "?$");
    for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
      List<String> command = command(s.getValue());
      assertThat(command).as(s.getKey()).first().isEqualTo("run");
      assertThat(option(command, "--config"))
          .as(s.getKey() + " --config")
          .contains(IMAGE_CONFIG_DIR + CONFIG.getFileName());
      assertThat(option(command, "--node")).as(s.getKey() + " --node").contains(s.getKey());
      assertThat(s.getValue().get("image"))
          .as(s.getKey() + " image")
          .isEqualTo(services.get(topology.cloud().node()).get("image"));
    }
    Map<String, Object> build =
        buildOf(services.values().stream().filter(s -> s.containsKey("build")).toList());
    Path dockerfileOfBuild =
        COMPOSE
            .resolveSibling(String.valueOf(build.get("context")))
            .resolve(String.valueOf(build.get("dockerfile")));
    assertThat(dockerfileOfBuild.normalize()).isEqualTo(DOCKERFILE.normalize());
  }

  @Test
  @DisplayName(
      "only the cloud's service publishes a port: the console's, bound to 0.0.0.0, token from the"
          + " environment")
  void consolePortHostAndToken() {
    ConsoleSpec console = topology.console();
    assertThat(console.host()).isEqualTo("0.0.0.0");
    assertThat(console.token()).as("no token in the committed config").isEmpty();
    String cloudNode = topology.cloud().node();
    for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
      List<int[]> ports = ports(s.getValue());
      if (s.getKey().equals(cloudNode)) {
        assertThat(ports).as("ports of " + s.getKey()).hasSize(1);
        assertThat(ports.get(0)[1]).as("container port").isEqualTo(console.port());
        assertThat(environment(s.getValue()).get("DIVS_CONSOLE_TOKEN"))
            .as("DIVS_CONSOLE_TOKEN of " + s.getKey())
            .isNotNull()
            .matches("\\$\\{DIVS_CONSOLE_TOKEN(:?[?-].*)?}");
      } else {
        assertThat(ports).as("ports of " + s.getKey()).isEmpty();
      }
    }
    assertThat(exposed()).contains(console.port());
  }

  @Test
  @DisplayName("the image exposes every node's Hazelcast and event-bus port")
  void clusterPortsExposed() {
    for (ClusterSpec.Node node : cluster.nodes()) {
      assertThat(node.busPort()).as(node.name() + " busPort is fixed").isPositive();
      assertThat(exposed()).as(node.name()).contains(node.port(), node.busPort());
    }
  }

  @Test
  @DisplayName("the cloud's checkpoints live on a volume")
  void checkpointsOnAVolume() {
    Map<String, Object> cloud = services.get(topology.cloud().node());
    List<String> targets = list(cloud.get("volumes")).stream().map(v -> v.split(":")[1]).toList();
    String checkpoints = topology.cloud().checkpoints();
    assertThat(targets)
        .as("volume targets of the cloud")
        .anySatisfy(t -> assertThat(checkpoints).startsWith(t.endsWith("/") ? t : t + "/"));
  }

  private static List<String> command(Map<String, Object> service) {
    return list(Objects.requireNonNull(service.get("command"), "command"));
  }

  private static Optional<String> option(List<String> command, String name) {
    int i = command.indexOf(name);
    return i < 0 || i + 1 >= command.size() ? Optional.empty() : Optional.of(command.get(i + 1));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> buildOf(List<Map<String, Object>> building) {
    assertThat(building).as("services that build the image").hasSize(1);
    return (Map<String, Object>) building.get(0).get("build");
  }

  /** Each published port as {host, container}. */
  private static List<int[]> ports(Map<String, Object> service) {
    List<int[]> out = new ArrayList<>();
    for (String p : list(service.get("ports"))) {
      String[] parts = p.replaceFirst("/tcp$", "").split(":");
      int container = Integer.parseInt(parts[parts.length - 1]);
      int host = parts.length > 1 ? Integer.parseInt(parts[parts.length - 2]) : container;
      out.add(new int[] {host, container});
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(Map<String, Object> service) {
    Object env = service.get("environment");
    Map<String, String> out = new LinkedHashMap<>();
    if (env instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, String.valueOf(v)));
    } else {
      for (String kv : list(env)) {
        String[] parts = kv.split("=", 2);
        out.put(parts[0], parts.length > 1 ? parts[1] : null);
      }
    }
    return out;
  }

  private static List<String> list(Object yaml) {
    if (yaml == null) {
      return List.of();
    }
    return ((List<?>) yaml).stream().map(String::valueOf).toList();
  }

  private static Set<Integer> exposed() {
    Matcher m = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile);
    Set<Integer> ports = new TreeSet<>();
    while (m.find()) {
      for (String p : m.group(1).trim().split("\\s+")) {
        ports.add(Integer.parseInt(p.replaceFirst("/tcp$", "")));
      }
    }
    return ports;
  }
}
