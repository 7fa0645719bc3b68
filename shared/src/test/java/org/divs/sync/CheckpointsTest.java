package org.divs.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.divs.testing.Samples;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Checkpoints")
class CheckpointsTest {
  @Test
  @DisplayName("The last saved state of a task is read back exactly")
  void saveAndLoad(@TempDir Path dir) throws Exception {
    Checkpoints c = new Checkpoints(dir);
    assertThat(c.load("cnn")).isEmpty();
    c.save(new Checkpoints.Saved("cnn", 4, 3, "hash", "run-1", Samples.weights(1, 1000)));
    Checkpoints.Saved five =
        new Checkpoints.Saved("cnn", 5, 4, "hash", "run-1", Samples.weights(2, 1000));
    c.save(five);
    assertThat(new Checkpoints(dir).load("cnn")).contains(five);
    assertThat(dir.resolve("cnn.weights.tmp")).doesNotExist();
  }

  @Test
  @DisplayName("The round log keeps every line in order")
  void roundLog(@TempDir Path dir) throws Exception {
    Checkpoints c = new Checkpoints(dir);
    c.appendLog("cnn", "{\"round\":1}");
    c.appendLog("cnn", "{\"round\":2}");
    assertThat(c.log("cnn")).containsExactly("{\"round\":1}", "{\"round\":2}");
  }

  @Test
  @DisplayName("A truncated checkpoint is an error naming the file")
  void truncated(@TempDir Path dir) throws Exception {
    Checkpoints c = new Checkpoints(dir);
    c.save(new Checkpoints.Saved("cnn", 1, 1, "h", "r", Samples.weights(1, 100)));
    Path f = dir.resolve("cnn.weights");
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length - 10));
    assertThatThrownBy(() -> c.load("cnn"))
        .hasMessageContaining("cnn.weights")
        .hasMessageContaining("truncated");
  }
}
