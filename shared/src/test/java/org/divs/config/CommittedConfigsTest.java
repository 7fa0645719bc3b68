package org.divs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The committed topologies under config/")
class CommittedConfigsTest {
  private static final Path DIR = Path.of("../config");

  @Test
  @DisplayName("every one of them loads (calibration.json is measurements, not a topology)")
  void allLoad() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      List<Path> configs =
          files
              .filter(p -> p.toString().endsWith(".json"))
              .filter(p -> !p.getFileName().toString().equals("calibration.json"))
              .sorted()
              .toList();
      assertThat(configs).isNotEmpty();
      for (Path p : configs) {
        assertThat(TopologyLoader.load(p).streetEdges()).as(p.toString()).isNotEmpty();
      }
    }
  }

  @Test
  @DisplayName(
      "the migration experiment's city: four street edges of speeds 1, 1, 0.5, 0.25 with 2, 2, 2"
          + " and 1 cameras, no deadline, a fixed seed")
  void migrationCity() throws IOException {
    Topology t = TopologyLoader.load(DIR.resolve("exp-migration.json"));
    assertThat(t.streetEdges()).extracting(EdgeSpec::speed).containsExactly(1.0, 1.0, 0.5, 0.25);
    assertThat(t.streetEdges())
        .extracting(e -> t.terminalsOf(e.id()).size())
        .containsExactly(2, 2, 2, 1);
    assertThat(t.sync().deadlineMs()).isEqualTo(86_400_000L);
    assertThat(t.sync().quorum()).isEqualTo(1.0);
    assertThat(t.seed()).isEqualTo(42);
    assertThat(t.migration().enabled()).isTrue();
  }
}
