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
import org.divs.sync.EncodedWeights;
import org.divs.sync.WeightCompressor;
import org.divs.sync.WeightDecompressor;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weighting;
import org.divs.sync.Weights;

/**
 * One street edge of {@code divs bench round-transport}, on both paths. Ours does what an edge and
 * its trainer do with a global, minus the training: decodes W(i) with the production {@link
 * WeightDecompressor}, encodes its local weights (W(0) plus a fixed step) against it with the
 * production {@link WeightCompressor} as a {@link LocalUpdate} and requests its parent to take it.
 * The bare path sends a raw {@link Buffer} of the same size as soon as the global's buffer arrives.
 * Both report their times (System.nanoTime, one clock for every JVM of the host) to the top.
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
  private final Map<String, Weights> local = new HashMap<>();
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
      bareUpdates.put(task, Buffer.buffer(new byte[TransportCity.messageBytes(e, tensorLengths)]));
      MessageConsumer<GlobalWeights> ours =
          vertx.eventBus().consumer(Addresses.syncGlobal(task), m -> onGlobal(m.body()));
      MessageConsumer<Buffer> bare =
          vertx
              .eventBus()
              .consumer(Addresses.benchBareDown(task), m -> onBareGlobal(task, m.body()));
      ready.add(ours.completion());
      ready.add(bare.completion());
    }
    return Future.all(ready);
  }

  private void onGlobal(GlobalWeights g) {
    long received = System.nanoTime();
    Weights view;
    try {
      view = downlink.get(g.task()).accept(g.round(), g.payload());
    } catch (RuntimeException e) {
      report("ours", g.task(), 0, 0, 0, "global of round " + g.round() + " refused: " + e);
      return;
    }
    long decoded = System.nanoTime();
    Weights trained = local.computeIfAbsent(g.task(), t -> trainedFrom(view));
    long encodeStart = System.nanoTime();
    EncodedWeights payload = uplink.get(g.task()).encode(trained, view, g.round());
    long codec = decoded - received + System.nanoTime() - encodeStart;
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
            payload);
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
                    System.nanoTime(),
                    codec,
                    ar.failed() ? "update not taken: " + ar.cause().getMessage() : null));
  }

  /**
   * The stand-in for training, once per task on the first global (W(0), a warm-up round): W(0) plus
   * this edge's fixed step. Every later round sends the same local weights, so no work that is not
   * transport sits between a global's arrival and the update; the deltas stay about one step large.
   */
  private Weights trainedFrom(Weights first) {
    float[] w = first.toArray();
    for (int i = 0; i < w.length; i++) {
      w[i] += step[i];
    }
    return Weights.wrap(w);
  }

  private void onBareGlobal(String task, Buffer global) {
    long received = System.nanoTime();
    if (global.length() != bareUpdates.get(task).length()) {
      report("bare", task, 0, 0, 0, "a bare global of " + global.length() + " bytes");
      return;
    }
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
                    System.nanoTime(),
                    0,
                    ar.failed() ? "buffer not taken: " + ar.cause().getMessage() : null));
  }

  private void report(
      String path, String task, long decoded, long acked, long codec, String error) {
    vertx
        .eventBus()
        .send(
            Addresses.BENCH_REPORT,
            new JsonObject()
                .put("path", path)
                .put("task", task)
                .put("leaf", id)
                .put("decoded", decoded)
                .put("acked", acked)
                .put("codec", codec)
                .put("error", error));
  }
}
