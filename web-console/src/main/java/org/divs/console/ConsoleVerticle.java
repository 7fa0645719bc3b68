package org.divs.console;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.divs.bus.Addresses;
import org.divs.bus.ConsoleEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: numbers every console event, streams them over SSE at {@code /api/events} with
 * ids, heartbeats and {@code Last-Event-ID} replay, and serves {@code /api/status}, {@code
 * /api/rounds} and the page.
 *
 * <p>Config: {@code host}, {@code port} (0 = any free port), {@code buffer} (events kept for
 * replay), {@code heartbeatMs}. The bound port is in {@link #port()} after start.
 */
public final class ConsoleVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleVerticle.class);

  private final Set<HttpServerResponse> clients = new HashSet<>();
  private final Map<String, JsonObject> nodes = new LinkedHashMap<>();
  private EventLog log;
  private HttpServer server;

  /** The port the console listens on, once started. */
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    JsonObject cfg = config();
    log = new EventLog(cfg.getInteger("buffer", 2000), 0);
    MessageConsumer<ConsoleEvent> consumer =
        vertx.eventBus().consumer(Addresses.CONSOLE_EVENTS, m -> onEvent(m.body()));
    long heartbeat = cfg.getLong("heartbeatMs", 10_000L);
    vertx.setPeriodic(heartbeat, id -> clients.forEach(c -> c.write(": heartbeat\n\n")));
    Router router = Router.router(vertx);
    router.get("/api/status").handler(this::status);
    router.get("/api/rounds").handler(this::rounds);
    router.get("/api/events").handler(this::events);
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    Future<HttpServer> http =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(cfg.getInteger("port", 8080), cfg.getString("host", "127.0.0.1"));
    return Future.join(consumer.completion(), http)
        .onSuccess(
            v -> {
              server = http.result();
              LOG.info("console on http://{}:{}/", cfg.getString("host", "127.0.0.1"), port());
            });
  }

  private void onEvent(ConsoleEvent raw) {
    ConsoleEvent e = log.append(raw);
    if (e.type().equals("node")) {
      JsonObject p = new JsonObject(e.json());
      nodes.put(p.getString("id", e.source()), p);
    }
    for (HttpServerResponse c : clients) {
      write(c, e);
    }
  }

  private static void write(HttpServerResponse out, ConsoleEvent e) {
    out.write("id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + json(e).encode() + "\n\n");
  }

  private static JsonObject json(ConsoleEvent e) {
    return new JsonObject()
        .put("id", e.id())
        .put("type", e.type())
        .put("time", e.timeMs())
        .put("source", e.source())
        .put("data", new JsonObject(e.json()));
  }

  private void events(RoutingContext rc) {
    String lastHeader = rc.request().getHeader("Last-Event-ID");
    long last;
    try {
      last = lastHeader == null ? log.lastId() : Long.parseLong(lastHeader.trim());
    } catch (NumberFormatException ex) {
      rc.response()
          .setStatusCode(400)
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "Last-Event-ID must be a number").encode());
      return;
    }
    HttpServerResponse out = rc.response();
    out.setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Connection", "keep-alive");
    out.write("retry: 2000\n\n");
    Optional<List<ConsoleEvent>> missed = log.after(last);
    if (missed.isPresent()) {
      missed.get().forEach(e -> write(out, e));
    } else {
      out.write("event: reset\ndata: {\"lastId\":" + log.lastId() + "}\n\n");
    }
    clients.add(out);
    out.closeHandler(v -> clients.remove(out));
    out.exceptionHandler(t -> clients.remove(out));
  }

  private void status(RoutingContext rc) {
    JsonObject body =
        new JsonObject()
            .put("lastEventId", log.lastId())
            .put("clients", clients.size())
            .put("nodes", new JsonArray(List.copyOf(nodes.values())))
            .put("rounds", roundsJson());
    rc.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private void rounds(RoutingContext rc) {
    rc.response().putHeader("Content-Type", "application/json").end(roundsJson().encode());
  }

  private JsonArray roundsJson() {
    JsonArray rounds = new JsonArray();
    for (ConsoleEvent e : log.ofType("round")) {
      rounds.add(new JsonObject(e.json()));
    }
    return rounds;
  }
}
