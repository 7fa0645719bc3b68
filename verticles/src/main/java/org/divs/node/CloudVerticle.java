package org.divs.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Ack;
import org.divs.bus.Addresses;
import org.divs.bus.Control;
import org.divs.bus.CurrentRequest;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LocalUpdate;
import org.divs.bus.StreamEnd;
import org.divs.config.SyncSpec;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.console.ConsoleVerticle;
import org.divs.flow.ForecastMetrics;
import org.divs.model.Evaluation;
import org.divs.sync.Checkpoints;
import org.divs.sync.EncodedWeights;
import org.divs.sync.RoundCollector;
import org.divs.sync.RoundMachine;
import org.divs.sync.SteadyState;
import org.divs.sync.StreamGate;
import org.divs.sync.WeightCompressor;
import org.divs.sync.WeightDecompressor;
import org.divs.sync.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud: the top merge of every task's round under a deadline and quorum ({@link
 * RoundMachine}), the global weights sent down, a checkpoint per task per round, the evaluation of
 * each global on held-out data, the round log as console events, the console itself, and (in a
 * cluster) the membership of the nodes ({@link MembersVerticle}).
 *
 * <p>Config extras: {@code rounds} (stop each task after this many rounds with participants in this
 * run; 0 = never), {@code resume} (continue from the checkpoints) and {@code console} (false to run
 * without the web console).
 */
final class CloudVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CloudVerticle.class);

  /** Suffix of the checkpoint of a task's best global by validation. */
  static final String BEST_SUFFIX = ".best";

  /** Delay before a round nobody had data for is run again. */
  static final long EMPTY_ROUND_RETRY_MS = 500;

  private UnitContext unit;
  private PendingUpdates pending;
  private final Map<String, TaskState> tasks = new LinkedHashMap<>();
  private WorkerExecutor evalWorker;
  private Checkpoints checkpoints;
  private long rounds;
  private boolean resume;
  private Future<?> writes = Future.succeededFuture();

  /**
   * Holds round 1 until the finite streams are stored ({@code sync.startAfterStreams}); or null.
   */
  private StreamGate gate;

  /** One task's round sequence. */
  private static final class TaskState {
    final TaskSpec spec;
    final RoundMachine machine;
    final SteadyState steady;
    final WeightDecompressor view = new WeightDecompressor();
    WeightCompressor down;
    int leafBytes;
    int downBytes;
    TaskEvaluator evaluator;
    Weights global;
    long round;
    long counted;
    long countedHere;
    long roundStartNanos;
    Future<?> lastEval = Future.succeededFuture();

    /** Evaluations queued so far: one that would start with a newer one queued is skipped. */
    long evalsQueued;

    /** Rounds whose evaluation was skipped (rounds faster than evaluations). */
    long evalsSkipped;

    boolean paused;
    boolean stopRequested;
    boolean waitingForStreams;
    double bestError = Double.POSITIVE_INFINITY;
    long bestRound = -1;
    String finished;
    JsonObject last;

    TaskState(TaskSpec spec, RoundMachine machine, SteadyState steady) {
      this.spec = spec;
      this.machine = machine;
      this.steady = steady;
    }
  }

  /** What a task starts from: W(0) or a checkpoint. */
  private record Start(Weights weights, long round, long counted, boolean resumed, int[] tensors) {}

  @Override
  public Future<?> start() {
    unit = UnitContext.of(config());
    rounds = config().getLong("rounds", 0L);
    resume = config().getBoolean("resume", false);
    pending = new PendingUpdates(why -> Events.refused(vertx, unit.id(), why));
    Topology t = unit.topology();
    SyncSpec sync = t.sync();
    evalWorker = vertx.createSharedWorkerExecutor("divs-eval", 1, 10, TimeUnit.MINUTES);
    List<Future<?>> ready = new ArrayList<>();
    Future<?> console = Future.succeededFuture();
    if (config().getBoolean("console", true)) {
      JsonObject consoleConfig =
          new JsonObject()
              .put("host", t.console().host())
              .put("port", t.console().port())
              .put("topology", new JsonObject(t.json()))
              .put("idFile", Path.of(t.cloud().checkpoints(), "console-last-event-id").toString());
      t.console().token().ifPresent(token -> consoleConfig.put("token", token));
      console =
          vertx.deployVerticle(
              new ConsoleVerticle(), new DeploymentOptions().setConfig(consoleConfig));
    }
    ready.add(
        vertx.deployVerticle(
            new MigrationVerticle(), new DeploymentOptions().setConfig(config().copy())));
    // Membership after the console, so the console sees the nodes already in the cluster join.
    ready.add(
        vertx.isClustered()
            ? console.compose(
                v ->
                    vertx.deployVerticle(
                        new MembersVerticle(), new DeploymentOptions().setConfig(config().copy())))
            : console);
    MessageConsumer<LocalUpdate> updates =
        vertx.eventBus().consumer(Addresses.aggLocal(unit.id()), this::onUpdate);
    ready.add(updates.completion());
    MessageConsumer<Control> control =
        vertx.eventBus().consumer(Addresses.CLOUD_CONTROL, this::onControl);
    ready.add(control.completion());
    if (sync.startAfterStreams()) {
      gate = StreamGate.of(t);
    }
    // Always listening: edges report every finite stream, and retry while nobody listens.
    MessageConsumer<StreamEnd> streams =
        vertx.eventBus().consumer(Addresses.CLOUD_STREAMS, this::onStreamEnd);
    ready.add(streams.completion());
    int leaves = t.streetEdges().size();
    for (TaskSpec task : t.tasks()) {
      tasks.put(
          task.id(),
          new TaskState(
              task,
              new RoundMachine(
                  leaves, sync.quorum(), sync.deadlineMs(), sync.retries(), this::nowMs),
              new SteadyState(sync.epsilon(), sync.steadyRounds())));
      MessageConsumer<CurrentRequest> current =
          vertx.eventBus().consumer(Addresses.syncCurrent(task.id()), this::onCurrent);
      ready.add(current.completion());
    }
    return Future.all(ready)
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> checkpoints = new Checkpoints(Path.of(t.cloud().checkpoints()))))
        .compose(v -> Future.all(tasks.values().stream().map(this::beginTask).toList()))
        .onSuccess(v -> Events.node(vertx, unit.id(), "cloud", "up"));
  }

  private long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  @Override
  public Future<?> stop() {
    // Evaluations in flight publish their round (and queue its log line) before the writes drain.
    return Future.all(tasks.values().stream().map(s -> s.lastEval.otherwiseEmpty()).toList())
        .otherwiseEmpty()
        .compose(v -> writes.otherwiseEmpty())
        .compose(
            v ->
                evalWorker.executeBlocking(
                    () -> {
                      tasks.values().stream()
                          .filter(s -> s.evaluator != null)
                          .forEach(s -> s.evaluator.close());
                      return null;
                    }))
        .compose(v -> evalWorker.close());
  }

  private Future<?> beginTask(TaskState s) {
    Topology t = unit.topology();
    long seed = t.seed() * 7 + s.spec.id().hashCode();
    return evalWorker
        .executeBlocking(
            () -> {
              s.evaluator = new TaskEvaluator(t, s.spec, seed);
              Optional<Checkpoints.Saved> saved =
                  resume ? loadCheckpoint(s.spec.id()) : Optional.empty();
              Weights w0 =
                  saved.map(Checkpoints.Saved::weights).orElseGet(s.evaluator::initialWeights);
              return new Start(
                  w0,
                  saved.map(Checkpoints.Saved::round).orElse(0L),
                  saved.map(Checkpoints.Saved::counted).orElse(0L),
                  saved.isPresent(),
                  s.evaluator.tensorLengths());
            })
        .onSuccess(
            st -> {
              s.global = st.weights();
              s.round = st.round();
              SyncSpec sync = t.sync();
              s.down = new WeightCompressor(sync.down(), st.tensors());
              s.leafBytes =
                  new WeightCompressor(sync.up(), st.tensors())
                      .encode(s.global, s.global, 0)
                      .wireBytes();
              s.counted = st.counted();
              pending.put(
                  s.spec.id(),
                  new RoundCollector(unit.runId(), Children.of(t, unit.id()), s.global.size()));
              if (!st.resumed()) {
                checkpoint(s);
              }
              // The first round starts now; the starting global's score follows when the held-out
              // data is ready (evaluations run in order, so its event comes before round 1's).
              evaluate(
                  s,
                  st.weights(),
                  false,
                  e -> {
                    if (st.resumed()) {
                      taskEvent(s, "resumed", score(s.spec, e));
                    } else {
                      roundEvent(
                          s,
                          0,
                          e,
                          List.of(),
                          List.of(),
                          0,
                          Double.NaN,
                          new RoundTimes(0, 0),
                          Double.NaN);
                    }
                  });
              if (gate != null && !gate.open()) {
                s.waitingForStreams = true;
                taskEvent(
                    s,
                    "waiting",
                    new JsonObject()
                        .put("reason", "streams")
                        .put("streams", new JsonArray(List.copyOf(gate.waitingFor()))));
              } else {
                nextRound(s);
              }
            });
  }

  /**
   * Queues the evaluation of {@code w} after the task's earlier ones and hands its score to {@code
   * then}; a failed evaluation is an error event, and later ones still run. In an open-ended run
   * (no round cap), a {@code skippable} one whose turn comes while a newer one waits behind it is
   * not run: {@code then} gets null. So when rounds come faster than evaluations, the round events
   * stay as current as one evaluation allows, in order, instead of falling further behind every
   * round with a global held per round. A run with a round cap (the demo, experiments) is a
   * measurement: every round is scored, and the run ends when the last score is in.
   */
  private void evaluate(
      TaskState s, Weights w, boolean skippable, Handler<TaskEvaluator.Score> then) {
    long ticket = ++s.evalsQueued;
    s.lastEval =
        s.lastEval
            .otherwiseEmpty()
            .compose(
                v -> {
                  if (skippable && rounds == 0 && ticket < s.evalsQueued) {
                    s.evalsSkipped++;
                    return Future.succeededFuture((TaskEvaluator.Score) null);
                  }
                  return evalWorker.executeBlocking(() -> s.evaluator.evaluate(w));
                })
            .onSuccess(then)
            .onFailure(
                e ->
                    Events.error(
                        vertx,
                        unit.id(),
                        "evaluation of " + s.spec.id() + " on held-out data failed: " + e));
  }

  /**
   * An edge has stored, windowed and cut a finite stream: counted by the gate; when it was the last
   * one awaited, the tasks waiting for the streams start round 1.
   */
  private void onStreamEnd(Message<StreamEnd> msg) {
    StreamEnd end = msg.body();
    msg.reply(new Ack(1, 0));
    if (gate == null) {
      return;
    }
    StreamGate.Outcome outcome = gate.ended(end.terminal());
    LOG.info(
        "{}: stream of {} stored on {} ({} frames): {}, waiting for {}",
        unit.id(),
        end.terminal(),
        end.edge(),
        end.frames(),
        outcome,
        gate.waitingFor());
    Events.publish(
        vertx,
        "stream",
        unit.id(),
        new JsonObject()
            .put("terminal", end.terminal())
            .put("edge", end.edge())
            .put("frames", end.frames())
            .put("waiting", new JsonArray(List.copyOf(gate.waitingFor()))));
    if (outcome == StreamGate.Outcome.OPENED) {
      for (TaskState s : tasks.values()) {
        if (s.waitingForStreams) {
          s.waitingForStreams = false;
          taskEvent(s, "streams-in", new JsonObject());
          nextRound(s);
        }
      }
    }
  }

  private Optional<Checkpoints.Saved> loadCheckpoint(String task) throws java.io.IOException {
    Optional<Checkpoints.Saved> saved = checkpoints.load(task);
    String hash = unit.topology().configHash();
    if (saved.isPresent() && !saved.get().configHash().equals(hash)) {
      LOG.warn(
          "{}: checkpoint of {} was written under another topology ({}), starting afresh",
          unit.id(),
          task,
          saved.get().configHash());
      return Optional.empty();
    }
    saved.ifPresent(x -> LOG.info("{}: {} resumes at round {}", unit.id(), task, x.round()));
    return saved;
  }

  /**
   * Operator control from the console: stop lets the round in progress finish, then pauses the
   * task; start resumes a paused task; a migration check closes the migration period now.
   */
  private void onControl(Message<Control> msg) {
    Control c = msg.body();
    if (Control.MIGRATION_CHECK.equals(c.action())) {
      vertx
          .eventBus()
          .<Control>request(Addresses.CLOUD_MIGRATION_CHECK, c)
          .onSuccess(r -> msg.reply(r.body()))
          .onFailure(e -> msg.fail(500, "migration check failed: " + e.getMessage()));
      return;
    }
    TaskState s = tasks.get(c.task());
    if (s == null) {
      msg.fail(404, "unknown task '" + c.task() + "'");
      return;
    }
    if (Control.STOP.equals(c.action())) {
      if (!s.paused && s.finished == null) {
        s.stopRequested = true;
      }
    } else if (s.paused && s.finished == null) {
      s.paused = false;
      s.machine.resume();
      taskEvent(s, "resumed", new JsonObject());
      nextRound(s);
    }
    msg.reply(c);
  }

  /** A task state change for the console: paused, resumed, stopped, with extra fields. */
  private void taskEvent(TaskState s, String state, JsonObject extra) {
    Events.publish(
        vertx,
        "task",
        unit.id(),
        new JsonObject()
            .put("task", s.spec.id())
            .put("state", state)
            .put("round", s.round)
            .mergeIn(extra));
  }

  private void nextRound(TaskState s) {
    if (s.stopRequested) {
      s.stopRequested = false;
      s.paused = true;
      taskEvent(s, "paused", new JsonObject().put("reason", "operator"));
      return;
    }
    if (s.paused || s.finished != null) {
      return;
    }
    long round = s.round + 1;
    s.roundStartNanos = System.nanoTime();
    s.machine.begin();
    EncodedWeights payload =
        s.view.current() == null
            ? EncodedWeights.full(s.global)
            : s.down.encode(s.global, s.view.current(), s.view.round());
    // sent first: the cloud's own decoding of it (the edges' view) need not delay the round
    vertx
        .eventBus()
        .publish(
            Addresses.syncGlobal(s.spec.id()),
            new GlobalWeights(unit.runId(), s.spec.id(), s.round, payload));
    s.view.accept(s.round, payload);
    s.downBytes = payload.wireBytes();
    vertx.setTimer(unit.topology().sync().deadlineMs(), id -> onDeadline(s, round));
    pending.begin(s.spec.id(), round, s.view.current()).forEach(this::onUpdate);
  }

  private void onCurrent(Message<CurrentRequest> msg) {
    TaskState s = tasks.get(msg.body().task());
    if (s == null || s.view.current() == null) {
      msg.fail(503, "no global weights yet for task '" + msg.body().task() + "'");
      return;
    }
    msg.reply(new GlobalWeights(unit.runId(), s.spec.id(), s.view.round(), s.view.current()));
  }

  private void onUpdate(Message<LocalUpdate> msg) {
    TaskState s = tasks.get(msg.body().task());
    if (s == null) {
      String why =
          "update from '" + msg.body().from() + "' names unknown task '" + msg.body().task() + "'";
      Events.refused(vertx, unit.id(), why);
      msg.fail(404, why);
      return;
    }
    RoundCollector c = pending.offer(msg);
    if (c != null) {
      decide(s, c);
    }
  }

  private void onDeadline(TaskState s, long round) {
    RoundCollector c = pending.get(s.spec.id());
    if (c != null && c.round() == round && !c.sent()) {
      decide(s, c);
    }
  }

  private void decide(TaskState s, RoundCollector c) {
    RoundMachine.Decision d = s.machine.decide(c.complete(), c.participants().size());
    if (d == RoundMachine.Decision.WAIT || c.sent()) {
      return;
    }
    c.markSent();
    LocalUpdate merged = c.merged(s.spec.id(), unit.id());
    JsonObject info =
        new JsonObject()
            .put("task", s.spec.id())
            .put("round", c.round())
            .put("participants", new JsonArray(c.participants()))
            .put("missing", new JsonArray(merged.missing()));
    switch (d) {
      case EMPTY -> {
        s.round = c.round();
        Events.publish(vertx, "round-empty", unit.id(), info);
        vertx.setTimer(EMPTY_ROUND_RETRY_MS, id -> nextRound(s));
      }
      case RETRY -> {
        s.round = c.round();
        Events.publish(
            vertx, "round-retry", unit.id(), info.put("attempt", s.machine.failedInARow()));
        nextRound(s);
      }
      case PAUSE -> {
        s.round = c.round();
        s.paused = true;
        Events.error(
            vertx,
            unit.id(),
            "task "
                + s.spec.id()
                + " paused: round "
                + c.round()
                + " below quorum after "
                + unit.topology().sync().retries()
                + " retries, missing "
                + merged.missing());
        Events.publish(vertx, "task", unit.id(), info.put("state", "paused"));
      }
      case MERGE -> complete(s, merged);
      default -> throw new IllegalStateException("unexpected decision " + d);
    }
  }

  private void complete(TaskState s, LocalUpdate merged) {
    RoundTimes times =
        new RoundTimes((System.nanoTime() - s.roundStartNanos) / 1_000_000, merged.trainMs());
    // The round event follows the evaluation, which may lag: the merge is told at once.
    Events.publish(
        vertx,
        "merged",
        unit.id(),
        new JsonObject()
            .put("task", s.spec.id())
            .put("round", merged.round())
            .put("participants", new JsonArray(merged.leaves()))
            .put("missing", new JsonArray(merged.missing()))
            .put("samples", merged.samples())
            .put("ms", times.wallMs())
            .put("trainMs", times.trainMs()));
    Weights previous = s.global;
    s.global = merged.weights();
    s.round = merged.round();
    s.counted++;
    s.countedHere++;
    boolean steady = s.steady.offer(previous, s.global);
    long cap = unit.topology().sync().maxRounds();
    if (rounds > 0 && s.countedHere >= rounds) {
      s.finished = "rounds";
    } else if (cap > 0 && s.counted >= cap) {
      s.finished = "cap";
    } else if (steady) {
      s.finished = "steady";
    }
    checkpoint(s);
    if (s.finished == null) {
      nextRound(s);
    } else {
      taskEvent(
          s,
          "stopped",
          new JsonObject().put("reason", s.finished).put("relativeChange", s.steady.lastChange()));
    }
    double change = s.steady.lastChange();
    long round = s.round;
    Weights evaluated = s.global;
    evaluate(
        s,
        evaluated,
        true,
        e -> {
          if (e != null) {
            keepBest(s, round, e, evaluated);
          }
          roundEvent(
              s,
              round,
              e,
              merged.leaves(),
              merged.missing(),
              merged.samples(),
              merged.loss(),
              times,
              change);
        });
    if (s.finished != null) {
      s.lastEval.onComplete(v -> maybeDone());
    }
  }

  /**
   * With a validation part: a global of lower validation error than every earlier round's is the
   * task's best, checkpointed as {@code <task>.best} (task ids hold no dots).
   */
  private void keepBest(TaskState s, long round, TaskEvaluator.Score e, Weights w) {
    if (!e.validated() || !(e.validationError() < s.bestError)) {
      return;
    }
    s.bestError = e.validationError();
    s.bestRound = round;
    Checkpoints.Saved saved =
        new Checkpoints.Saved(
            s.spec.id() + BEST_SUFFIX,
            round,
            s.counted,
            unit.topology().configHash(),
            unit.runId(),
            w);
    write(
        () -> checkpoints.save(saved),
        x -> Events.error(vertx, unit.id(), "best checkpoint of " + s.spec.id() + " failed: " + x));
  }

  /** Writes the task's global with its round, config hash and run id (atomic; ordered). */
  private void checkpoint(TaskState s) {
    Checkpoints.Saved saved =
        new Checkpoints.Saved(
            s.spec.id(), s.round, s.counted, unit.topology().configHash(), unit.runId(), s.global);
    write(
        () -> checkpoints.save(saved),
        e -> Events.error(vertx, unit.id(), "checkpoint of " + s.spec.id() + " failed: " + e));
  }

  /**
   * Runs the blocking file write {@code io} after every write queued before it (checkpoints and
   * round log lines stay in order, and stop() awaits the last); {@code onFailure} reports it.
   */
  private void write(FileWrite io, Handler<Throwable> onFailure) {
    writes =
        writes
            .otherwiseEmpty()
            .compose(
                v ->
                    vertx.executeBlocking(
                        () -> {
                          io.run();
                          return null;
                        }))
            .onFailure(onFailure);
  }

  /** A blocking write to the checkpoint directory. */
  @FunctionalInterface
  private interface FileWrite {
    void run() throws IOException;
  }

  /**
   * How long a round took.
   *
   * @param wallMs from sending W(i - 1) to the merge, wall time
   * @param trainMs the slowest participant's emulated training time (CPU time / speed)
   */
  private record RoundTimes(long wallMs, long trainMs) {}

  private void roundEvent(
      TaskState s,
      long round,
      TaskEvaluator.Score e,
      List<String> participants,
      List<String> missing,
      long samples,
      double loss,
      RoundTimes times,
      double change) {
    long full = (long) s.global.size() * Float.BYTES;
    int streets = unit.topology().streetEdges().size();
    int aggregators = unit.topology().aggregators().size();
    long leafUp = round == 0 ? 0 : (long) participants.size() * s.leafBytes;
    long partialsUp = round == 0 ? 0 : aggregators * full;
    long down = (long) (streets + aggregators) * s.downBytes;
    JsonObject p =
        new JsonObject()
            .put("task", s.spec.id())
            .put("round", round)
            .put("participants", new JsonArray(participants))
            .put("missing", new JsonArray(missing))
            .put("samples", samples)
            .put("loss", Double.isFinite(loss) ? loss : null)
            .mergeIn(e == null ? new JsonObject().put("evaluation", "skipped") : score(s.spec, e))
            .put("evaluationsSkipped", s.evalsSkipped)
            .put("bestRound", s.bestRound >= 0 ? s.bestRound : null)
            .put("relativeChange", Double.isFinite(change) ? change : null)
            .put("bytesUp", leafUp + partialsUp)
            .put("bytesDown", down)
            .put(
                "bytes",
                new JsonObject()
                    .put(
                        "up", new JsonObject().put("leaves", leafUp).put("aggregators", partialsUp))
                    .put("down", new JsonObject().put("globals", down)))
            .put("ms", times.wallMs())
            .put("trainMs", times.trainMs());
    s.last = p;
    Events.publish(vertx, "round", unit.id(), p);
    String line = p.copy().put("runId", unit.runId()).encode();
    // Ordered with the checkpoints, and awaited by stop(): the log holds every round published.
    write(
        () -> checkpoints.appendLog(s.spec.id(), line),
        failed -> LOG.warn("{}: round log of {} not written", unit.id(), s.spec.id(), failed));
  }

  /**
   * A held-out score as round-event fields: {@code accuracy, evalLoss, confusion, classes} for a
   * CNN; for an LSTM {@code mae} (over horizons 1..H, in counts), {@code maeH1}, {@code maeH} (at h
   * = H), {@code horizon}, {@code evalLoss} (the L1 loss in training units: mae / countScale) and
   * {@code lastValue: {mae, maeH1, maeH}}, the baseline on the same samples.
   */
  static JsonObject score(TaskSpec task, TaskEvaluator.Score e) {
    JsonObject out;
    if (e.classes() != null) {
      out =
          new JsonObject()
              .put("accuracy", e.classes().accuracy())
              .put("evalLoss", e.classes().meanLoss())
              .put("confusion", confusion(e.classes()))
              .put("classes", new JsonArray(task.classes()));
    } else {
      ForecastMetrics f = e.forecast();
      out =
          maes(f)
              .put("horizon", f.horizon())
              .put("evalLoss", f.meanMae() / task.countScale())
              .put("lastValue", maes(e.lastValue()));
    }
    if (e.validationClasses() != null) {
      out.put("validation", new JsonObject().put("accuracy", e.validationClasses().accuracy()));
    } else if (e.validationForecast() != null) {
      out.put("validation", maes(e.validationForecast()));
    }
    return out;
  }

  private static JsonObject maes(ForecastMetrics f) {
    return new JsonObject()
        .put("mae", f.meanMae())
        .put("maeH1", f.mae(1))
        .put("maeH", f.mae(f.horizon()));
  }

  private static JsonArray confusion(Evaluation e) {
    JsonArray rows = new JsonArray();
    for (int[] row : e.confusion()) {
      JsonArray r = new JsonArray();
      for (int v : row) {
        r.add(v);
      }
      rows.add(r);
    }
    return rows;
  }

  private void maybeDone() {
    if (tasks.values().stream().allMatch(x -> x.finished != null && x.lastEval.isComplete())) {
      JsonObject last = new JsonObject();
      tasks.values().forEach(x -> last.put(x.spec.id(), x.last));
      Events.publish(
          vertx, "done", unit.id(), new JsonObject().put("rounds", rounds).put("tasks", last));
    }
  }
}
