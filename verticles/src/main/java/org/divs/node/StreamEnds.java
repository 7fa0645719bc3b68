package org.divs.node;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.function.BooleanSupplier;
import org.divs.bus.StreamEnd;

/** Sends the end of a stream (terminal to edge, edge to cloud) until someone listens. */
final class StreamEnds {
  /** Delay before an end is sent again to an address with no consumer yet. */
  static final long RETRY_MS = 200;

  private StreamEnds() {}

  /**
   * Requests {@code address} with {@code end}; while it has no consumer (its unit starts later, or
   * in another JVM), tries again every {@value #RETRY_MS} ms until {@code stopped}; any other
   * failure is an error event of {@code from}.
   */
  static void send(
      Vertx vertx, String from, String address, StreamEnd end, BooleanSupplier stopped) {
    vertx
        .eventBus()
        .request(address, end)
        .onFailure(
            e -> {
              if (stopped.getAsBoolean()) {
                return;
              }
              if (e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
                vertx.setTimer(RETRY_MS, t -> send(vertx, from, address, end, stopped));
                return;
              }
              Events.error(
                  vertx,
                  from,
                  "end of stream of " + end.terminal() + " not taken at " + address + ": " + e);
            });
  }
}
