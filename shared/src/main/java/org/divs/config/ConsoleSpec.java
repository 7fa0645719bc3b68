package org.divs.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The web console, served by the cloud node.
 *
 * @param host address to bind
 * @param port port to bind, 0 for any free port
 * @param token bearer token the console requires, if configured here
 */
public record ConsoleSpec(String host, int port, Optional<String> token) {

  /** Checks that every part is present. */
  public ConsoleSpec {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
  }
}
