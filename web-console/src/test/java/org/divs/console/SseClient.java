package org.divs.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.List;

/** A test client of the console's SSE stream: collects the events and comments it receives. */
final class SseClient {
  /** One SSE record: an event ({@code type} non-null) or a comment line. */
  record Event(Long id, String type, String data, String comment) {
    /** The payload of the console event ({@code data.data}). */
    JsonObject payload() {
      return new JsonObject(data).getJsonObject("data");
    }
  }

  private final HttpClient http;
  private final List<Event> received = new ArrayList<>();
  private volatile HttpClientResponse response;

  private SseClient(HttpClient http) {
    this.http = http;
  }

  /**
   * Opens {@code /api/events} on {@code port}, sending {@code lastEventId} as {@code Last-Event-ID}
   * when not null; completes once the response headers have arrived.
   */
  static Future<SseClient> open(Vertx vertx, int port, String lastEventId) {
    SseClient c =
        new SseClient(
            vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setReceiveBufferSize(8192)));
    return c.http
        .request(HttpMethod.GET, port, "127.0.0.1", "/api/events")
        .compose(
            req -> {
              if (lastEventId != null) {
                req.putHeader("Last-Event-ID", lastEventId);
              }
              return req.send();
            })
        .map(
            resp -> {
              if (resp.statusCode() != 200) {
                throw new IllegalStateException("SSE answered " + resp.statusCode());
              }
              c.response = resp;
              resp.handler(RecordParser.newDelimited("\n\n", c::record));
              return c;
            });
  }

  private void record(Buffer raw) {
    Long id = null;
    String type = null;
    StringBuilder data = new StringBuilder();
    String comment = null;
    for (String line : raw.toString().split("\n")) {
      if (line.startsWith(":")) {
        comment = line.substring(1).trim();
      } else if (line.startsWith("id:")) {
        id = Long.parseLong(line.substring(3).trim());
      } else if (line.startsWith("event:")) {
        type = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      }
    }
    if (type != null || comment != null) {
      synchronized (received) {
        received.add(new Event(id, type, data.toString(), comment));
      }
    }
  }

  private List<Event> all() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Every event received so far (comments excluded), in order. */
  List<Event> events() {
    return all().stream().filter(e -> e.type() != null).toList();
  }

  /** The ids of the events received so far, in order. */
  List<Long> ids() {
    return events().stream().filter(e -> e.id() != null).map(Event::id).toList();
  }

  /** The comment lines received so far (heartbeats). */
  List<String> comments() {
    return all().stream().filter(e -> e.comment() != null).map(Event::comment).toList();
  }

  /** Stops reading (the server's writes back up once the socket buffers fill). */
  void pause() {
    response.pause();
  }

  /** Reads again. */
  void resume() {
    response.resume();
  }

  /** Closes the connection. */
  Future<Void> close() {
    return http.close();
  }
}
