package org.divs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.model.DjlRuntime;
import org.divs.model.LocalTrainer;
import org.divs.model.ModelSpec;
import org.divs.sync.Checkpoints;
import org.divs.sync.Weights;
import org.divs.testing.SharedData;
import org.divs.testing.TopologyJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("divs eval")
class EvalCommandTest {

  @BeforeAll
  static void loadEngine() {
    DjlRuntime.load(1, 1);
  }

  private record Run(int code, String out, String err) {}

  private static Run eval(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new Divs())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * A one-street topology checkpointing into {@code dir} with a cnn task of three classes and an
   * lstm task, each with the extra fields given.
   */
  private static JsonObject topology(Path dir, JsonObject cnnExtra, JsonObject flowExtra) {
    return new JsonObject()
        .put("cloud", new JsonObject().put("id", "cloud").put("checkpoints", dir.toString()))
        .put("edges", new JsonArray().add(new JsonObject().put("id", "s1").put("parent", "cloud")))
        .put("terminals", new JsonArray())
        .put(
            "tasks",
            new JsonArray()
                .add(TopologyJson.cnnTask(List.of("bike", "car", "truck")).mergeIn(cnnExtra))
                .add(
                    new JsonObject()
                        .put("id", "flow")
                        .put("model", "lstm")
                        .put("countScale", 500)
                        .mergeIn(flowExtra)));
  }

  /** Writes {@code json} as the topology file and returns its path. */
  private static Path write(Path dir, JsonObject json) throws java.io.IOException {
    Path config = dir.resolve("topology.json");
    Files.writeString(config, json.encode());
    return config;
  }

  /** Saves a checkpoint of a fresh model of each task of {@code t} at {@code round}. */
  private static void saveFresh(Checkpoints checkpoints, Topology t, long round)
      throws java.io.IOException {
    for (TaskSpec task : t.tasks()) {
      try (LocalTrainer m = LocalTrainer.builder().setSpec(ModelSpec.of(task)).build()) {
        checkpoints.save(
            new Checkpoints.Saved(
                task.id(), round, round, t.configHash(), "run-1", Weights.wrap(m.weights())));
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("Evaluates each task's checkpoint on the held-out real data, beside the baselines")
  void evaluatesCheckpoints(@TempDir Path dir) throws Exception {
    Path images = SharedData.file("vehicles");
    Path flow = SharedData.file("flow/pems04-sensor0-5min.csv");
    JsonObject json = topology(dir, new JsonObject(), new JsonObject());
    Topology t = TopologyLoader.parse(json.encode());
    Path config = write(dir, json);
    Checkpoints checkpoints = new Checkpoints(dir);

    Run missing = eval("eval", "--config", config.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("task cnn: no checkpoint", "task flow: no checkpoint");

    saveFresh(checkpoints, t, 5);
    Run ok =
        eval(
            "eval",
            "--config",
            config.toString(),
            "--images",
            images.toString(),
            "--flow",
            flow.toString());

    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .contains("task cnn (cnn): checkpoint of round 5, run run-1, written under this topology")
        .contains("held out: 150 crops")
        .contains("top-1 accuracy", "recall: bike", "confusion")
        .contains("task flow (lstm): checkpoint of round 5")
        .contains("lstm (checkpoint)", "last value", "slot average", "MAE h12");

    Run noBest = eval("eval", "--config", config.toString(), "--best");
    assertThat(noBest.code()).isEqualTo(1);
    assertThat(noBest.err()).contains("task flow: no checkpoint flow.best");
    TaskSpec lstm = t.task("flow");
    try (LocalTrainer m = LocalTrainer.builder().setSpec(ModelSpec.of(lstm)).build()) {
      checkpoints.save(
          new Checkpoints.Saved(
              "flow.best", 3, 3, t.configHash(), "run-1", Weights.wrap(m.weights())));
    }
    Run best = eval("eval", "--config", config.toString(), "--best", "--flow", flow.toString());
    assertThat(best.out()).contains("task flow (lstm): checkpoint of round 3");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName(
      "Evaluates on a task's heldOut.test when the topology gives one, unless told otherwise")
  void evaluatesOnTheTopologysHeldOut(@TempDir Path dir) throws Exception {
    Path vehicles = SharedData.file("vehicles");
    Path flow = SharedData.file("flow/pems04-sensor0-5min.csv");
    Path list = dir.resolve("held-out.csv");
    StringBuilder rows = new StringBuilder("path,label\n");
    for (String c : List.of("bike", "car", "truck")) {
      for (int i = 1; i <= 4; i++) {
        rows.append(vehicles.resolve(c).resolve(c + i + ".jpg")).append(',').append(c).append('\n');
      }
    }
    Files.writeString(list, rows);
    JsonObject json =
        topology(
            dir,
            new JsonObject().put("heldOut", new JsonObject().put("path", list.toString())),
            new JsonObject()
                .put(
                    "heldOut",
                    new JsonObject()
                        .put("path", flow.toString())
                        .put("fromRow", 1000)
                        .put("toRow", 1100)));
    Topology t = TopologyLoader.parse(json.encode());
    Path config = write(dir, json);
    saveFresh(new Checkpoints(dir), t, 2);

    Run ok = eval("eval", "--config", config.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .contains("held out: 12 crops of " + list + " (the task's heldOut.test)")
        .contains("top-1 accuracy", "confusion")
        .contains("held out: " + flow + " column flow, rows 1000 to 1100 (100 steps")
        .contains("lstm (checkpoint)", "last value")
        .doesNotContain("slot average");

    Run told =
        eval(
            "eval",
            "--config",
            config.toString(),
            "--images",
            vehicles.toString(),
            "--flow",
            flow.toString());
    assertThat(told.code()).as(told.err()).isZero();
    assertThat(told.out())
        .contains("held out: 150 crops")
        .contains("slot average")
        .doesNotContain("heldOut.test");
  }
}
