package org.divs.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.divs.bus.ConsoleEvent;

/**
 * The console's Prometheus metrics, derived from the console events it receives, so they agree with
 * the REST views ({@code divs_rounds_total} summed over tasks is the length of {@code
 * /api/rounds}). One registry per console, owned by it; no Vert.x options are needed.
 *
 * <ul>
 *   <li>{@code divs_console_events_total{type}}: events numbered by the console;
 *   <li>{@code divs_rounds_total{task}}: round events (round 0, the initial evaluation, included);
 *   <li>{@code divs_frames_total}: frames acked by edges, from the terminals' cumulative {@code
 *       acked} counters;
 *   <li>{@code divs_bytes_total{direction,level}}: weight bytes per round ({@code level="all"}
 *       unless the round event breaks them down in {@code bytesByLevel});
 *   <li>{@code divs_migrations_total{phase}} and {@code divs_migrated_frames_total};
 *   <li>{@code divs_refused_updates_total}: {@code refused} events;
 *   <li>{@code divs_inference_latency_seconds}: summary of {@code latencyMs} of inference events;
 *   <li>{@code divs_console_sse_clients}: connected SSE clients; {@code
 *       divs_console_sse_stalls_total}: times a client's write queue filled.
 * </ul>
 */
final class ConsoleMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Long> ackedByTerminal = new HashMap<>();

  /** Metrics with a gauge of connected SSE clients read from {@code clients}. */
  ConsoleMetrics(Supplier<Number> clients) {
    Gauge.builder("divs.console.sse.clients", clients)
        .description("connected SSE clients")
        .register(registry);
    Counter.builder("divs.frames").description("frames acked by edges").register(registry);
    Counter.builder("divs.refused.updates")
        .description("updates refused (another run, stale)")
        .register(registry);
  }

  /** An SSE client's write queue filled: it waits to drain, then catches up from the log. */
  void stalled() {
    registry.counter("divs.console.sse.stalls").increment();
  }

  /** The registry to scrape. */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Counts one numbered event with its payload. */
  void record(ConsoleEvent e, JsonObject p) {
    registry.counter("divs.console.events", "type", e.type()).increment();
    switch (e.type()) {
      case "round" -> round(p);
      case "terminal" -> terminal(e, p);
      case "migration" -> {
        registry.counter("divs.migrations", "phase", p.getString("phase", "unknown")).increment();
        if ("done".equals(p.getString("phase"))) {
          registry.counter("divs.migrated.frames").increment(number(p, "frames"));
        }
      }
      case "refused" -> registry.counter("divs.refused.updates").increment();
      case "inference" -> {
        Object latency = p.getValue("latencyMs");
        if (latency instanceof Number ms) {
          Timer.builder("divs.inference.latency")
              .description("live inference latency")
              .register(registry)
              .record(Duration.ofNanos((long) (ms.doubleValue() * 1_000_000)));
        }
      }
      default -> {
        // counted above only
      }
    }
  }

  private void round(JsonObject p) {
    registry.counter("divs.rounds", "task", p.getString("task", "?")).increment();
    JsonObject byLevel = p.getValue("bytesByLevel") instanceof JsonObject j ? j : null;
    if (byLevel != null && !byLevel.isEmpty()) {
      for (String level : byLevel.fieldNames()) {
        JsonObject l = byLevel.getValue(level) instanceof JsonObject j ? j : new JsonObject();
        bytes("up", level, number(l, "up"));
        bytes("down", level, number(l, "down"));
      }
    } else {
      bytes("up", "all", number(p, "bytesUp"));
      bytes("down", "all", number(p, "bytesDown"));
    }
  }

  private void bytes(String direction, String level, double n) {
    registry
        .counter("divs.bytes", "direction", direction, "level", level)
        .increment(Math.max(0, n));
  }

  private void terminal(ConsoleEvent e, JsonObject p) {
    Object acked = p.getValue("acked");
    if (acked instanceof Number n) {
      String id = p.getString("id", e.source());
      long now = n.longValue();
      Long before = ackedByTerminal.put(id, now);
      long delta = before == null ? now : now - before;
      if (delta > 0) {
        registry.counter("divs.frames").increment(delta);
      }
    }
  }

  private static double number(JsonObject p, String key) {
    return p.getValue(key) instanceof Number n ? n.doubleValue() : 0;
  }

  /** Releases the registry. */
  void close() {
    registry.close();
  }
}
