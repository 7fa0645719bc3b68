package org.divs.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.CurrentRequest;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LocalUpdate;
import org.divs.config.TaskSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.console.ConsoleVerticle;
import org.divs.model.Evaluation;
import org.divs.sync.RoundCollector;
import org.divs.sync.Weights;

/**
 * The cloud: the top merge of every task's round, the global weights sent down, the evaluation of
 * each global on held-out data, the round log as console events, and the console itself.
 *
 * <p>Config extras: {@code rounds} (stop each task after this many rounds with participants; 0 =
 * never) and {@code console} (false to run without the web console).
 */
final class CloudVerticle extends VerticleBase {
  /** Delay before a round nobody had data for is tried again. */
  static final long EMPTY_ROUND_RETRY_MS = 500;

  private UnitContext unit;
  private final PendingUpdates pending = new PendingUpdates();
  private final Map<String, TaskState> tasks = new LinkedHashMap<>();
  private WorkerExecutor evalWorker;
  private long rounds;

  /** One task's round sequence. */
  private static final class TaskState {
    final TaskSpec spec;
    TaskEvaluator evaluator;
    Weights global;
    long round;
    long counted;
    long roundStartNanos;
    Future<?> lastEval = Future.succeededFuture();
    boolean finished;
    JsonObject last;

    TaskState(TaskSpec spec) {
      this.spec = spec;
    }
  }

  @Override
  public Future<?> start() {
    unit = UnitContext.of(config());
    rounds = config().getLong("rounds", 0L);
    Topology t = unit.topology();
    evalWorker = vertx.createSharedWorkerExecutor("divs-eval", 1, 10, TimeUnit.MINUTES);
    List<Future<?>> ready = new ArrayList<>();
    if (config().getBoolean("console", true)) {
      JsonObject consoleConfig =
          new JsonObject()
              .put("host", t.console().host())
              .put("port", t.console().port())
              .put("topology", new JsonObject(t.json()));
      t.console().token().ifPresent(token -> consoleConfig.put("token", token));
      ready.add(
          vertx.deployVerticle(
              new ConsoleVerticle(), new DeploymentOptions().setConfig(consoleConfig)));
    }
    MessageConsumer<LocalUpdate> updates =
        vertx.eventBus().consumer(Addresses.aggLocal(unit.id()), this::onUpdate);
    ready.add(updates.completion());
    for (TaskSpec task : t.tasks()) {
      tasks.put(task.id(), new TaskState(task));
      MessageConsumer<CurrentRequest> current =
          vertx.eventBus().consumer(Addresses.syncCurrent(task.id()), this::onCurrent);
      ready.add(current.completion());
    }
    return Future.all(ready)
        .compose(v -> Future.all(tasks.values().stream().map(this::beginTask).toList()))
        .onSuccess(v -> Events.node(vertx, unit.id(), "cloud", "up"));
  }

  @Override
  public Future<?> stop() {
    return evalWorker
        .executeBlocking(
            () -> {
              tasks.values().stream()
                  .filter(s -> s.evaluator != null)
                  .forEach(s -> s.evaluator.close());
              return null;
            })
        .compose(v -> evalWorker.close());
  }

  private Future<?> beginTask(TaskState s) {
    Topology t = unit.topology();
    TerminalSpec first = t.terminals().isEmpty() ? null : t.terminals().get(0);
    int w = first == null ? 320 : first.frame().width();
    int h = first == null ? 180 : first.frame().height();
    long seed = t.seed() * 7 + s.spec.id().hashCode();
    return evalWorker
        .executeBlocking(
            () -> {
              s.evaluator = new TaskEvaluator(s.spec, seed, w, h);
              Weights w0 = s.evaluator.initialWeights();
              return new Object[] {w0, s.evaluator.evaluate(w0)};
            })
        .onSuccess(
            r -> {
              s.global = (Weights) r[0];
              s.round = 0;
              pending.put(
                  s.spec.id(),
                  new RoundCollector(
                      unit.runId(), new HashSet<>(t.childrenOf(unit.id())), s.global.size()));
              roundEvent(s, 0, (Evaluation) r[1], List.of(), List.of(), 0, Double.NaN, 0);
              publishGlobal(s);
            });
  }

  private void publishGlobal(TaskState s) {
    s.roundStartNanos = System.nanoTime();
    pending.begin(s.spec.id(), s.round + 1).forEach(this::onUpdate);
    vertx
        .eventBus()
        .publish(
            Addresses.syncGlobal(s.spec.id()),
            new GlobalWeights(unit.runId(), s.spec.id(), s.round, s.global));
  }

  private void onCurrent(Message<CurrentRequest> msg) {
    TaskState s = tasks.get(msg.body().task());
    if (s == null || s.global == null) {
      msg.fail(503, "no global weights yet for task '" + msg.body().task() + "'");
      return;
    }
    msg.reply(new GlobalWeights(unit.runId(), s.spec.id(), s.round, s.global));
  }

  private void onUpdate(Message<LocalUpdate> msg) {
    TaskState s = tasks.get(msg.body().task());
    if (s == null) {
      msg.fail(404, "unknown task '" + msg.body().task() + "'");
      Events.error(
          vertx,
          unit.id(),
          "update from " + msg.body().from() + " names unknown task " + msg.body().task());
      return;
    }
    RoundCollector c = pending.offer(msg);
    if (c == null || !c.complete() || s.finished) {
      return;
    }
    LocalUpdate merged = c.merged(s.spec.id(), unit.id());
    if (merged.samples() == 0) {
      // nobody had data yet: the round ends with W unchanged, and the next starts a little later
      s.round = merged.round();
      Events.publish(
          vertx,
          "round-empty",
          unit.id(),
          new JsonObject().put("task", s.spec.id()).put("round", s.round));
      vertx.setTimer(EMPTY_ROUND_RETRY_MS, id -> publishGlobal(s));
      return;
    }
    long ms = (System.nanoTime() - s.roundStartNanos) / 1_000_000;
    List<String> participants = c.participants();
    List<String> missing = new ArrayList<>(c.missing());
    s.global = merged.weights();
    s.round = merged.round();
    s.counted++;
    s.finished = rounds > 0 && s.counted >= rounds;
    if (!s.finished) {
      publishGlobal(s);
    }
    Weights evaluated = s.global;
    long round = s.round;
    double loss = merged.loss();
    long samples = merged.samples();
    s.lastEval =
        s.lastEval.compose(
            v ->
                evalWorker
                    .executeBlocking(() -> s.evaluator.evaluate(evaluated))
                    .onSuccess(
                        e -> roundEvent(s, round, e, participants, missing, samples, loss, ms)));
    if (s.finished) {
      s.lastEval.onComplete(v -> maybeDone());
    }
  }

  private void roundEvent(
      TaskState s,
      long round,
      Evaluation e,
      List<String> participants,
      List<String> missing,
      long samples,
      double loss,
      long ms) {
    long bytes = (long) s.global.size() * Float.BYTES;
    int streets = unit.topology().streetEdges().size();
    int aggregators = unit.topology().aggregators().size();
    JsonObject p =
        new JsonObject()
            .put("task", s.spec.id())
            .put("round", round)
            .put("participants", new JsonArray(participants))
            .put("missing", new JsonArray(missing))
            .put("samples", samples)
            .put("loss", Double.isFinite(loss) ? loss : null)
            .put("accuracy", e.accuracy())
            .put("evalLoss", e.meanLoss())
            .put("bytesUp", round == 0 ? 0 : (participants.size() + aggregators) * bytes)
            .put("bytesDown", streets * bytes)
            .put("ms", ms)
            .put("confusion", confusion(e))
            .put("classes", new JsonArray(s.spec.classes()));
    s.last = p;
    Events.publish(vertx, "round", unit.id(), p);
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
    if (tasks.values().stream().allMatch(x -> x.finished && x.lastEval.isComplete())) {
      JsonObject last = new JsonObject();
      tasks.values().forEach(x -> last.put(x.spec.id(), x.last));
      Events.publish(
          vertx, "done", unit.id(), new JsonObject().put("rounds", rounds).put("tasks", last));
    }
  }
}
