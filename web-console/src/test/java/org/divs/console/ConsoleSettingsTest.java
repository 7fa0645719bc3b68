package org.divs.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Console settings")
class ConsoleSettingsTest {
  @Test
  @DisplayName("Only loopback addresses count as loopback; no name is resolved")
  void loopback() {
    assertThat(ConsoleSettings.isLoopback("127.0.0.1")).isTrue();
    assertThat(ConsoleSettings.isLoopback("127.1.2.3")).isTrue();
    assertThat(ConsoleSettings.isLoopback("localhost")).isTrue();
    assertThat(ConsoleSettings.isLoopback("::1")).isTrue();
    assertThat(ConsoleSettings.isLoopback("[::1]")).isTrue();
    assertThat(ConsoleSettings.isLoopback("0.0.0.0")).isFalse();
    assertThat(ConsoleSettings.isLoopback("::")).isFalse();
    assertThat(ConsoleSettings.isLoopback("192.168.1.4")).isFalse();
    assertThat(ConsoleSettings.isLoopback("127.0.0.1.example.org")).isFalse();
    assertThat(ConsoleSettings.isLoopback("cloud.example.org")).isFalse();
  }

  @Test
  @DisplayName("The config token wins over the environment; a blank one counts as none")
  void tokenSources() {
    JsonObject open = new JsonObject().put("host", "0.0.0.0");
    assertThat(ConsoleSettings.from(open.copy().put("token", "cfg"), n -> "env").token())
        .contains("cfg");
    assertThat(ConsoleSettings.from(open.copy().put("token", " "), n -> "env").token())
        .contains("env");
    assertThatThrownBy(() -> ConsoleSettings.from(open, n -> ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0.0.0");
    assertThat(ConsoleSettings.from(new JsonObject(), n -> null).token()).isEmpty();
  }

  @Test
  @DisplayName("The Authorization header must carry exactly the token")
  void bearer() {
    assertThat(ConsoleVerticle.authorized("Bearer abc", "abc")).isTrue();
    assertThat(ConsoleVerticle.authorized("bearer abc", "abc")).isTrue();
    assertThat(ConsoleVerticle.authorized("Bearer abcd", "abc")).isFalse();
    assertThat(ConsoleVerticle.authorized("Basic abc", "abc")).isFalse();
    assertThat(ConsoleVerticle.authorized(null, "abc")).isFalse();
  }
}
