package org.divs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Incarnation store")
class IncarnationStoreTest {
  @TempDir Path dir;

  @Test
  @DisplayName("Each start of a terminal gets the next incarnation, also from a new store object")
  void increments() throws IOException {
    IncarnationStore a = new IncarnationStore(dir);
    assertThat(a.current("cam-1")).isEmpty();
    assertThat(a.next("cam-1")).isEqualTo(1);
    assertThat(a.next("cam-1")).isEqualTo(2);
    assertThat(a.next("cam-2")).isEqualTo(1);
    IncarnationStore b = new IncarnationStore(dir);
    assertThat(b.current("cam-1")).hasValue(2);
    assertThat(b.next("cam-1")).isEqualTo(3);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temp file left behind")
          .containsExactlyInAnyOrder("cam-1.incarnation", "cam-2.incarnation");
    }
  }

  @Test
  @DisplayName("Odd terminal names map to distinct safe file names")
  void names() throws IOException {
    IncarnationStore s = new IncarnationStore(dir);
    s.next("../x");
    s.next("a/b");
    s.next("a_b");
    assertThat(s.current("a/b")).hasValue(1);
    assertThat(s.fileOf("../x").getParent()).isEqualTo(dir);
    assertThat(s.fileOf("a/b")).isNotEqualTo(s.fileOf("a_b"));
  }

  @Test
  @DisplayName("A corrupt file is an IOException naming it")
  void corrupt() throws IOException {
    IncarnationStore s = new IncarnationStore(dir);
    Files.writeString(s.fileOf("cam"), "garbage");
    assertThatThrownBy(() -> s.next("cam"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cam.incarnation");
  }
}
