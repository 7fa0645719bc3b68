package org.divs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.divs.bus.FrameId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RocksDB frame store under a process kill")
class StoreKillTest {
  @TempDir Path dir;

  /** Starts a child putting frames; kills it once it has acked {@code acks} frames. */
  private List<Long> runAndKill(
      String engine, Path store, long incarnation, long first, int acks, long capacity)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                StoreChild.class.getName(),
                store.toString(),
                Long.toString(capacity),
                "false",
                "cam-k",
                Long.toString(incarnation),
                Long.toString(first),
                engine)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    List<Long> acked = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          String[] f = line.split(" ");
          assertThat(f[2]).isEqualTo("STORED");
          acked.add(Long.parseLong(f[1]));
          if (acked.size() == acks) {
            p.destroyForcibly(); // mid-stream: the child is between puts or inside one
            break;
          }
        }
      }
      p.waitFor(10, TimeUnit.SECONDS);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    return acked;
  }

  private static FrameStore reopen(String engine, Path store, long capacity) throws IOException {
    return engine.equals("rocksdb")
        ? RocksDbFrameStore.open(store, capacity, false)
        : SegmentFrameStore.open(store, capacity, false, 4L << 20);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rocksdb", "segments"})
  @Timeout(60)
  @DisplayName("Killed mid-stream twice: every acked frame is there exactly once, ledger balanced")
  void killed(String engine) throws Exception {
    Path store = dir.resolve(engine);
    List<Long> first = runAndKill(engine, store, 1, 0, 150, 100_000);
    List<Long> second = runAndKill(engine, store, 2, 0, 100, 100_000);
    assertThat(first).hasSize(150);
    assertThat(second).hasSize(100);
    try (FrameStore s = reopen(engine, store, 100_000)) {
      Ledger l = s.ledger();
      assertThat(l.balanced()).as("ledger %s", l).isTrue();
      // the child may have stored a few more before the kill landed: they are there too
      assertThat(l.acked()).isGreaterThanOrEqualTo(250).isEqualTo(l.stored());
      List<FrameId> ids = s.ids();
      assertThat(ids).doesNotHaveDuplicates();
      Set<FrameId> held = new HashSet<>(ids);
      for (long seq : first) {
        assertThat(held).contains(new FrameId("cam-k", 1, seq));
      }
      for (long seq : second) {
        assertThat(held).contains(new FrameId("cam-k", 2, seq));
      }
      assertThat(s.get(new FrameId("cam-k", 1, first.get(149))).orElseThrow().jpegSize())
          .isEqualTo(50_000);
      assertThat(s.put(new FrameId("cam-k", 1, 0), RocksDbFrameStoreTest.frame(0, 10), false))
          .isEqualTo(FrameStore.Put.DUPLICATE);
    }
  }
}
