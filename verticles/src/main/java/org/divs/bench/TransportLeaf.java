package org.divs.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.divs.bus.Addresses;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LocalUpdate;
import org.divs.sync.WeightCompressor;
import org.divs.sync.WeightDecompressor;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weighting;
import org.divs.sync.Weights;

/**
 * One street edge of {@code divs bench round-transport}, on both paths. Ours does what an edge and
 * its trainer do with a global, minus the training: decodes W(i) with the production {@link
 * WeightDecompressor}, adds a fixed step, encodes the local weights with the production {@link
 * WeightCompressor} as a {@link LocalUpdate} and requests its parent to take it. The bare path
 * sends a raw {@link Buffer} of the same size as soon as the global's buffer arrives. Both report
 * their times (System.nanoTime, one clock for every JVM of the host) to the top.
 */
final class TransportLeaf extends VerticleBase {
  /** Longest a hop may take before the benchmark gives up. */
  static final long TIMEOUT_MS = 60_000;

  private final int index;
  private final String id;
  private final String parent;
  private final int[] tensorLengths;
  private final Map<String, WeightDecompressor> downlink = new HashMap<>();
  private final Map<String, WeightCompressor> uplink = new HashMap<>();
  private final Map<String, Buffer> bareUpdates = new HashMap<>();
  private float[] step;

  TransportLeaf(int index, int[] tensorLengths) {
    this.index = index;
    this.id = TransportCity.LEAVES.get(index);
    this.parent = TransportCity.parentOf(id);
    this.tensorLengths = tensorLengths.clone();
  }

  @Override
  public Future<?> start() {
    int size = 0;
    for (int len : tensorLengths) {
      size += len;
    }
    step = TransportCity.trainingStep(index, size);
    List<Future<?>> ready = new ArrayList<>();
    for (WeightEncoding e : WeightEncoding.values()) {
      String task = TransportCity.task(e);
      downlink.put(task, new WeightDecompressor());
      uplink.put(task, new WeightCompressor(e, tensorLengths));
      bareUpdates.put(
          task,
          Buffer.buffer(
              new byte
                  [TransportCity.payloadBytes(e, tensorLengths) + TransportCity.MESSAGE_OVERHEAD]));
      MessageConsumer<GlobalWeights> ours =
          vertx.eventBus().consumer(Addresses.syncGlobal(task), m -> onGlobal(m.body()));
      MessageConsumer<Buffer> bare =
          vertx.eventBus().consumer(Addresses.benchBareDown(task), m -> onBareGlobal(task));
      ready.add(ours.completion());
      ready.add(bare.completion());
    }
    return Future.all(ready);
  }

  private void onGlobal(GlobalWeights g) {
    Weights view;
    try {
      view = downlink.get(g.task()).accept(g.round(), g.payload());
    } catch (RuntimeException e) {
      report("ours", g.task(), 0, 0, 0, "global of round " + g.round() + " refused: " + e);
      return;
    }
    long decoded = System.nanoTime();
    float[] local = view.toArray();
    for (int i = 0; i < local.length; i++) {
      local[i] += step[i];
    }
    long start = System.nanoTime();
    long samples = TransportCity.samplesOf(index);
    LocalUpdate update =
        new LocalUpdate(
            g.runId(),
            g.task(),
            g.round() + 1,
            id,
            samples,
            Weighting.FEDAVG.logMass(samples),
            List.of(id),
            List.of(),
            0.5,
            0,
            uplink.get(g.task()).encode(Weights.wrap(local), view, g.round()));
    vertx
        .eventBus()
        .request(
            Addresses.aggLocal(parent), update, new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .onComplete(
            ar ->
                report(
                    "ours",
                    g.task(),
                    decoded,
                    start,
                    System.nanoTime(),
                    ar.failed() ? "update not taken: " + ar.cause().getMessage() : null));
  }

  private void onBareGlobal(String task) {
    long received = System.nanoTime();
    vertx
        .eventBus()
        .request(
            Addresses.benchBareUp(parent, task),
            bareUpdates.get(task),
            new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .onComplete(
            ar ->
                report(
                    "bare",
                    task,
                    received,
                    received,
                    System.nanoTime(),
                    ar.failed() ? "buffer not taken: " + ar.cause().getMessage() : null));
  }

  private void report(
      String path, String task, long decoded, long start, long acked, String error) {
    vertx
        .eventBus()
        .send(
            Addresses.BENCH_REPORT,
            new JsonObject()
                .put("path", path)
                .put("task", task)
                .put("leaf", id)
                .put("decoded", decoded)
                .put("start", start)
                .put("acked", acked)
                .put("error", error));
  }
}
