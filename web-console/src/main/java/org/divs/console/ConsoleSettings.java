package org.divs.console;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The console's settings, read once from its verticle config.
 *
 * <p>Keys: {@code host} (default {@code 127.0.0.1}), {@code port} (default 8080, 0 = any free
 * port), {@code token} (else the environment variable {@code DIVS_CONSOLE_TOKEN}), {@code buffer}
 * (events kept for replay, default 2000), {@code heartbeatMs} (default 10000), {@code
 * controlTimeoutMs} (default 5000) and {@code topology} (the city's JSON config, optional).
 *
 * @param host address to bind
 * @param port port to bind
 * @param token bearer token for control calls, if any
 * @param buffer events kept for replay
 * @param heartbeatMs interval of SSE heartbeat comments
 * @param controlTimeoutMs how long a control request waits for the cloud's reply
 * @param topology the city's JSON config, if given
 */
record ConsoleSettings(
    String host,
    int port,
    Optional<String> token,
    int buffer,
    long heartbeatMs,
    long controlTimeoutMs,
    Optional<JsonObject> topology) {

  /** The environment variable that may hold the token. */
  static final String TOKEN_ENV = "DIVS_CONSOLE_TOKEN";

  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  /**
   * Reads the settings from {@code config}, the token from {@code env} when the config has none.
   *
   * @throws IllegalArgumentException when a value is out of range, or the console would bind beyond
   *     loopback without a token
   */
  static ConsoleSettings from(JsonObject config, UnaryOperator<String> env) {
    String host = config.getString("host", "127.0.0.1");
    int port = config.getInteger("port", 8080);
    Optional<String> token =
        nonBlank(config.getString("token")).or(() -> nonBlank(env.apply(TOKEN_ENV)));
    int buffer = config.getInteger("buffer", 2000);
    long heartbeatMs = config.getLong("heartbeatMs", 10_000L);
    long controlTimeoutMs = config.getLong("controlTimeoutMs", 5_000L);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("console port " + port + " is not in 0..65535");
    }
    if (buffer < 1 || heartbeatMs < 1 || controlTimeoutMs < 1) {
      throw new IllegalArgumentException(
          "console buffer, heartbeatMs and controlTimeoutMs must be positive");
    }
    if (!isLoopback(host) && token.isEmpty()) {
      throw new IllegalArgumentException(
          "console refuses to bind "
              + host
              + " (beyond loopback) without a token: set console.token or "
              + TOKEN_ENV
              + ", or bind 127.0.0.1");
    }
    return new ConsoleSettings(
        host,
        port,
        token,
        buffer,
        heartbeatMs,
        controlTimeoutMs,
        Optional.ofNullable(config.getJsonObject("topology")));
  }

  /**
   * Whether {@code host} names only the loopback interface: {@code localhost}, an IPv4 address in
   * 127.0.0.0/8 or {@code ::1}. Anything else (a wildcard, a host name, another address) is taken
   * as reaching beyond loopback; no name is resolved.
   */
  static boolean isLoopback(String host) {
    String h = host.trim().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || IPV4_LOOPBACK.matcher(h).matches()
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
  }
}
