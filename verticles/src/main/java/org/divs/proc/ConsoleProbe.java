package org.divs.proc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a running city's state from its web console's REST API ({@code /api/status}, {@code
 * /api/rounds}, {@code /api/merged}) over plain HTTP, from outside its JVMs, and waits on it.
 */
public final class ConsoleProbe {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI base;

  /** A probe of the console at {@code host:port}. */
  public ConsoleProbe(String host, int port) {
    this.base = URI.create("http://" + host + ":" + port);
  }

  /** {@code /api/status}, or empty while the console does not answer. */
  public Optional<JsonObject> status() {
    return get("/api/status").map(JsonObject::new);
  }

  /** {@code /api/rounds} (every round event, oldest first), or empty while it does not answer. */
  public List<JsonObject> rounds() {
    return list("/api/rounds");
  }

  /**
   * {@code /api/merged} (every {@code merged} event, oldest first: published at the merge, before
   * the evaluation that the round event waits for), or empty while it does not answer.
   */
  public List<JsonObject> merges() {
    return list("/api/merged");
  }

  private List<JsonObject> list(String path) {
    return get(path)
        .map(JsonArray::new)
        .map(a -> a.stream().map(JsonObject.class::cast).toList())
        .orElse(List.of());
  }

  /**
   * Waits until the status satisfies {@code condition} and returns it; fails if one of {@code
   * running} exits meanwhile.
   */
  public JsonObject awaitStatus(
      String what, Duration timeout, Predicate<JsonObject> condition, NodeProcess... running) {
    return Wait.until(
        what,
        timeout,
        () -> {
          requireAlive(running);
          return status().filter(condition);
        });
  }

  /**
   * Waits for the first round event that satisfies {@code condition} and returns it; fails if one
   * of {@code running} exits meanwhile.
   */
  public JsonObject awaitRound(
      String what, Duration timeout, Predicate<JsonObject> condition, NodeProcess... running) {
    return awaitRounds(what, timeout, 1, condition, running).get(0);
  }

  /**
   * Waits until {@code n} round events satisfy {@code condition} and returns them, oldest first;
   * fails if one of {@code running} exits meanwhile.
   */
  public List<JsonObject> awaitRounds(
      String what,
      Duration timeout,
      int n,
      Predicate<JsonObject> condition,
      NodeProcess... running) {
    return awaitEvents("/api/rounds", what, timeout, n, condition, running);
  }

  /**
   * Waits for the first {@code merged} event that satisfies {@code condition} and returns it; fails
   * if one of {@code running} exits meanwhile. Unlike a round event it does not wait for the
   * round's evaluation, so it keeps up with the rounds on a busy machine.
   */
  public JsonObject awaitMerged(
      String what, Duration timeout, Predicate<JsonObject> condition, NodeProcess... running) {
    return awaitEvents("/api/merged", what, timeout, 1, condition, running).get(0);
  }

  private List<JsonObject> awaitEvents(
      String path,
      String what,
      Duration timeout,
      int n,
      Predicate<JsonObject> condition,
      NodeProcess... running) {
    return Wait.until(
        what,
        timeout,
        () -> {
          requireAlive(running);
          List<JsonObject> found = list(path).stream().filter(condition).limit(n).toList();
          return found.size() == n ? Optional.of(found) : Optional.empty();
        });
  }

  /** The state of cluster node {@code node} in a status ({@code joined}, {@code left}), or null. */
  public static String memberState(JsonObject status, String node) {
    JsonObject m = status.getJsonObject("members", new JsonObject()).getJsonObject(node);
    return m == null ? null : m.getString("state");
  }

  /** The state of unit {@code unit} in a status ({@code up}, {@code left}, ...), or null. */
  public static String unitState(JsonObject status, String unit) {
    JsonObject n = status.getJsonObject("nodes", new JsonObject()).getJsonObject(unit);
    return n == null ? null : n.getString("state");
  }

  /** The event time (ms since the epoch) of the latest change of unit or member {@code id}. */
  public static long since(JsonObject status, String group, String id) {
    JsonObject n = status.getJsonObject(group, new JsonObject()).getJsonObject(id);
    return n == null ? -1 : n.getLong("since", -1L);
  }

  /**
   * Whether a round or merged event merged a real round (round 1 or later) with every edge of
   * {@code all}.
   */
  public static boolean merged(JsonObject round, List<String> all) {
    return round.getLong("round", 0L) > 0
        && round.getJsonArray("participants", new JsonArray()).getList().containsAll(all);
  }

  private static void requireAlive(NodeProcess[] running) {
    for (NodeProcess p : running) {
      p.requireAlive();
    }
  }

  private Optional<String> get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
