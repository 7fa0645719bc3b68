package org.divs.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LocalUpdate;
import org.divs.bus.VertxFactory;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.migration.LoadMeter;
import org.divs.model.LocalTrainer;
import org.divs.scene.VehicleClass;
import org.divs.sync.Weights;
import org.divs.train.CropStore;

/**
 * The production {@link TrainerVerticle} of one street edge's CNN, alone in a local Vert.x on the
 * edge's training pool (a worker, as {@link EdgeVerticle} deploys it), with nothing ingesting:
 * rounds of a float32 global sent straight to it, each answered update starting the next round.
 * Used by {@code divs bench train} to put a training step inside the worker verticle, reading its
 * crops from the edge's {@link CropStore}, beside the bare DJL loop.
 */
public final class TrainerHarness {
  private static final String EDGE = "street-1";
  private static final String PARENT = "cloud";

  private TrainerHarness() {}

  /**
   * Samples per second the trainer verticle trains from {@code store} (every crop each round, in
   * minibatches of {@code minibatch}), measured over {@code seconds} after a third of that as
   * warm-up; wall time from a global's send to the last counted update.
   */
  public static double cnnSamplesPerSecond(CropStore store, int minibatch, double seconds)
      throws Exception {
    StringBuilder classes = new StringBuilder();
    for (VehicleClass c : VehicleClass.values()) {
      classes.append(classes.length() == 0 ? "" : ",").append('"').append(c.label()).append('"');
    }
    Topology t =
        TopologyLoader.parse(
            "{\"name\": \"train-bench\", \"seed\": 1, \"cloud\": {\"id\": \""
                + PARENT
                + "\"}, \"edges\": [{\"id\": \""
                + EDGE
                + "\", \"parent\": \""
                + PARENT
                + "\"}], \"terminals\": [], \"tasks\": [{\"id\": \"cnn\", \"model\": \"cnn\","
                + " \"classes\": ["
                + classes
                + "]}], \"sync\": {\"minibatch\": "
                + minibatch
                + ", \"batchesPerEpoch\": 1}}");
    TaskSpec task = t.tasks().get(0);
    Weights w0;
    try (LocalTrainer model = TaskModels.trainer(task, 1)) {
      w0 = Weights.wrap(model.weights());
    }
    Vertx vertx = VertxFactory.local();
    try {
      String runId = UUID.randomUUID().toString();
      long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
      long[] mark = {-1, 0, 0}; // start of the measured part, samples, its last update's time
      CompletableFuture<Double> rate = new CompletableFuture<>();
      vertx
          .eventBus()
          .<LocalUpdate>consumer(
              Addresses.aggLocal(PARENT),
              (Message<LocalUpdate> m) -> {
                m.reply(null);
                LocalUpdate u = m.body();
                long now = System.nanoTime();
                if (mark[0] >= 0) {
                  mark[1] += u.samples();
                  mark[2] = now;
                  if (now - mark[0] >= seconds * 1e9) {
                    rate.complete(mark[1] / ((mark[2] - mark[0]) / 1e9));
                    return;
                  }
                } else if (now >= warmEnd) {
                  mark[0] = now;
                }
                vertx
                    .eventBus()
                    .send(
                        Addresses.edgeTrain(EDGE, task.id()),
                        new GlobalWeights(runId, task.id(), u.round(), w0));
              })
          .completion()
          .toCompletionStage()
          .toCompletableFuture()
          .get(1, TimeUnit.MINUTES);
      TrainerVerticle trainer =
          new TrainerVerticle(
              EDGE, PARENT, task, t.sync(), store, new TaskSignal(), 1, new LoadMeter(1));
      vertx
          .deployVerticle(
              trainer,
              new DeploymentOptions()
                  .setThreadingModel(ThreadingModel.WORKER)
                  .setWorkerPoolName(EdgeVerticle.TRAIN_POOL)
                  .setWorkerPoolSize(1)
                  .setMaxWorkerExecuteTime(10)
                  .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES))
          .toCompletionStage()
          .toCompletableFuture()
          .get(1, TimeUnit.MINUTES);
      vertx
          .eventBus()
          .send(Addresses.edgeTrain(EDGE, task.id()), new GlobalWeights(runId, task.id(), 0, w0));
      return rate.get(10, TimeUnit.MINUTES);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
  }
}
