package org.divs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.divs.config.Configs.faultsOf;
import static org.divs.config.Configs.with;
import static org.divs.config.Configs.without;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("TopologyLoader: syntax and schema faults")
class TopologyLoaderTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/edges/1/speed          | 1.5   | 1.5 is greater than the maximum 1",
        "/edges/1/speed          | 0     | 0 is not greater than 0",
        "/console/port           | 70000 | 70000 is greater than the maximum 65535",
        "/sync/minibatch         | 0     | 0 is less than the minimum 1",
        "/sync/quorum            | 1.01  | 1.01 is greater than the maximum 1",
        "/terminals/0/delivery/inFlight | 65 | 65 is greater than the maximum 64",
        "/tasks/0/learningRate   | -0.1  | -0.1 is not greater than 0",
        "/edges/1/store/capacity | 0     | 0 is less than the minimum 1",
      })
  @DisplayName("an out-of-range number is one fault at its path naming value and bound")
  void outOfRange(String pointer, String value, String message) {
    assertThat(faultsOf(with(pointer, Json.decodeValue(value))))
        .containsExactly(new ConfigFault(pointer, message));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/sync/minibatch           | '\"32\"'  | '\"32\" is not of type integer'",
        "/seed                     | 1.5       | 1.5 is not of type integer",
        "/edges                    | '{}'      | {} is not of type array",
        "/terminals/0/source/train | '\"yes\"' | '\"yes\" is not of type boolean'",
        "/name                     | 7         | 7 is not of type string",
      })
  @DisplayName("a mistyped value is one fault at its path naming the value and the type")
  void mistyped(String pointer, String value, String message) {
    assertThat(faultsOf(with(pointer, Json.decodeValue(value))))
        .containsExactly(new ConfigFault(pointer, message));
  }

  @Test
  @DisplayName("a value outside an enum is one fault listing the allowed values")
  void badEnum() {
    assertThat(faultsOf(with("/sync/weighting", "foo")))
        .containsExactly(
            new ConfigFault(
                "/sync/weighting", "\"foo\" is not one of \"fedavg\", \"uniform\", \"paper\""));
  }

  @Test
  @DisplayName("an unknown key deep in the config is one fault at its own path, listing the keys")
  void unknownNestedKey() {
    assertThat(faultsOf(with("/terminals/1/source/sede", 7)))
        .containsExactly(
            new ConfigFault(
                "/terminals/1/source/sede",
                "unknown key \"sede\"; allowed: type, path, seed, fps, pace, loop, classes,"
                    + " train, limit, rate, subset, line, column, fromRow, toRow, daySeconds"));
  }

  @Test
  @DisplayName("a misspelt key is reported as unknown, and the key it replaced as missing")
  void misspeltKey() {
    assertThat(
            faultsOf(
                with("/terminals/0/frame", new JsonObject().put("widht", 320).put("height", 180))))
        .containsExactlyInAnyOrder(
            new ConfigFault("/terminals/0/frame/width", "required key \"width\" is missing"),
            new ConfigFault(
                "/terminals/0/frame/widht", "unknown key \"widht\"; allowed: width, height"));
  }

  @Test
  @DisplayName("a missing required key is one fault at the path it would have")
  void missingRequired() {
    assertThat(faultsOf(without("/tasks/0/model")))
        .containsExactly(new ConfigFault("/tasks/0/model", "required key \"model\" is missing"));
    assertThat(faultsOf(without("/cloud")))
        .containsExactly(new ConfigFault("/cloud", "required key \"cloud\" is missing"));
  }

  @Test
  @DisplayName("a cnn task needs classes and a file source needs a path")
  void conditionalRequired() {
    assertThat(faultsOf(without("/tasks/0/classes")))
        .containsExactly(
            new ConfigFault("/tasks/0/classes", "required key \"classes\" is missing"));
    assertThat(faultsOf(with("/terminals/0/source/type", "video")))
        .containsExactly(
            new ConfigFault("/terminals/0/source/path", "required key \"path\" is missing"));
  }

  @Test
  @DisplayName("ids must be plain names, class lists unique")
  void idsAndNames() {
    assertThat(faultsOf(with("/edges/1/id", "street 1")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path()).isEqualTo("/edges/1/id");
              assertThat(f.message()).startsWith("\"street 1\" does not match the pattern");
            });
    assertThat(faultsOf(with("/tasks/0/classes/1", "car")))
        .containsExactly(
            new ConfigFault("/tasks/0/classes", "items must be unique: \"car\" more than once"));
  }

  @Test
  @DisplayName("malformed JSON is one fault at the root with the parser's line and column")
  void malformedJson() {
    assertThat(faultsOf("{\n  \"cloud\": {\"id\": \"cloud\"},,\n}"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path()).isEmpty();
              assertThat(f.message()).startsWith("line 2, column 28: invalid JSON: Unexpected");
            });
    assertThat(faultsOf("{\"cloud\": {\"id\": \"cloud\"}"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("line 1", "end-of-input"));
    assertThat(faultsOf(" \n")).containsExactly(new ConfigFault("", "the config is empty"));
    assertThat(faultsOf("[]")).containsExactly(new ConfigFault("", "[] is not of type object"));
  }

  @Test
  @DisplayName("every schema fault is collected, in document order")
  void collectsAllSchemaFaults() {
    assertThat(
            faultsOf(with("/edges/1/speed", 1.5, "/sync/weighting", "foo", "/console/port", 70000)))
        .extracting(ConfigFault::path)
        .containsExactly("/edges/1/speed", "/sync/weighting", "/console/port");
  }

  @Test
  @DisplayName("the rules run only once the schema passes")
  void schemaBeforeRules() {
    assertThat(faultsOf(with("/edges/1/speed", 1.5, "/edges/2/parent", "nowhere")))
        .extracting(ConfigFault::path)
        .containsExactly("/edges/1/speed");
  }

  @Test
  @DisplayName("the exception message lists every fault as path: message on its own line")
  void exceptionMessage() {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> TopologyLoader.parse(with("/sync/minibatch", 0, "/console/port", -1)))
        .withMessage(
            "Invalid topology config (2 fault(s)):\n"
                + "/sync/minibatch: 0 is less than the minimum 1\n"
                + "/console/port: -1 is less than the minimum 0");
  }

  @Test
  @DisplayName("a file that cannot be read is a fault naming the file")
  void unreadableFile() {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> TopologyLoader.load(Path.of("no-such-config.json")))
        .satisfies(
            e ->
                assertThat(e.faults())
                    .singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("no-such-config.json")));
  }
}
