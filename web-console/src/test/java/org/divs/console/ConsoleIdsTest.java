package org.divs.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.Codecs;
import org.divs.bus.ConsoleEvent;
import org.divs.testing.ClusterFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Console event ids")
@ExtendWith(VertxExtension.class)
class ConsoleIdsTest {
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("keep rising after the console is restarted")
  void idsPersist(Vertx vertx, @TempDir Path dir) throws Exception {
    Codecs.register(vertx);
    int port = ClusterFixture.freePorts(1).get(0);
    DeploymentOptions options =
        new DeploymentOptions()
            .setConfig(
                new JsonObject()
                    .put("port", port)
                    .put("idFile", dir.resolve("console-last-event-id").toString()));
    WebClient client = WebClient.create(vertx);
    String first = ClusterFixture.await(vertx.deployVerticle(new ConsoleVerticle(), options));
    publish(vertx, 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> lastId(client, port) == 3);
    ClusterFixture.await(vertx.undeploy(first));
    ClusterFixture.await(vertx.deployVerticle(new ConsoleVerticle(), options));
    assertThat(lastId(client, port)).isEqualTo(3);
    publish(vertx, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> lastId(client, port) == 4);
  }

  private static void publish(Vertx vertx, int n) {
    for (int i = 0; i < n; i++) {
      vertx
          .eventBus()
          .publish(Addresses.CONSOLE_EVENTS, ConsoleEvent.of("node", "e", "{\"id\":\"e\"}"));
    }
  }

  private static long lastId(WebClient client, int port) throws Exception {
    return ClusterFixture.await(client.get(port, "127.0.0.1", "/api/status").send())
        .bodyAsJsonObject()
        .getLong("lastEventId");
  }
}
