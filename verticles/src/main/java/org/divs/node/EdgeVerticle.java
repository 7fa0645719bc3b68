package org.divs.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Ack;
import org.divs.bus.Addresses;
import org.divs.bus.CurrentRequest;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.GlobalWeights;
import org.divs.config.EdgeSpec;
import org.divs.config.TaskSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.model.CnnBlock;
import org.divs.store.FrameStore;
import org.divs.store.InMemoryFrameStore;
import org.divs.sync.WeightDecompressor;
import org.divs.sync.Weights;
import org.divs.train.CropStore;

/**
 * A street edge: stores its terminals' frames, acknowledges each batch after the put, has its crop
 * worker cut the training crops afterwards, and deploys one trainer worker verticle per task.
 */
final class EdgeVerticle extends VerticleBase {
  /** Named pool of the trainer worker verticles. */
  static final String TRAIN_POOL = "divs-train";

  /** Named pool of the crop workers. */
  static final String CROP_POOL = "divs-crop";

  private static final int CROP_LENGTH = (int) CnnBlock.SAMPLE_SHAPE.size();

  private UnitContext unit;
  private FrameStore store;
  private final Map<String, CropStore> crops = new LinkedHashMap<>();
  private final Map<String, TaskSignal> signals = new LinkedHashMap<>();
  private final Map<String, WeightDecompressor> downlink = new LinkedHashMap<>();
  private CropCutter cutter;
  private WorkerExecutor cropWorker;

  @Override
  public Future<?> start() {
    unit = UnitContext.of(config());
    Topology t = unit.topology();
    EdgeSpec spec = t.edge(unit.id());
    store = new InMemoryFrameStore(spec.store().capacity());
    for (TaskSpec task : t.tasks()) {
      if (task.model() == TaskSpec.Model.CNN) {
        crops.put(task.id(), new CropStore(spec.store().capacity() * 4, CROP_LENGTH));
      }
    }
    cutter = new CropCutter(t.tasks(), crops);
    cropWorker = vertx.createSharedWorkerExecutor(CROP_POOL, 1, 10, TimeUnit.MINUTES);
    MessageConsumer<FrameBatch> frames =
        vertx.eventBus().consumer(Addresses.edgeFrames(unit.id()), this::onFrames);
    List<Future<?>> started = new ArrayList<>();
    started.add(frames.completion());
    int trainersInTopology = t.streetEdges().size() * t.tasks().size();
    String parent = spec.parent();
    for (TaskSpec task : t.tasks()) {
      CropStore samples = crops.get(task.id());
      if (samples == null) {
        continue;
      }
      TaskSignal signal = new TaskSignal();
      signals.put(task.id(), signal);
      downlink.put(task.id(), new WeightDecompressor());
      MessageConsumer<GlobalWeights> globals =
          vertx
              .eventBus()
              .consumer(Addresses.syncGlobal(task.id()), m -> toTrainer(signal, m.body()));
      started.add(globals.completion());
      long seed = t.seed() * 31 + unit.id().hashCode() * 17L + task.id().hashCode();
      started.add(
          vertx.deployVerticle(
              new TrainerVerticle(unit.id(), parent, task, t.sync(), samples, signal, seed),
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
   * global in full) and hands it to the task's trainer, after telling it a newer round exists.
   */
  private void toTrainer(TaskSignal signal, GlobalWeights g) {
    Weights full;
    try {
      full = downlink.get(g.task()).accept(g.round(), g.payload());
    } catch (IllegalStateException e) {
      join(g.task(), signal);
      return;
    }
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
        .onSuccess(m -> toTrainer(signal, m.body()));
  }

  @Override
  public Future<?> stop() {
    signals.values().forEach(TaskSignal::stop);
    Events.node(vertx, unit.id(), "edge", "down");
    store.close();
    return cropWorker.close();
  }

  private void onFrames(Message<FrameBatch> msg) {
    FrameBatch batch = msg.body();
    TerminalSpec term =
        unit.topology().terminals().stream()
            .filter(x -> x.id().equals(batch.terminal()))
            .findFirst()
            .orElse(null);
    if (term == null || !term.edge().equals(unit.id())) {
      msg.fail(
          404,
          "edge "
              + unit.id()
              + ": terminal '"
              + batch.terminal()
              + "' is not one of its terminals");
      return;
    }
    int stored = 0;
    int duplicates = 0;
    List<EncodedFrame> fresh = new ArrayList<>();
    for (int i = 0; i < batch.frames().size(); i++) {
      EncodedFrame f = batch.frames().get(i);
      String bad =
          org.divs.source.Jpeg.check(f.jpeg(), term.frame().width(), term.frame().height());
      if (bad != null) {
        Events.error(
            vertx,
            unit.id(),
            "terminal " + batch.terminal() + " frame " + f.seq() + " skipped: " + bad);
        continue;
      }
      if (store.put(batch.idOf(i), f, false) == FrameStore.Put.STORED) {
        stored++;
        fresh.add(f);
      } else {
        duplicates++;
      }
    }
    msg.reply(new Ack(stored, duplicates));
    if (!fresh.isEmpty()) {
      cropWorker
          .executeBlocking(() -> cutter.cut(batch.terminal(), fresh), false)
          .onSuccess(errors -> errors.forEach(e -> Events.error(vertx, unit.id(), e)));
    }
  }
}
