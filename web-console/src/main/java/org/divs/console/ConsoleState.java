package org.divs.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.divs.bus.ConsoleEvent;

/**
 * What the console knows now, folded from the numbered console events in id order: unit and cluster
 * node states, the latest statistics per edge and terminal, the rounds and merges, the migrations,
 * the balance B and the live inference. Answers the REST calls; the payloads it reads are described
 * in the module's {@code README.md}. Lists are bounded (oldest dropped first). Not thread-safe: the
 * console verticle owns it.
 */
final class ConsoleState {
  /** Rounds kept for {@code /api/rounds}, and merges for {@code /api/merged}. */
  static final int MAX_ROUNDS = 20_000;

  /** Migration events kept for {@code /api/migrations}. */
  static final int MAX_MIGRATIONS = 10_000;

  /** Points kept per series (stats per edge, balance, inference per terminal). */
  static final int MAX_POINTS = 1_000;

  /** {@code kind} of a {@code node} event about a cluster node (a JVM), not a unit. */
  static final String MEMBER = "node";

  /** States of a cluster node, and of its units while it is gone or back. */
  static final String LEFT = "left";

  static final String JOINED = "joined";

  private final Map<String, JsonObject> nodes = new LinkedHashMap<>();
  private final Map<String, JsonObject> members = new LinkedHashMap<>();
  private final Map<String, JsonObject> edges = new LinkedHashMap<>();
  private final Map<String, Deque<JsonObject>> edgeHistory = new LinkedHashMap<>();
  private final Deque<JsonObject> balance = new ArrayDeque<>();
  private final Map<String, JsonObject> terminals = new LinkedHashMap<>();
  private final Map<String, JsonObject> tasks = new LinkedHashMap<>();
  private final Deque<JsonObject> rounds = new ArrayDeque<>();
  private final Deque<JsonObject> merges = new ArrayDeque<>();
  private final Deque<JsonObject> migrations = new ArrayDeque<>();
  private final Map<String, JsonObject> inferenceLatest = new LinkedHashMap<>();
  private final Map<String, Deque<JsonObject>> inferenceHistory = new LinkedHashMap<>();
  private final Map<String, JsonObject> inferenceChunks = new LinkedHashMap<>();
  private final Map<String, Long> counts = new TreeMap<>();

  /**
   * The payload of an event as a JSON object; a payload that is not one is kept as {@code {"raw":
   * text}}.
   */
  static JsonObject payload(ConsoleEvent e) {
    try {
      return new JsonObject(e.json());
    } catch (RuntimeException notAnObject) {
      return new JsonObject().put("raw", e.json());
    }
  }

  /** Folds in one numbered event with its {@code payload}. */
  void apply(ConsoleEvent e, JsonObject p) {
    counts.merge(e.type(), 1L, Long::sum);
    JsonObject item = item(e, p);
    switch (e.type()) {
      case "node" -> {
        if (MEMBER.equals(p.getString("kind"))) {
          member(e, p);
        } else {
          unitState(p.getString("id", e.source()), p.getString("kind"), p.getString("state"), e);
        }
      }
      case "stats" -> {
        String edge = p.getString("edge", e.source());
        // an edge's ingest counters and the cloud's T_j for it arrive in separate events: merge
        edges.put(edge, edges.getOrDefault(edge, new JsonObject()).copy().mergeIn(item));
        bounded(edgeHistory.computeIfAbsent(edge, k -> new ArrayDeque<>()), item, MAX_POINTS);
      }
      case "balance" -> bounded(balance, item, MAX_POINTS);
      case "terminal" -> {
        String id = p.getString("id", e.source());
        JsonObject merged = terminals.getOrDefault(id, new JsonObject()).copy().mergeIn(item);
        terminals.put(id, merged);
        if (p.getString("state") != null) {
          unitState(id, "terminal", p.getString("state"), e);
        }
      }
      case "round" -> {
        bounded(rounds, item, MAX_ROUNDS);
        String task = p.getString("task", "?");
        tasks.put(task, item);
      }
      case "merged" -> bounded(merges, item, MAX_ROUNDS);
      case "migration" -> bounded(migrations, item, MAX_MIGRATIONS);
      case "inference" -> {
        String terminal = p.getString("terminal", e.source());
        String key = terminal + "/" + p.getString("task", "?");
        inferenceLatest.put(key, item);
        bounded(inferenceHistory.computeIfAbsent(key, k -> new ArrayDeque<>()), item, MAX_POINTS);
      }
      case "inference-chunk" -> inferenceChunks.put(p.getString("terminal", e.source()), item);
      default -> {
        // kept only in the event log: error, done, round-empty, control, ...
      }
    }
  }

  /**
   * A cluster node (JVM) joined or left: kept under {@code members}; the units placed on it show
   * {@code left} while it is gone, and {@code joined} when it is back until they report themselves.
   */
  private void member(ConsoleEvent e, JsonObject p) {
    String id = p.getString("id", e.source());
    String state = p.getString("state");
    JsonArray units = p.getJsonArray("units", new JsonArray());
    members.put(
        id,
        new JsonObject()
            .put("id", id)
            .put("state", state)
            .put("member", p.getString("member"))
            .put("units", units.copy())
            .put("since", e.timeMs())
            .put("eventId", e.id()));
    for (Object u : units) {
      String unit = String.valueOf(u);
      JsonObject n = nodes.get(unit);
      boolean wasLeft = n != null && LEFT.equals(n.getString("state"));
      if (LEFT.equals(state) || (JOINED.equals(state) && wasLeft)) {
        unitState(unit, null, state, e);
      }
    }
  }

  private void unitState(String id, String kind, String state, ConsoleEvent e) {
    JsonObject n = nodes.computeIfAbsent(id, k -> new JsonObject().put("id", k));
    n.put("kind", kind == null ? n.getString("kind") : kind)
        .put("state", state)
        .put("since", e.timeMs())
        .put("eventId", e.id());
  }

  /** The round events kept, oldest first. */
  JsonArray rounds() {
    return new JsonArray(rounds.stream().map(Object.class::cast).toList());
  }

  /** The merged events kept, oldest first. */
  JsonArray merges() {
    return new JsonArray(merges.stream().map(Object.class::cast).toList());
  }

  /** The number of round events kept. */
  int roundCount() {
    return rounds.size();
  }

  /** The migration events kept, oldest first. */
  JsonArray migrations() {
    return new JsonArray(migrations.stream().map(Object.class::cast).toList());
  }

  /**
   * The latest inference per terminal and task, each one's recent history, and each terminal's
   * latest chunk result (its latency percentiles).
   */
  JsonObject inference() {
    JsonObject latest = new JsonObject();
    inferenceLatest.forEach(latest::put);
    JsonObject history = new JsonObject();
    inferenceHistory.forEach(
        (k, v) -> history.put(k, new JsonArray(v.stream().map(Object.class::cast).toList())));
    JsonObject chunks = new JsonObject();
    inferenceChunks.forEach(chunks::put);
    return new JsonObject().put("latest", latest).put("history", history).put("chunks", chunks);
  }

  /** The statistics history per edge and the balance history. */
  JsonObject stats() {
    JsonObject perEdge = new JsonObject();
    edgeHistory.forEach(
        (k, v) -> perEdge.put(k, new JsonArray(v.stream().map(Object.class::cast).toList())));
    return new JsonObject()
        .put("edges", perEdge)
        .put("balance", new JsonArray(balance.stream().map(Object.class::cast).toList()));
  }

  /**
   * The live state: units, cluster members, latest stats per edge and terminal, latest round per
   * task.
   */
  JsonObject status() {
    JsonObject n = new JsonObject();
    nodes.forEach((k, v) -> n.put(k, v.copy()));
    JsonObject m = new JsonObject();
    members.forEach((k, v) -> m.put(k, v.copy()));
    JsonObject e = new JsonObject();
    edges.forEach(e::put);
    JsonObject t = new JsonObject();
    terminals.forEach(t::put);
    JsonObject k = new JsonObject();
    tasks.forEach(
        (task, r) ->
            k.put(
                task,
                new JsonObject()
                    .put("round", r.getValue("round"))
                    .put("accuracy", r.getValue("accuracy"))
                    .put("loss", r.getValue("loss"))
                    .put("mae", r.getValue("mae"))
                    .put("eventId", r.getValue("eventId"))
                    .put("eventTime", r.getValue("eventTime"))));
    JsonObject c = new JsonObject();
    counts.forEach(c::put);
    return new JsonObject()
        .put("nodes", n)
        .put("members", m)
        .put("edges", e)
        .put("terminals", t)
        .put("tasks", k)
        .put("balance", balance.isEmpty() ? null : balance.peekLast())
        .put("eventCounts", c);
  }

  private static JsonObject item(ConsoleEvent e, JsonObject p) {
    return p.copy()
        .put("eventId", e.id())
        .put("eventTime", e.timeMs())
        .put("eventSource", e.source());
  }

  private static void bounded(Deque<JsonObject> list, JsonObject item, int max) {
    list.addLast(item);
    if (list.size() > max) {
      list.removeFirst();
    }
  }
}
