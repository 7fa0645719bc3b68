package org.divs.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.divs.bus.Ack;
import org.divs.bus.Addresses;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LocalUpdate;
import org.divs.sync.EncodedWeights;
import org.divs.sync.RoundCollector;
import org.divs.sync.WeightCompressor;
import org.divs.sync.WeightDecompressor;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weights;

/**
 * The top of {@code divs bench round-transport}, one round at a time. Ours does what the cloud does
 * with a task's round, minus evaluation and checkpoints: encodes W(i) for the down link with the
 * production {@link WeightCompressor} (a delta from the previous global after the first round),
 * publishes it as {@link GlobalWeights}, takes the aggregators' partials into a production {@link
 * RoundCollector} and merges them ({@code WeightedMerge}) into W(i + 1). The bare path publishes a
 * raw buffer the size of the global and waits for the two partial-sized buffers.
 */
final class TransportTop extends VerticleBase {
  /** Header naming the sender of a bare buffer. */
  static final String FROM = "from";

  private final String runId = UUID.randomUUID().toString();
  private final Weights initial;
  private final int[] tensorLengths;
  private final Map<WeightEncoding, Stream> streams = new EnumMap<>(WeightEncoding.class);
  private final Map<WeightEncoding, Buffer> bareGlobals = new EnumMap<>(WeightEncoding.class);
  private final int partialBytes;
  private Pending current;

  /** One task's round sequence: its down link and its collector. */
  private final class Stream {
    final WeightCompressor down;
    final WeightDecompressor view = new WeightDecompressor();
    final RoundCollector collector;
    Weights global = initial;
    long round;

    Stream(WeightEncoding e) {
      down = new WeightCompressor(e, tensorLengths);
      Map<String, List<String>> children = new LinkedHashMap<>();
      for (String a : TransportCity.AGGREGATORS) {
        children.put(a, TransportCity.leavesUnder(a));
      }
      collector = new RoundCollector(runId, children, initial.size());
    }
  }

  /** The round in progress and what has come back of it. */
  private static final class Pending {
    final boolean bare;
    final WeightEncoding encoding;
    final Promise<HopTimes> promise;
    final Map<String, long[]> leaves = new LinkedHashMap<>();
    final Map<String, Long> accepted = new LinkedHashMap<>();
    long t0;
    long encoded;
    long done;
    long timer;

    Pending(boolean bare, WeightEncoding encoding, Promise<HopTimes> promise) {
      this.bare = bare;
      this.encoding = encoding;
      this.promise = promise;
    }

    String path() {
      return bare ? "bare" : "ours";
    }
  }

  TransportTop(Weights initial, int[] tensorLengths) {
    this.initial = initial;
    this.tensorLengths = tensorLengths.clone();
    this.partialBytes = TransportCity.messageBytes(WeightEncoding.F32, tensorLengths);
  }

  @Override
  public Future<?> start() {
    List<Future<?>> ready = new ArrayList<>();
    for (WeightEncoding e : WeightEncoding.values()) {
      streams.put(e, new Stream(e));
      bareGlobals.put(e, Buffer.buffer(new byte[TransportCity.messageBytes(e, tensorLengths)]));
      MessageConsumer<Buffer> bare =
          vertx
              .eventBus()
              .consumer(
                  Addresses.benchBareUp(TransportCity.TOP, TransportCity.task(e)),
                  m -> onBarePartial(e, m));
      ready.add(bare.completion());
    }
    MessageConsumer<LocalUpdate> partials =
        vertx.eventBus().consumer(Addresses.aggLocal(TransportCity.TOP), this::onPartial);
    MessageConsumer<JsonObject> reports =
        vertx.eventBus().consumer(Addresses.BENCH_REPORT, m -> onReport(m.body()));
    ready.add(partials.completion());
    ready.add(reports.completion());
    return Future.all(ready);
  }

  /** Runs one round of {@code encoding} on the bare or our path; call from any thread. */
  Future<HopTimes> round(boolean bare, WeightEncoding encoding) {
    Promise<HopTimes> promise = Promise.promise();
    context.runOnContext(v -> begin(new Pending(bare, encoding, promise)));
    return promise.future();
  }

  /** The current global weights of each encoding's task. */
  Future<Map<WeightEncoding, Weights>> globals() {
    Promise<Map<WeightEncoding, Weights>> promise = Promise.promise();
    context.runOnContext(
        v -> {
          Map<WeightEncoding, Weights> out = new EnumMap<>(WeightEncoding.class);
          streams.forEach((e, s) -> out.put(e, s.global));
          promise.complete(out);
        });
    return promise.future();
  }

  private void begin(Pending p) {
    if (current != null) {
      p.promise.fail("a round of " + current.encoding + " is still in progress");
      return;
    }
    current = p;
    p.timer = vertx.setTimer(TransportLeaf.TIMEOUT_MS, id -> timedOut(p));
    String task = TransportCity.task(p.encoding);
    p.t0 = System.nanoTime();
    if (p.bare) {
      vertx.eventBus().publish(Addresses.benchBareDown(task), bareGlobals.get(p.encoding));
      return;
    }
    Stream s = streams.get(p.encoding);
    EncodedWeights payload =
        s.view.current() == null
            ? EncodedWeights.full(s.global)
            : s.down.encode(s.global, s.view.current(), s.view.round());
    p.encoded = System.nanoTime();
    vertx
        .eventBus()
        .publish(Addresses.syncGlobal(task), new GlobalWeights(runId, task, s.round, payload));
    s.view.accept(s.round, payload);
    s.collector.begin(s.round + 1, s.view.current());
  }

  private void onPartial(Message<LocalUpdate> msg) {
    LocalUpdate u = msg.body();
    Pending p = current;
    if (p == null || p.bare || !TransportCity.task(p.encoding).equals(u.task())) {
      msg.fail(409, "no round of " + u.task() + " in progress");
      return;
    }
    Stream s = streams.get(p.encoding);
    String why = s.collector.offer(u);
    if (why != null) {
      msg.fail(400, why);
      fail(p, why);
      return;
    }
    msg.reply(new Ack(1, 0));
    p.accepted.put(u.from(), System.nanoTime());
    if (s.collector.complete()) {
      s.collector.markSent();
      LocalUpdate merged = s.collector.merged(u.task(), TransportCity.TOP);
      if (merged.leaves().size() != TransportCity.LEAVES.size()) {
        fail(p, "round " + merged.round() + " merged only " + merged.leaves());
        return;
      }
      s.global = merged.weights();
      s.round = merged.round();
      p.done = System.nanoTime();
      finishIfComplete(p);
    }
  }

  private void onBarePartial(WeightEncoding e, Message<Buffer> msg) {
    int bytes = msg.body().length();
    msg.reply(Buffer.buffer());
    Pending p = current;
    if (p == null || !p.bare || p.encoding != e) {
      return;
    }
    if (bytes != partialBytes) {
      fail(p, "a bare partial of " + bytes + " bytes, not " + partialBytes);
      return;
    }
    p.accepted.put(msg.headers().get(FROM), System.nanoTime());
    if (p.accepted.size() == TransportCity.AGGREGATORS.size()) {
      p.done = System.nanoTime();
      finishIfComplete(p);
    }
  }

  private void onReport(JsonObject r) {
    Pending p = current;
    if (p == null
        || !p.path().equals(r.getString("path"))
        || !TransportCity.task(p.encoding).equals(r.getString("task"))) {
      return;
    }
    if (r.getString("error") != null) {
      fail(p, r.getString("leaf") + ": " + r.getString("error"));
      return;
    }
    p.leaves.put(
        r.getString("leaf"),
        new long[] {r.getLong("decoded"), r.getLong("acked"), r.getLong("codec")});
    finishIfComplete(p);
  }

  private void finishIfComplete(Pending p) {
    if (p.done == 0 || p.leaves.size() < TransportCity.LEAVES.size()) {
      return;
    }
    vertx.cancelTimer(p.timer);
    current = null;
    long topCodec = p.bare ? 0 : p.encoded - p.t0;
    try {
      p.promise.complete(HopTimes.of(p.t0, p.leaves, p.accepted, p.done, topCodec));
    } catch (RuntimeException e) {
      p.promise.fail(e);
    }
  }

  private void timedOut(Pending p) {
    if (current == p) {
      fail(
          p,
          "not complete after "
              + TransportLeaf.TIMEOUT_MS
              + " ms: street edges reported "
              + p.leaves.keySet()
              + ", partials from "
              + p.accepted.keySet());
    }
  }

  private void fail(Pending p, String why) {
    vertx.cancelTimer(p.timer);
    if (current == p) {
      current = null;
    }
    p.promise.tryFail(p.path() + " " + p.encoding.configName() + " round: " + why);
  }
}
