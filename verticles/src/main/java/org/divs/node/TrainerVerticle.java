package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.List;
import org.divs.bus.Addresses;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LocalUpdate;
import org.divs.config.SyncSpec;
import org.divs.config.TaskSpec;
import org.divs.migration.LoadMeter;
import org.divs.model.LocalTrainer;
import org.divs.sync.WeightCompressor;
import org.divs.sync.Weights;
import org.divs.train.RoundPlan;
import org.divs.train.TaskSamples;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's trainer on one street edge, deployed as a worker verticle by its {@link EdgeVerticle},
 * which hands it each global W(i). It trains round i + 1 from W(i) over its edge's samples and
 * sends the local weights to its parent; when a newer global arrives meanwhile it finishes its
 * minibatch, drops the round and takes the newer one. The same verticle trains every model: its
 * samples ({@link TaskSamples}) are the edge's crops for the CNN and windows of its count series
 * for the LSTM. Thin: the round maths is {@link RoundPlan}, {@link TaskSamples} and {@link
 * LocalTrainer}.
 *
 * <p>Speed emulation: after each real step of t of this thread's CPU time, the trainer sleeps (1 /
 * speed - 1) t on its worker thread, so an edge of speed s takes t / s per step as slower hardware
 * would; the sleep is the emulated compute, which is why it may block here. Each step is recorded
 * in the edge's {@link LoadMeter}, and the update's {@code trainMs} is the emulated time t / s
 * summed over the round.
 */
final class TrainerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TrainerVerticle.class);

  /** Delay before an update is sent again to a parent that has no consumer yet. */
  static final long PARENT_RETRY_MS = 200;

  private final String edge;
  private final String parent;
  private final TaskSpec task;
  private final SyncSpec sync;
  private final TaskSamples samples;
  private final TaskSignal signal;
  private final LoadMeter meter;
  private final long seed;
  private String runId;
  private LocalTrainer trainer;
  private RoundPlan plan;
  private WeightCompressor uplink;

  /** The last round answered, with weights or "no data": a second copy of its global is ignored. */
  private long lastAnswered;

  TrainerVerticle(
      String edge,
      String parent,
      TaskSpec task,
      SyncSpec sync,
      TaskSamples samples,
      TaskSignal signal,
      long seed,
      LoadMeter meter) {
    this.edge = edge;
    this.parent = parent;
    this.task = task;
    this.sync = sync;
    this.samples = samples;
    this.signal = signal;
    this.meter = meter;
    this.seed = seed;
  }

  @Override
  public Future<?> start() {
    trainer = TaskModels.trainer(task, seed);
    plan = new RoundPlan(sync.batchesPerEpoch(), seed);
    uplink = new WeightCompressor(sync.up(), trainer.layout().tensorLengths());
    MessageConsumer<GlobalWeights> consumer =
        vertx
            .eventBus()
            .localConsumer(Addresses.edgeTrain(edge, task.id()), m -> onGlobal(m.body()));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    if (trainer != null) {
      trainer.close();
    }
    return Future.succeededFuture();
  }

  private void onGlobal(GlobalWeights g) {
    if (!g.runId().equals(runId)) {
      LOG.info("{}: {} follows run {}", edge, task.id(), g.runId());
      runId = g.runId();
      lastAnswered = 0;
      uplink.reset();
    }
    if (g.round() + 1 <= lastAnswered || signal.newerThan(g.round())) {
      return;
    }
    LocalUpdate update;
    try {
      update = trainRound(g);
    } catch (RuntimeException e) {
      LOG.error("{}: round {} of {} failed", edge, g.round() + 1, task.id(), e);
      Events.error(vertx, edge, task.id() + " round " + (g.round() + 1) + " failed: " + e);
      return;
    }
    if (update == null) {
      LOG.debug("{}: {} round {} dropped for a newer global", edge, task.id(), g.round() + 1);
      return;
    }
    send(update, g.round(), System.nanoTime() + sync.deadlineMs() * 1_000_000L);
  }

  /**
   * Sends the update to the parent. While the parent has no consumer yet (it starts after this
   * edge, in another JVM), tries again every {@value #PARENT_RETRY_MS} ms until a newer global
   * makes the update stale or the round's deadline ({@code giveUpNanos}) has passed.
   */
  private void send(LocalUpdate update, long globalRound, long giveUpNanos) {
    vertx
        .eventBus()
        .request(Addresses.aggLocal(parent), update)
        .onFailure(
            e -> {
              if (e instanceof ReplyException r
                  && r.failureType() == ReplyFailure.NO_HANDLERS
                  && !signal.newerThan(globalRound)
                  && System.nanoTime() < giveUpNanos) {
                vertx.setTimer(PARENT_RETRY_MS, t -> send(update, globalRound, giveUpNanos));
                return;
              }
              Events.error(
                  vertx,
                  edge,
                  task.id()
                      + " update for round "
                      + update.round()
                      + " not taken: "
                      + e.getMessage());
            });
  }

  /** Trains round W(i) + 1; null when a newer global arrived meanwhile. */
  private LocalUpdate trainRound(GlobalWeights g) {
    long round = g.round() + 1;
    TaskSamples.Round drawn = samples.round();
    int held = drawn.size();
    int m = sync.minibatch();
    lastAnswered = round;
    if (held < m) {
      return LocalUpdate.noData(runId, task.id(), round, edge, List.of(), 0);
    }
    long t0 = System.nanoTime();
    trainer.setWeights(g.weights().toArray());
    int[] idx = plan.next(held);
    long emulatedNanos = 0;
    double lossSum = 0;
    int steps = 0;
    for (int from = 0; from < idx.length; from += m) {
      if (signal.newerThan(g.round())) {
        return null;
      }
      int n = Math.min(m, idx.length - from);
      long cpu0 = StepClock.cpuNanos();
      lossSum += drawn.step(trainer, idx, from, n);
      long cpu = StepClock.cpuNanos() - cpu0;
      meter.record(task.id(), n, cpu);
      long pause = meter.pauseNanos(cpu);
      StepClock.pause(pause);
      emulatedNanos += cpu + pause;
      steps++;
    }
    long ms = emulatedNanos / 1_000_000;
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    double loss = lossSum / steps;
    LOG.debug(
        "{}: {} round {} on {} samples, loss {} in {} ms emulated, {} ms wall",
        edge,
        task.id(),
        round,
        idx.length,
        loss,
        ms,
        wallMs);
    return new LocalUpdate(
        runId,
        task.id(),
        round,
        edge,
        idx.length,
        sync.weighting().logMass(idx.length),
        List.of(edge),
        List.of(),
        loss,
        ms,
        uplink.encode(Weights.wrap(trainer.weights()), g.weights(), g.round()));
  }
}
