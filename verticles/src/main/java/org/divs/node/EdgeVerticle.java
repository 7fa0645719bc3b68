package org.divs.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.CurrentRequest;
import org.divs.bus.GlobalWeights;
import org.divs.config.EdgeSpec;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.migration.LoadMeter;
import org.divs.model.CnnBlock;
import org.divs.sync.WeightDecompressor;
import org.divs.sync.Weights;
import org.divs.train.CropStore;
import org.divs.train.LiveCrops;
import org.divs.train.SeriesSamples;
import org.divs.train.SeriesStore;
import org.divs.train.TaskSamples;

/**
 * A street edge: deploys its live inference worker verticle ({@link InferenceVerticle}), its ingest
 * worker verticle ({@link IngestVerticle}: the store, the acks, the windows, the count series, the
 * crops, which hands each chunk to inference) and one trainer worker verticle per task (the CNN on
 * the crops, the LSTM on the count series: one stream feeds both, and they train concurrently), and
 * hands each global to its trainers and to inference. Thin: every decision is in plain classes.
 */
final class EdgeVerticle extends VerticleBase {
  /** Named pool of the trainer worker verticles. */
  static final String TRAIN_POOL = "divs-train";

  private static final int CROP_LENGTH = (int) CnnBlock.SAMPLE_SHAPE.size();

  /** Steps kept per terminal in the count series. */
  static final int SERIES_CAPACITY = 20_000;

  /** Live crops kept per terminal. */
  static final int LIVE_CAPACITY = 256;

  private UnitContext unit;
  private final Map<String, CropStore> crops = new LinkedHashMap<>();
  private final LiveCrops live = new LiveCrops(LIVE_CAPACITY);
  private final SeriesStore series = new SeriesStore(SERIES_CAPACITY);
  private final Map<String, TaskSamples> samples = new LinkedHashMap<>();
  private final Map<String, TaskSignal> signals = new LinkedHashMap<>();
  private final Map<String, WeightDecompressor> downlink = new LinkedHashMap<>();
  private InferenceVerticle inference;

  @Override
  public Future<?> start() {
    unit = UnitContext.of(config());
    Topology t = unit.topology();
    EdgeSpec spec = t.edge(unit.id());
    LoadMeter meter = new LoadMeter(spec.speed());
    for (TaskSpec task : t.tasks()) {
      if (task.model() == TaskSpec.Model.CNN) {
        CropStore c = new CropStore(spec.store().capacity() * 4, CROP_LENGTH);
        crops.put(task.id(), c);
        samples.put(task.id(), c);
      } else {
        samples.put(task.id(), new SeriesSamples(series, task));
      }
    }
    List<Future<?>> started = new ArrayList<>();
    inference = new InferenceVerticle(unit.id(), t);
    started.add(
        vertx
            .deployVerticle(
                inference,
                new DeploymentOptions()
                    .setThreadingModel(ThreadingModel.WORKER)
                    .setWorkerPoolName(InferenceVerticle.POOL)
                    .setWorkerPoolSize(Math.max(1, t.streetEdges().size()))
                    .setMaxWorkerExecuteTime(1)
                    .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES))
            .compose(
                id ->
                    vertx.deployVerticle(
                        new IngestVerticle(
                            unit.id(), crops, samples, live, series, meter, inference),
                        new DeploymentOptions()
                            .setConfig(config())
                            .setThreadingModel(ThreadingModel.WORKER)
                            .setWorkerPoolName(IngestVerticle.POOL)
                            .setWorkerPoolSize(Math.max(1, t.streetEdges().size()))
                            .setMaxWorkerExecuteTime(1)
                            .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES))));
    int trainersInTopology = t.streetEdges().size() * t.tasks().size();
    String parent = spec.parent();
    for (TaskSpec task : t.tasks()) {
      TaskSignal signal = new TaskSignal();
      signals.put(task.id(), signal);
      downlink.put(task.id(), new WeightDecompressor());
      MessageConsumer<GlobalWeights> globals =
          vertx
              .eventBus()
              .consumer(Addresses.syncGlobal(task.id()), m -> onGlobal(signal, m.body()));
      started.add(globals.completion());
      long seed = t.seed() * 31 + unit.id().hashCode() * 17L + task.id().hashCode();
      started.add(
          vertx.deployVerticle(
              new TrainerVerticle(
                  unit.id(), parent, task, t.sync(), samples.get(task.id()), signal, seed, meter),
              new DeploymentOptions()
                  .setThreadingModel(ThreadingModel.WORKER)
                  .setWorkerPoolName(TRAIN_POOL)
                  .setWorkerPoolSize(Math.max(1, trainersInTopology))
                  .setMaxWorkerExecuteTime(10)
                  .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES)));
    }
    return Future.all(started)
        .onSuccess(
            v -> {
              signals.forEach(this::join);
              Events.node(vertx, unit.id(), "edge", "up");
            });
  }

  /**
   * Decodes a global (a delta needs the round before it; a node that missed it asks for the current
   * global in full) and hands it to live inference and to the task's trainer, after telling that
   * one a newer round exists.
   */
  private void onGlobal(TaskSignal signal, GlobalWeights g) {
    Weights full;
    try {
      full = downlink.get(g.task()).accept(g.round(), g.payload());
    } catch (IllegalStateException e) {
      join(g.task(), signal);
      return;
    }
    inference.offerModel(g.runId(), g.task(), g.round(), full);
    signal.seen(g.round());
    vertx
        .eventBus()
        .send(
            Addresses.edgeTrain(unit.id(), g.task()),
            new GlobalWeights(g.runId(), g.task(), g.round(), full));
  }

  /** Asks the cloud for the current global of a task (join or rejoin); none yet is fine. */
  private void join(String task, TaskSignal signal) {
    vertx
        .eventBus()
        .<GlobalWeights>request(Addresses.syncCurrent(task), new CurrentRequest(task, unit.id()))
        .onSuccess(m -> onGlobal(signal, m.body()));
  }

  @Override
  public Future<?> stop() {
    signals.values().forEach(TaskSignal::stop);
    Events.node(vertx, unit.id(), "edge", "down");
    return Future.succeededFuture();
  }
}
