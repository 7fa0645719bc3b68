package org.divs.console;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.divs.bus.Addresses;
import org.divs.bus.ConsoleEvent;
import org.divs.bus.Control;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: numbers every console event, streams them over SSE at {@code /api/events} (ids,
 * heartbeats, {@code Last-Event-ID} replay from a bounded buffer, {@code reset} when the asked id
 * is older than the buffer), serves the current state over REST ({@code /api/topology}, {@code
 * /api/status}, {@code /api/rounds}, {@code /api/migrations}, {@code /api/inference}, {@code
 * /api/stats}), Prometheus text at {@code /metrics}, token-guarded control calls forwarded to the
 * cloud as {@link Control} requests, and the page.
 *
 * <p>Config: see {@link ConsoleSettings}; the event payloads it reads are listed in the module's
 * {@code README.md}. The bound port is in {@link #port()} after start.
 */
public final class ConsoleVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleVerticle.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final String CONSOLE = "console";

  private final UnaryOperator<String> env;
  private final Set<SseStream> clients = new HashSet<>();
  private final ConsoleState state = new ConsoleState();
  private ConsoleSettings settings;
  private JsonObject topologyJson = TopologyTree.empty();
  private Set<String> tasks = Set.of();
  private EventLog log;
  private ConsoleMetrics metrics;
  private HttpServer server;
  private Assets assets;
  private long heartbeatTimer = -1;

  /** A console reading {@code DIVS_CONSOLE_TOKEN} from the process environment. */
  public ConsoleVerticle() {
    this(System::getenv);
  }

  /** A console reading environment variables through {@code env} (tests). */
  ConsoleVerticle(UnaryOperator<String> env) {
    this.env = env;
  }

  /** The port the console listens on, once started. */
  public int port() {
    return server.actualPort();
  }

  private Path idFile;
  private long savedId;
  private long idTimer = -1;

  @Override
  public Future<?> start() {
    String file = config().getString("idFile");
    idFile = file == null ? null : Path.of(file);
    return vertx.executeBlocking(() -> EventIds.read(idFile)).compose(this::startFrom);
  }

  private Future<?> startFrom(long firstId) {
    try {
      settings = ConsoleSettings.from(config(), env);
      Optional<Topology> topology =
          settings.topology().map(json -> TopologyLoader.parse(json.encode()));
      topology.ifPresent(
          t -> {
            topologyJson = TopologyTree.of(t);
            tasks = Set.copyOf(t.tasks().stream().map(TaskSpec::id).toList());
          });
    } catch (RuntimeException e) {
      return Future.failedFuture(
          new IllegalArgumentException("console not started: " + e.getMessage(), e));
    }
    log = new EventLog(settings.buffer(), firstId);
    savedId = firstId;
    if (idFile != null) {
      idTimer = vertx.setPeriodic(1000, id -> saveIds());
    }
    metrics = new ConsoleMetrics(clients::size);
    MessageConsumer<ConsoleEvent> consumer =
        vertx.eventBus().consumer(Addresses.CONSOLE_EVENTS, m -> onEvent(m.body()));
    heartbeatTimer = vertx.setPeriodic(settings.heartbeatMs(), id -> heartbeat());
    Future<HttpServer> http =
        vertx
            .executeBlocking(Assets::load)
            .compose(
                loaded -> {
                  assets = loaded;
                  return vertx
                      .createHttpServer()
                      .requestHandler(router())
                      .listen(settings.port(), settings.host());
                });
    return Future.join(consumer.completion(), http)
        .onSuccess(
            v -> {
              server = http.result();
              LOG.info(
                  "console on http://{}:{}/ (control {})",
                  settings.host(),
                  port(),
                  settings.token().isPresent() ? "enabled, bearer token" : "disabled, no token");
            });
  }

  /** Persists the newest event id (when it changed), so ids keep rising after a restart. */
  private Future<Void> saveIds() {
    long last = log.lastId();
    if (idFile == null || last == savedId) {
      return Future.succeededFuture();
    }
    savedId = last;
    return vertx
        .executeBlocking(
            () -> {
              EventIds.write(idFile, last);
              return null;
            })
        .<Void>mapEmpty()
        .onFailure(e -> LOG.warn("console event id not saved to {}", idFile, e));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(idTimer);
    vertx.cancelTimer(heartbeatTimer);
    clients.clear();
    if (metrics != null) {
      metrics.close();
    }
    return log == null ? Future.succeededFuture() : saveIds().otherwiseEmpty();
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.get("/api/events").handler(this::events);
    router.get("/api/topology").handler(rc -> json(rc, 200, topologyJson));
    router.get("/api/status").handler(this::status);
    router.get("/api/rounds").handler(rc -> json(rc, 200, state.rounds()));
    router.get("/api/merged").handler(rc -> json(rc, 200, state.merges()));
    router.get("/api/migrations").handler(rc -> json(rc, 200, state.migrations()));
    router.get("/api/inference").handler(rc -> json(rc, 200, state.inference()));
    router.get("/api/stats").handler(rc -> json(rc, 200, state.stats()));
    router.post("/api/tasks/:task/start").handler(rc -> control(rc, Control.START));
    router.post("/api/tasks/:task/stop").handler(rc -> control(rc, Control.STOP));
    router.post("/api/migration/check").handler(rc -> control(rc, Control.MIGRATION_CHECK));
    router.route("/api/*").handler(rc -> error(rc, 404, "no such API: " + rc.request().path()));
    router.route("/api/*").failureHandler(this::apiFailure);
    router.get("/metrics").handler(this::scrape);
    for (String path : assets.paths()) {
      router.get(path).handler(assets::serve);
    }
    return router;
  }

  private void scrape(RoutingContext rc) {
    rc.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.registry().scrape());
  }

  private void onEvent(ConsoleEvent raw) {
    ConsoleEvent e = log.append(raw);
    JsonObject payload = ConsoleState.payload(e);
    state.apply(e, payload);
    metrics.record(e, payload);
    String frame = SseStream.frame(e, payload);
    for (SseStream c : List.copyOf(clients)) {
      c.onEvent(e, frame);
    }
  }

  private void heartbeat() {
    for (SseStream c : List.copyOf(clients)) {
      c.heartbeat();
    }
  }

  private void events(RoutingContext rc) {
    String asked = rc.request().getHeader("Last-Event-ID");
    if (asked == null) {
      asked = rc.request().getParam("since");
    }
    long last;
    try {
      last = asked == null ? log.lastId() : Long.parseLong(asked.trim());
    } catch (NumberFormatException ex) {
      error(rc, 400, "Last-Event-ID (or since) must be a whole number, not '" + asked + "'");
      return;
    }
    if (last < 0) {
      error(rc, 400, "Last-Event-ID (or since) must not be negative");
      return;
    }
    HttpServerResponse out = rc.response();
    out.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    out.write("retry: 2000\n\n");
    SseStream stream = new SseStream(out, log, last, metrics::stalled);
    clients.add(stream);
    out.closeHandler(v -> clients.remove(stream));
    out.exceptionHandler(t -> clients.remove(stream));
    stream.catchUp();
  }

  private void status(RoutingContext rc) {
    JsonObject body =
        state
            .status()
            .put("name", topologyJson.getString("name"))
            .put("lastEventId", log.lastId())
            .put("oldestEventId", log.oldestId())
            .put("buffer", settings.buffer())
            .put("clients", clients.size())
            .put("control", settings.token().isPresent());
    json(rc, 200, body);
  }

  private void control(RoutingContext rc, String action) {
    if (settings.token().isEmpty()) {
      error(
          rc,
          403,
          "control is disabled: no console token is configured (console.token or "
              + ConsoleSettings.TOKEN_ENV
              + ")");
      return;
    }
    if (!authorized(rc.request().getHeader("Authorization"), settings.token().get())) {
      rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"divs\"");
      error(rc, 401, "control calls need 'Authorization: Bearer <console token>'");
      return;
    }
    String task = action.equals(Control.MIGRATION_CHECK) ? "" : rc.pathParam("task");
    if (!action.equals(Control.MIGRATION_CHECK) && !tasks.isEmpty() && !tasks.contains(task)) {
      rc.response()
          .setStatusCode(400)
          .putHeader("Content-Type", JSON)
          .end(
              new JsonObject()
                  .put("error", "unknown task '" + task + "'")
                  .put("tasks", new JsonArray(tasks.stream().sorted().toList()))
                  .encode());
      return;
    }
    Control request = new Control(action, task);
    vertx
        .eventBus()
        .request(
            Addresses.CLOUD_CONTROL,
            request,
            new DeliveryOptions().setSendTimeout(settings.controlTimeoutMs()))
        .onSuccess(
            reply -> {
              publishControl(request, "accepted", null);
              json(
                  rc,
                  200,
                  new JsonObject().put("action", action).put("task", task).put("accepted", true));
            })
        .onFailure(
            err -> {
              int status = httpStatus(err);
              publishControl(request, "failed", err.getMessage());
              error(rc, status, "cloud did not take '" + action + "': " + err.getMessage());
            });
  }

  private void publishControl(Control c, String outcome, String reason) {
    JsonObject p =
        new JsonObject().put("action", c.action()).put("task", c.task()).put("outcome", outcome);
    if (reason != null) {
      p.put("reason", reason);
    }
    vertx
        .eventBus()
        .publish(Addresses.CONSOLE_EVENTS, ConsoleEvent.of("control", CONSOLE, p.encode()));
  }

  /** The HTTP status for a failed control request. */
  static int httpStatus(Throwable err) {
    if (err instanceof ReplyException re) {
      return switch (re.failureType()) {
        case NO_HANDLERS -> 503;
        case TIMEOUT -> 504;
        default -> re.failureCode() >= 400 && re.failureCode() < 500 ? re.failureCode() : 502;
      };
    }
    return 502;
  }

  /** Whether {@code header} is {@code Bearer <token>}, compared in constant time. */
  static boolean authorized(String header, String token) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
  }

  private void apiFailure(RoutingContext rc) {
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    if (status >= 500) {
      LOG.warn("console: {} {} failed", rc.request().method(), rc.request().path(), rc.failure());
    }
    String reason = rc.failure() == null ? "request failed" : String.valueOf(rc.failure());
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    error(rc, status, reason);
  }

  private static void error(RoutingContext rc, int status, String reason) {
    json(rc, status, new JsonObject().put("error", reason));
  }

  private static void json(RoutingContext rc, int status, Object body) {
    String text =
        body instanceof JsonObject o
            ? o.encode()
            : body instanceof JsonArray a ? a.encode() : String.valueOf(body);
    rc.response().setStatusCode(status).putHeader("Content-Type", JSON).end(text);
  }
}
