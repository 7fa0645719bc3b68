package org.divs.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes in three network namespaces joined by veth pairs on a bridge that sits in a fourth
 * namespace: the 10.x addresses exist only inside those namespaces; the host's own network is not
 * touched. Needs root and iproute2: {@code .ci/run} runs as root and installs iproute2, so under
 * {@code CI=true} a missing capability fails the test instead of skipping it.
 */
@DisplayName("A city over network namespaces")
class NetnsIT {
  private static final Duration START = Duration.ofSeconds(120);

  /** Runs {@code ip ARGS}; fails with its stderr unless it exits 0. */
  static void ip(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
    }
  }

  /** Namespaces {@code <prefix>a}, {@code b}, {@code c} around a bridge in {@code <prefix>s}. */
  static final class Lab implements AutoCloseable {
    final String prefix = "dv" + UUID.randomUUID().toString().substring(0, 6);
    final List<String> created = new ArrayList<>();

    String ns(String node) {
      return prefix + node;
    }

    static String address(int i) {
      return "10.77.0." + (i + 1);
    }

    void up(List<String> nodes) throws IOException, InterruptedException {
      String sw = prefix + "s";
      add(sw);
      ip("netns", "exec", sw, "ip", "link", "set", "lo", "up");
      ip("netns", "exec", sw, "ip", "link", "add", "br0", "type", "bridge");
      ip("netns", "exec", sw, "ip", "link", "set", "br0", "up");
      for (int i = 0; i < nodes.size(); i++) {
        String ns = ns(nodes.get(i));
        String inside = prefix + nodes.get(i) + "0";
        String port = prefix + nodes.get(i) + "1";
        add(ns);
        ip("link", "add", inside, "netns", ns, "type", "veth", "peer", "name", port, "netns", sw);
        ip("netns", "exec", sw, "ip", "link", "set", port, "master", "br0");
        ip("netns", "exec", sw, "ip", "link", "set", port, "up");
        ip("netns", "exec", ns, "ip", "link", "set", "lo", "up");
        ip("netns", "exec", ns, "ip", "addr", "add", address(i) + "/24", "dev", inside);
        ip("netns", "exec", ns, "ip", "link", "set", inside, "up");
      }
    }

    private void add(String ns) throws IOException, InterruptedException {
      ip("netns", "add", ns);
      created.add(ns);
    }

    /** Deletes every namespace it created (their veths and the bridge go with them). */
    @Override
    public void close() throws IOException, InterruptedException {
      IOException first = null;
      for (int i = created.size() - 1; i >= 0; i--) {
        String ns = created.get(i);
        try {
          ip("netns", "del", ns);
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  /** Whether this machine lets us create namespaces; under CI=true it must. */
  static void requireNetns() throws InterruptedException {
    String probe = "dvprobe" + UUID.randomUUID().toString().substring(0, 6);
    try {
      ip("netns", "add", probe);
      ip("netns", "del", probe);
    } catch (IOException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI runs as root with iproute2, yet network namespaces cannot be made: " + e);
      }
      Assumptions.abort("network namespaces need root and iproute2: " + e.getMessage());
    }
  }

  @Test
  @Timeout(300)
  @DisplayName(
      "nodes in separate namespaces with their own 10.x addresses form the cluster and complete"
          + " a round; the namespaces are removed afterwards")
  void roundAcrossNamespaces() throws Exception {
    requireNetns();
    Path dir = ClusterFailoverIT.freshDir("it-netns");
    ClusterCity city =
        ClusterCity.onFreePorts()
            .hosts(Lab.address(0), Lab.address(1), Lab.address(2))
            .checkpoints(dir.resolve("checkpoints"))
            .quorum(1.0)
            .deadlineMs(30_000);
    Path config = city.write(dir.resolve("city.json"));
    List<NodeProcess> started = new ArrayList<>();
    Lab lab = new Lab();
    try {
      lab.up(ClusterCity.NODES);
      for (String node : ClusterCity.NODES) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", lab.ns(node)));
        cmd.addAll(NodeProcess.runCommand(System.getProperty("divs.jar"), config, node, 0));
        started.add(NodeProcess.start(node, cmd, dir, dir));
      }
      NodeProcess a = started.get(0);
      a.awaitLine("node b joined", START);
      a.awaitLine("node c joined", START);
      String round = a.awaitLine("2 participants", START);
      assertThat(round).as("a round both streets trained in").startsWith("[cnn] round ");
      assertThat(a.output()).contains("node a joined");
    } finally {
      started.forEach(NodeProcess::kill);
      lab.close();
    }
    assertThat(namespaces()).doesNotContainAnyElementsOf(lab.created);
  }

  private static List<String> namespaces() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ip", "netns", "list").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out.lines().map(l -> l.split(" ")[0]).toList();
  }
}
