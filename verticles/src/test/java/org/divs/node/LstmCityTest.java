package org.divs.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.Codecs;
import org.divs.bus.ConsoleEvent;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.deploy.Deployer;
import org.divs.proc.ClusterCity;
import org.divs.testing.ClusterFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("A city with an LSTM task")
@ExtendWith(VertxExtension.class)
class LstmCityTest {
  private static final Logger LOG = LoggerFactory.getLogger(LstmCityTest.class);
  private static final int ROUNDS = 8;

  /** Two streets, one synthetic camera each, the CNN and an LSTM over the cameras' count series. */
  static Topology city() throws Exception {
    JsonObject lstm =
        new JsonObject()
            .put("id", "flow")
            .put("model", "lstm")
            .put("learningRate", 0.01)
            .put("lookback", 6)
            .put("horizon", 6)
            .put("countScale", 10);
    JsonObject city =
        Cities.small(2, 1, 300, ClusterFixture.freePorts(1).get(0), new String[] {"n0"}, false)
            .put(
                "tasks",
                new JsonArray().add(ClusterCity.cnnTask(List.of("car", "truck"))).add(lstm));
    // short windows (4 frames) that do not overlap: many count steps from few rendered frames,
    // and last value gains nothing from a shared half window
    city.getJsonArray("terminals").stream()
        .map(JsonObject.class::cast)
        .forEach(
            c -> c.put("window", new JsonObject().put("strideMs", 2000).put("lengthMs", 2000)));
    city.getJsonObject("sync").put("batchesPerEpoch", 1).put("minibatch", 8);
    return TopologyLoader.parse(city.encode());
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  @DisplayName(
      "trains the LSTM beside the CNN from the same stream, and its held-out MAE drops below"
          + " last value's")
  void lstmLearnsFromTheCountSeries(Vertx vertx, VertxTestContext ctx) throws Exception {
    Codecs.register(vertx);
    Topology city = city();
    Map<Long, JsonObject> flowRounds = new TreeMap<>();
    Map<Long, JsonObject> cnnRounds = new TreeMap<>();
    vertx
        .eventBus()
        .<ConsoleEvent>localConsumer(
            Addresses.CONSOLE_EVENTS,
            m -> {
              JsonObject p = new JsonObject(m.body().json());
              if (m.body().type().equals("round")) {
                (p.getString("task").equals("flow") ? flowRounds : cnnRounds)
                    .put(p.getLong("round"), p);
              } else if (m.body().type().equals("done")) {
                ctx.verify(() -> check(flowRounds, cnnRounds));
                ctx.completeNow();
              }
            })
        .completion()
        .compose(
            v ->
                Deployer.deploy(
                    vertx,
                    city,
                    "run-lstm",
                    u -> true,
                    new DivsUnits(new JsonObject().put("rounds", ROUNDS).put("console", false))))
        .onFailure(ctx::failNow);
  }

  /** Rounds that merged updates (empty rounds, before the series is long enough, have none). */
  private static List<JsonObject> trained(Map<Long, JsonObject> rounds) {
    return rounds.values().stream().filter(r -> !r.getJsonArray("participants").isEmpty()).toList();
  }

  private static void check(Map<Long, JsonObject> flow, Map<Long, JsonObject> cnn) {
    assertThat(trained(cnn)).as("cnn rounds").hasSize(ROUNDS);
    List<JsonObject> lstm = trained(flow);
    flow.values().forEach(r -> LOG.info("lstm round {}", r.encode()));
    assertThat(lstm).as("lstm rounds").hasSize(ROUNDS);
    JsonObject initial = flow.get(0L);
    JsonObject last = lstm.get(ROUNDS - 1);
    assertThat(last.getInteger("horizon")).isEqualTo(6);
    assertThat(last.getJsonArray("participants")).hasSize(2);
    double lastValue = last.getJsonObject("lastValue").getDouble("mae");
    assertThat(last.getDouble("mae"))
        .as("mean MAE after %d rounds against last value's %.2f", ROUNDS, lastValue)
        .isLessThan(0.9 * lastValue);
    assertThat(last.getDouble("mae"))
        .as("mean MAE after %d rounds against W(0)'s", ROUNDS)
        .isLessThan(0.9 * initial.getDouble("mae"));
  }
}
