package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.divs.config.SourceSpec;
import org.divs.config.TaskSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.inference.ChunkEventFolder;
import org.divs.inference.ClassTally;
import org.divs.inference.ForecastTracker;
import org.divs.inference.LatencyRecorder;
import org.divs.inference.LiveSeries;
import org.divs.inference.ModelSlot;
import org.divs.inference.ServingPacer;
import org.divs.inference.ServingQueue;
import org.divs.sync.Weights;
import org.divs.window.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A street edge's live inference, a worker verticle deployed by its {@link EdgeVerticle}: the
 * latest global CNN classifies each chunk's crops (class counts per window) and the latest global
 * LSTM forecasts each terminal's next window count from its windows so far. Chunks come from the
 * ingest ({@link #submit}) into a bounded {@link ServingQueue}: one the queue cannot take is
 * answered at once as {@code dropped}, so every chunk gets exactly one result. Queued chunks are
 * served in passes at most {@link #SERVE_GAP_MS} apart ({@link ServingPacer}): at a camera's rate
 * each is served at once, while a flood of chunks (a fast replay, a migration) wakes this worker
 * once per pass instead of once per chunk, each waiting at most about that gap. Globals come from
 * the edge ({@link #offerModel}) into a {@link ModelSlot} per task and replace the serving model
 * between chunks ({@link ServingModels}: its own DJL models, grad mode off on this thread). One
 * handler at a time; the ingest and the trainers never wait for it.
 *
 * <p>Results are console events: {@code inference-chunk} per chunk and {@code inference} per
 * terminal, task and window (payloads in web-console/README.md). A chunk with nothing new to show
 * (no crops, no window results) that comes within {@link #FOLD_MS} of its terminal's last chunk
 * event is folded into the next one ({@link ChunkEventFolder}): a terminal streaming hundreds of
 * chunks a second sends the console at most about ten such events a second, not one per chunk.
 */
final class InferenceVerticle extends VerticleBase {
  /** Set when it stops: what other threads offer afterwards is ignored. */
  private volatile boolean stopped;

  private static final Logger LOG = LoggerFactory.getLogger(InferenceVerticle.class);

  /** Named pool of the inference worker verticles. */
  static final String POOL = "divs-infer";

  /** Chunks waiting to be served per edge, at most; one more is dropped. */
  static final int QUEUE_CHUNKS = 256;

  /** Crops waiting to be classified per edge, at most (12 KB each); a chunk past it is dropped. */
  static final int QUEUE_CROPS = 2048;

  /** Chunk latencies the percentiles cover, per terminal. */
  static final int LATENCY_SAMPLES = 1000;

  /**
   * Longest an uneventful chunk's {@code inference-chunk} event is held back, folded into the next
   * one of its terminal ({@link ChunkEventFolder}).
   */
  static final long FOLD_MS = 100;

  /**
   * Serving passes start at least this far apart ({@link ServingPacer}): chunks that come faster
   * are served together by the next pass, and wake this worker's thread once per pass, not once
   * each.
   */
  static final long SERVE_GAP_MS = 5;

  /** Window counts kept per terminal for the forecast's history. */
  static final int SERIES_CAPACITY = 2048;

  /** One terminal's serving state (this worker's own). */
  private static final class TerminalState {
    final long incarnation;
    final Map<String, ClassTally> tallies = new HashMap<>();
    final Map<String, ForecastTracker> trackers = new HashMap<>();

    TerminalState(long incarnation) {
      this.incarnation = incarnation;
    }
  }

  private final String edge;
  private final Topology topology;
  private final List<TaskSpec> tasks;
  private final Map<String, TerminalSpec> terminals = new LinkedHashMap<>();
  private final Map<String, Map<String, Integer>> labels = new HashMap<>();
  private final ServingQueue<LiveChunk> queue =
      new ServingQueue<>(QUEUE_CHUNKS, QUEUE_CROPS, c -> c.crops().size());
  private final Map<String, ModelSlot<Weights>> slots = new ConcurrentHashMap<>();
  private final LiveSeries series = new LiveSeries(SERIES_CAPACITY);
  private final Map<String, TerminalState> states = new HashMap<>();
  private final Map<String, LatencyRecorder> latency = new ConcurrentHashMap<>();
  private final Map<String, String> runs = new ConcurrentHashMap<>();
  private final Set<String> restarted = ConcurrentHashMap.newKeySet();
  private final Map<Long, LiveChunk> early = new HashMap<>();
  private final ServingPacer pacer = new ServingPacer(TimeUnit.MILLISECONDS.toNanos(SERVE_GAP_MS));
  private final ChunkEventFolder<Shown> folder =
      new ChunkEventFolder<>(TimeUnit.MILLISECONDS.toNanos(FOLD_MS));
  private final Set<String> flushTimers = new HashSet<>();
  private long nextSeq;
  private ServingModels models;

  InferenceVerticle(String edge, Topology topology) {
    this.edge = edge;
    this.topology = topology;
    this.tasks = topology.tasks();
    for (TerminalSpec term : topology.terminalsOf(edge)) {
      terminals.put(term.id(), term);
    }
    for (TaskSpec t : tasks) {
      if (t.model() == TaskSpec.Model.CNN) {
        Map<String, Integer> byLabel = new HashMap<>();
        for (int i = 0; i < t.classes().size(); i++) {
          byLabel.put(t.classes().get(i), i);
        }
        labels.put(t.id(), byLabel);
      }
    }
  }

  @Override
  public Future<?> start() {
    models = new ServingModels(tasks, topology.seed());
    refresh();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    long now = System.nanoTime();
    for (String terminal : folder.holding()) {
      folder.flush(terminal, now).ifPresent(this::publishChunk);
    }
    if (models != null) {
      models.close();
    }
    return Future.succeededFuture();
  }

  /**
   * Takes the ingest's chunk number {@code seq} (0, 1, 2, ... in the order they were acked; any
   * thread): chunks are taken in that order, an early one waits for those before it.
   */
  void submit(long seq, LiveChunk c) {
    if (stopped) {
      return;
    }
    synchronized (early) {
      early.put(seq, c);
      LiveChunk next;
      while ((next = early.remove(nextSeq)) != null) {
        nextSeq++;
        take(next);
      }
    }
  }

  /**
   * Takes the next chunk: its windows join the forecast history at once; it is queued, or answered
   * as dropped when the queue is full.
   */
  private void take(LiveChunk c) {
    for (Window w : c.windows()) {
      series.add(w.terminal(), w.incarnation(), w.startMs(), w.count(), w.calendar());
    }
    if (queue.offer(c)) {
      chunksWaiting();
    } else {
      dropped(c);
    }
  }

  /**
   * Chunks are queued: the pacer says whether a pass starts now or when the gap ends (any thread).
   */
  private void chunksWaiting() {
    long now = System.nanoTime();
    ServingPacer.Action a;
    long gapLeft;
    synchronized (pacer) {
      a = pacer.queued(now);
      gapLeft = pacer.untilGapEnds(now);
    }
    act(a, gapLeft, false);
  }

  /**
   * The pacer's timer fired, on this verticle's context. Whether chunks wait is read under the
   * pacer's lock: {@link #take} queues a chunk before it takes that lock, so a chunk is either seen
   * here or finds the timer gone and asks for a pass itself.
   */
  private void gapEnded() {
    long now = System.nanoTime();
    ServingPacer.Action a;
    long gapLeft;
    synchronized (pacer) {
      a = pacer.timerFired(now, queue.waiting() > 0);
      gapLeft = pacer.untilGapEnds(now);
    }
    act(a, gapLeft, true);
  }

  /**
   * Carries out the pacer's answer: a pass, run {@code here} when already on this verticle's
   * context, else handed to it; or the one-shot timer for the {@code gapLeft} nanoseconds to the
   * gap's end, rounded up to whole milliseconds so it never fires before it, on this verticle's
   * context whichever thread arms it.
   */
  private void act(ServingPacer.Action a, long gapLeft, boolean here) {
    if (a == ServingPacer.Action.SERVE_NOW) {
      if (here) {
        servePass();
      } else {
        onContext(v -> servePass());
      }
    } else if (a == ServingPacer.Action.ARM_TIMER && !stopped) {
      ((ContextInternal) context)
          .setTimer(
              Math.max(1, TimeUnit.NANOSECONDS.toMillis(gapLeft + 999_999)), id -> gapEnded());
    }
  }

  /**
   * A new global of {@code task} (any thread): served from the next chunk on. A global of another
   * run restarts the task's rounds (a new run counts from 0 again).
   */
  void offerModel(String runId, String task, long round, Weights weights) {
    String before = runs.put(task, runId);
    if (before != null && !before.equals(runId)) {
      restarted.add(task);
      slots.put(task, new ModelSlot<>());
    }
    if (slots.computeIfAbsent(task, k -> new ModelSlot<>()).offer(round, weights)
        && context != null) {
      onContext(v -> refresh());
    }
  }

  /**
   * Runs {@code task} on this verticle's worker context, unless it was undeployed (the edge and its
   * ingest, on other threads, may still offer a last global or chunk while it stops).
   */
  private void onContext(Handler<Void> task) {
    if (stopped) {
      return;
    }
    try {
      context.runOnContext(task);
    } catch (RejectedExecutionException undeployed) {
      LOG.debug("{}: inference stopped, a late task is dropped", edge);
    }
  }

  private void refresh() {
    for (TaskSpec t : tasks) {
      if (restarted.remove(t.id())) {
        models.restartRounds(t.id());
      }
      ModelSlot<Weights> slot = slots.get(t.id());
      if (slot == null) {
        continue;
      }
      slot.takeNewer(models.round(t.id()))
          .ifPresent(
              v -> {
                long t0 = System.nanoTime();
                try {
                  models.load(t.id(), v.round(), v.model());
                } catch (RuntimeException e) {
                  Events.error(
                      vertx,
                      edge,
                      "inference could not load round " + v.round() + " of " + t.id() + ": " + e);
                  return;
                }
                LOG.debug("{}: inference serves {} round {}", edge, t.id(), v.round());
                Events.publish(
                    vertx,
                    "inference-model",
                    edge,
                    new JsonObject()
                        .put("edge", edge)
                        .put("task", t.id())
                        .put("round", v.round())
                        .put("loadMs", (System.nanoTime() - t0) / 1e6));
              });
    }
  }

  /**
   * A serving pass: the queued chunks in order, the models refreshed before each, until the queue
   * is empty or a queue's worth ({@link #QUEUE_CHUNKS}) is served; what a long flood leaves goes to
   * a later pass, so no task outlasts the worker's execute-time limit.
   */
  private void servePass() {
    if (stopped) {
      return; // its models are closed
    }
    synchronized (pacer) {
      pacer.passStarted(System.nanoTime());
    }
    for (int served = 0; served < QUEUE_CHUNKS; served++) {
      refresh();
      Optional<LiveChunk> next = queue.poll();
      if (next.isEmpty()) {
        return;
      }
      serve(next.get());
    }
    if (queue.waiting() > 0) {
      chunksWaiting();
    }
  }

  private TerminalState state(LiveChunk c) {
    TerminalState s = states.get(c.terminal());
    if (s == null || s.incarnation != c.incarnation()) {
      s = new TerminalState(c.incarnation());
      states.put(c.terminal(), s);
    }
    return s;
  }

  private void serve(LiveChunk c) {
    long t0 = System.nanoTime();
    TerminalSpec term = terminals.get(c.terminal());
    TerminalState st = state(c);
    boolean images = term.source().type() != SourceSpec.Type.FLOW;
    JsonObject rounds = new JsonObject();
    List<JsonObject> results = new ArrayList<>();
    try {
      float[] x = c.crops().isEmpty() ? null : flatten(c.crops());
      for (TaskSpec t : tasks) {
        long round = models.round(t.id());
        if (round < 0) {
          continue;
        }
        rounds.put(t.id(), round);
        if (t.model() == TaskSpec.Model.CNN) {
          if (images) {
            classify(t, st, c, x, results);
          }
        } else {
          forecast(t, st, c, term, results);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("{}: inference of a chunk of {} failed", edge, c.terminal(), e);
      Events.error(vertx, edge, "inference of a chunk of " + c.terminal() + " failed: " + e);
    }
    long latencyNanos = System.nanoTime() - c.ackNanos();
    LatencyRecorder rec =
        latency.computeIfAbsent(c.terminal(), k -> new LatencyRecorder(LATENCY_SAMPLES));
    rec.record(latencyNanos);
    double ms = latencyNanos / 1e6;
    String status = rounds.isEmpty() ? "no-model" : "served";
    for (JsonObject r : results) {
      Events.publish(vertx, "inference", edge, r.put("status", status).put("latencyMs", ms));
    }
    long now = System.nanoTime();
    folder
        .offer(
            c.terminal(),
            status + "/" + c.incarnation(),
            new Shown(c, status, rounds, ms),
            c.crops().size(),
            c.windows().size(),
            !results.isEmpty() || !c.crops().isEmpty(),
            (now - t0) / 1e6,
            now)
        .forEach(this::publishChunk);
    if (folder.holds(c.terminal()) && flushTimers.add(c.terminal())) {
      vertx.setTimer(
          FOLD_MS,
          id -> {
            flushTimers.remove(c.terminal());
            folder.flush(c.terminal(), System.nanoTime()).ifPresent(this::publishChunk);
          });
    }
  }

  /** What an {@code inference-chunk} event shows of its latest chunk. */
  private record Shown(LiveChunk chunk, String status, JsonObject rounds, double latencyMs) {}

  /** Publishes an {@code inference-chunk} event: its latest chunk, and how many it stands for. */
  private void publishChunk(ChunkEventFolder.Event<Shown> e) {
    Shown s = e.latest();
    double[] p50p99 = latency.get(s.chunk().terminal()).quantilesMillis(0.5, 0.99);
    Events.publish(
        vertx,
        "inference-chunk",
        edge,
        chunkPayload(s.chunk(), s.status())
            .put("rounds", s.rounds())
            .put("latencyMs", s.latencyMs())
            .put("serveMs", e.serveMs())
            .put("p50Ms", p50p99[0])
            .put("p99Ms", p50p99[1])
            .put("chunks", e.chunks())
            .put("crops", e.crops())
            .put("windows", e.windows()));
  }

  private void classify(
      TaskSpec t, TerminalState st, LiveChunk c, float[] x, List<JsonObject> out) {
    long round = models.round(t.id());
    ClassTally tally = st.tallies.computeIfAbsent(t.id(), k -> new ClassTally(t.classes().size()));
    if (x != null) {
      int[] predicted = models.classify(t.id(), x);
      Map<String, Integer> byLabel = labels.get(t.id());
      for (int i = 0; i < predicted.length; i++) {
        CropCutter.Crop crop = c.crops().get(i);
        tally.add(crop.timeMs(), predicted[i], byLabel.getOrDefault(crop.label(), -1));
      }
    }
    for (Window w : c.windows()) {
      ClassTally.Counts counts = tally.window(w.startMs(), w.endMs());
      JsonObject predicted = new JsonObject();
      JsonObject labelled = new JsonObject();
      int labelledTotal = 0;
      for (int k = 0; k < t.classes().size(); k++) {
        predicted.put(t.classes().get(k), counts.predicted()[k]);
        labelled.put(t.classes().get(k), counts.labelled()[k]);
        labelledTotal += counts.labelled()[k];
      }
      JsonObject r =
          windowPayload(t, w, round).put("counts", predicted).put("crops", counts.crops());
      if (labelledTotal > 0) {
        r.put("labelled", labelled);
      }
      out.add(r);
    }
    TerminalSpec.Window tw = terminals.get(c.terminal()).window();
    tally.forgetBefore(
        c.startMs() - tw.lengthMs() - IngestVerticle.lateness(terminals.get(c.terminal())));
  }

  private void forecast(
      TaskSpec t, TerminalState st, LiveChunk c, TerminalSpec term, List<JsonObject> out) {
    long round = models.round(t.id());
    ForecastTracker tracker =
        st.trackers.computeIfAbsent(t.id(), k -> new ForecastTracker(t.lookback() + 16));
    long stride = term.window().strideMs();
    for (Window w : c.windows()) {
      JsonObject r = windowPayload(t, w, round);
      if (!Double.isNaN(w.count())) {
        r.put("actual", w.count());
        double predicted = tracker.actual(w.startMs(), w.count());
        if (!Double.isNaN(predicted)) {
          r.put("forecast", predicted);
        }
      }
      float[] input =
          series.input(
              c.terminal(),
              c.incarnation(),
              w.startMs(),
              stride,
              t.lookback(),
              (float) t.countScale());
      if (input != null) {
        double next = models.forecastNext(t.id(), input);
        tracker.forecast(w.startMs() + stride, next);
        r.put("next", next);
      }
      double mae = tracker.mae();
      if (!Double.isNaN(mae)) {
        r.put("mae", mae);
      }
      out.add(r.put("pairs", tracker.pairs()));
    }
  }

  private JsonObject windowPayload(TaskSpec t, Window w, long round) {
    JsonObject r =
        new JsonObject()
            .put("terminal", w.terminal())
            .put("edge", edge)
            .put("task", t.id())
            .put("window", w.index())
            .put("windowStart", w.startMs())
            .put("windowEnd", w.endMs());
    if (round >= 0) {
      r.put("round", round);
    }
    return r;
  }

  private JsonObject chunkPayload(LiveChunk c, String status) {
    return new JsonObject()
        .put("terminal", c.terminal())
        .put("edge", edge)
        .put("incarnation", c.incarnation())
        .put("chunkStart", c.startMs())
        .put("chunkEnd", c.endMs())
        .put("status", status)
        .put("crops", c.crops().size())
        .put("windows", c.windows().size());
  }

  /** The answer to a chunk the queue could not take (on the ingest's thread). */
  private void dropped(LiveChunk c) {
    boolean images = terminals.get(c.terminal()).source().type() != SourceSpec.Type.FLOW;
    for (TaskSpec t : tasks) {
      if (t.model() == TaskSpec.Model.CNN && !images) {
        continue;
      }
      for (Window w : c.windows()) {
        JsonObject r = windowPayload(t, w, -1).put("status", "dropped");
        if (t.model() == TaskSpec.Model.LSTM && !Double.isNaN(w.count())) {
          r.put("actual", w.count());
        }
        Events.publish(vertx, "inference", edge, r);
      }
    }
    Events.publish(
        vertx,
        "inference-chunk",
        edge,
        chunkPayload(c, "dropped")
            .put("chunks", 1)
            .put("served", queue.served())
            .put("dropped", queue.dropped()));
  }

  private static float[] flatten(List<CropCutter.Crop> crops) {
    int len = crops.get(0).chw().length;
    float[] x = new float[crops.size() * len];
    for (int i = 0; i < crops.size(); i++) {
      byte[] b = crops.get(i).chw();
      for (int k = 0; k < len; k++) {
        x[i * len + k] = (b[k] & 0xFF) * (1f / 255f);
      }
    }
    return x;
  }
}
