package org.divs.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.divs.bus.FrameId;
import org.divs.config.Topology;
import org.divs.store.Ledger;
import org.divs.store.SegmentFrameStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An edge process killed mid-stream")
class EdgeKillTest {
  @TempDir Path dir;

  private static FrameId parse(String id) {
    String[] p = id.split("/");
    return new FrameId(p[0], Long.parseLong(p[1]), Long.parseLong(p[2]));
  }

  /** Starts the child on {@code config}, kills it (SIGKILL) once it has acked {@code n} frames. */
  private static List<FrameId> runAndKill(Path config, int n)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                EdgeChild.class.getName(),
                config.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<FrameId> acked = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked.add(parse(line.substring(4)));
          if (acked.size() >= n) {
            p.destroyForcibly(); // kill -9, mid-stream
            break;
          }
        }
      }
      p.waitFor(10, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    return acked;
  }

  @Test
  @Timeout(90)
  @DisplayName(
      "killed (SIGKILL) twice: every acked frame is in the store once, the restarted terminal has a"
          + " new incarnation, and the ledger balances")
  void killed() throws Exception {
    Path store = dir.resolve("street-1");
    JsonObject cam = IngestCities.synthetic("cam-k", 100_000, 10, 500);
    cam.put("stateDir", dir.resolve("state").toString());
    Topology t = IngestCities.city(store, 100_000, false, cam);
    Path config = dir.resolve("city.json");
    Files.writeString(config, t.json());
    List<FrameId> first = runAndKill(config, 80);
    List<FrameId> second = runAndKill(config, 50);
    assertThat(first).hasSizeGreaterThanOrEqualTo(80);
    assertThat(second).hasSizeGreaterThanOrEqualTo(50);
    assertThat(first).extracting(FrameId::incarnation).containsOnly(1L);
    assertThat(second).extracting(FrameId::incarnation).containsOnly(2L);
    try (SegmentFrameStore s = SegmentFrameStore.open(store, 100_000, false)) {
      Ledger l = s.ledger();
      assertThat(l.balanced()).as("ledger %s", l).isTrue();
      List<FrameId> ids = s.ids();
      assertThat(ids).doesNotHaveDuplicates();
      // the edge may have stored (and acked) more than the terminal saw before the kill
      assertThat(new HashSet<>(ids)).containsAll(first).containsAll(second);
      assertThat(l.acked()).isEqualTo(l.stored()).isEqualTo(ids.size());
    }
  }
}
