package org.divs.config;

import java.util.Objects;

/**
 * One fault in a topology config.
 *
 * @param path JSON Pointer (RFC 6901) of the offending value, {@code ""} for the whole document
 * @param message what is wrong, naming the offending value or id
 */
public record ConfigFault(String path, String message) {

  /** Checks that both parts are present. */
  public ConfigFault {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** Returns {@code path: message}, with {@code (root)} standing for the empty path. */
  @Override
  public String toString() {
    return (path.isEmpty() ? "(root)" : path) + ": " + message;
  }
}
