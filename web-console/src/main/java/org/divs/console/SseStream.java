package org.divs.console;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.divs.bus.ConsoleEvent;

/**
 * One SSE client of the console. Events are written in id order without gaps. When the connection's
 * write queue is full the stream stops writing and, once it drains, catches up from the {@link
 * EventLog}; if the log has dropped events it still needed, it sends {@code reset} and goes on live
 * (the page then reloads its state over REST). So a slow client costs at most one write queue,
 * never an unbounded backlog. Used on the console's event loop only.
 */
final class SseStream {
  private final HttpServerResponse out;
  private final EventLog log;
  private final Runnable onStall;
  private long sent;
  private boolean waiting;

  /**
   * A stream to {@code out} that has delivered the events up to {@code after}; {@code onStall} runs
   * each time its write queue fills.
   */
  SseStream(HttpServerResponse out, EventLog log, long after, Runnable onStall) {
    this.out = out;
    this.log = log;
    this.onStall = onStall;
    this.sent = after;
  }

  /** The SSE frame of a numbered event. */
  static String frame(ConsoleEvent e, JsonObject payload) {
    JsonObject data =
        new JsonObject()
            .put("id", e.id())
            .put("type", e.type())
            .put("time", e.timeMs())
            .put("source", e.source())
            .put("data", payload);
    return "id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + data.encode() + "\n\n";
  }

  /**
   * Writes every kept event after the last one sent, until the write queue is full; sends {@code
   * reset} when the log no longer holds them all, or when the client names an id this console never
   * gave (another run).
   */
  void catchUp() {
    waiting = false;
    Optional<List<ConsoleEvent>> missed = sent > log.lastId() ? Optional.empty() : log.after(sent);
    if (missed.isEmpty()) {
      JsonObject reset =
          new JsonObject()
              .put("asked", sent)
              .put("oldestId", log.oldestId())
              .put("lastId", log.lastId());
      out.write("event: reset\ndata: " + reset.encode() + "\n\n");
      sent = log.lastId();
      return;
    }
    for (ConsoleEvent e : missed.get()) {
      if (!offer(e, frame(e, ConsoleState.payload(e)))) {
        return;
      }
    }
  }

  /** A new event with its frame: written now, or later by {@link #catchUp()}. */
  void onEvent(ConsoleEvent e, String frame) {
    if (waiting) {
      return;
    }
    if (e.id() == sent + 1) {
      offer(e, frame);
    } else if (e.id() > sent) {
      catchUp();
    }
  }

  /** A heartbeat comment, unless the stream is waiting for its queue to drain. */
  void heartbeat() {
    if (!waiting) {
      out.write(": heartbeat\n\n");
    }
  }

  /** Whether the stream is waiting for its write queue to drain. */
  boolean waiting() {
    return waiting;
  }

  private boolean offer(ConsoleEvent e, String frame) {
    out.write(frame);
    sent = e.id();
    if (out.writeQueueFull()) {
      waiting = true;
      onStall.run();
      out.drainHandler(v -> catchUp());
      return false;
    }
    return true;
  }
}
