package org.divs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("cluster.tls: the event bus's key and trust stores")
class ClusterTlsConfigTest {
  private static final JsonObject NODES =
      new JsonObject()
          .put(
              "nodes", new JsonArray().add(new JsonObject().put("name", "main").put("port", 5701)));

  private static ClusterSpec.Tls tls(JsonObject tls) {
    String json = Configs.with("/cluster", NODES.copy().put("tls", tls));
    return TopologyLoader.parse(json).cluster().orElseThrow().tls().orElseThrow();
  }

  @Test
  @DisplayName("stores and passwords come from the config; the passwords never show in toString")
  void fromConfig() {
    ClusterSpec.Tls t =
        tls(
            new JsonObject()
                .put("keyStore", "node.p12")
                .put("keyStorePassword", "k-secret")
                .put("trustStore", "trusted.p12")
                .put("trustStorePassword", "t-secret"));
    assertThat(t.keyStore()).isEqualTo("node.p12");
    assertThat(t.trustStore()).isEqualTo("trusted.p12");
    assertThat(t.keyStorePassword(name -> "from-env")).isEqualTo("k-secret");
    assertThat(t.trustStorePassword(name -> "from-env")).isEqualTo("t-secret");
    assertThat(t.toString()).doesNotContain("secret");
  }

  @Test
  @DisplayName("a password left out comes from its environment variable, or is a clear fault")
  void passwordsFromEnvironment() {
    ClusterSpec.Tls t =
        tls(new JsonObject().put("keyStore", "node.p12").put("trustStore", "trusted.p12"));
    Map<String, String> env =
        Map.of("DIVS_KEYSTORE_PASSWORD", "k-env", "DIVS_TRUSTSTORE_PASSWORD", "t-env");
    assertThat(t.keyStorePassword(env::get)).isEqualTo("k-env");
    assertThat(t.trustStorePassword(env::get)).isEqualTo("t-env");
    assertThatThrownBy(() -> t.keyStorePassword(name -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/cluster/tls/keyStorePassword")
        .hasMessageContaining("DIVS_KEYSTORE_PASSWORD");
    assertThatThrownBy(() -> t.trustStorePassword(name -> ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/cluster/tls/trustStorePassword")
        .hasMessageContaining("DIVS_TRUSTSTORE_PASSWORD");
  }

  @Test
  @DisplayName("a trust store is required, and unknown keys are refused")
  void schema() {
    assertThat(
            Configs.faultsOf(
                Configs.with(
                    "/cluster",
                    NODES.copy().put("tls", new JsonObject().put("keyStore", "node.p12")))))
        .extracting(ConfigFault::path)
        .containsExactly("/cluster/tls/trustStore");
    assertThat(
            Configs.faultsOf(
                Configs.with(
                    "/cluster",
                    NODES
                        .copy()
                        .put(
                            "tls",
                            new JsonObject()
                                .put("keyStore", "a")
                                .put("trustStore", "b")
                                .put("trustAll", true)))))
        .extracting(ConfigFault::path)
        .containsExactly("/cluster/tls/trustAll");
    assertThat(TopologyLoader.parse(Configs.with("/cluster", NODES.copy())).cluster())
        .hasValueSatisfying(c -> assertThat(c.tls()).isEmpty());
  }
}
