package org.divs.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data in {@code ../shared/data} (system property {@code divs.data.dir}, set by the root
 * pom). A test that needs it skips with a one-line reason when it is absent, and fails instead when
 * {@code CI=true}.
 */
public final class SharedData {
  private SharedData() {}

  /** The data directory, or a skip (a failure under CI) when it is absent. */
  public static Path dir() {
    String p = System.getProperty("divs.data.dir");
    Path dir = p == null ? null : Path.of(p);
    if (dir == null || !Files.isDirectory(dir)) {
      String reason = "shared data not found at " + p + " (system property divs.data.dir)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(reason);
      }
      assumeTrue(false, reason);
    }
    return dir;
  }

  /** A file or folder of the data, or a skip (a failure under CI) when it is absent. */
  public static Path file(String relative) {
    Path f = dir().resolve(relative);
    if (!Files.exists(f)) {
      String reason = "shared data file missing: " + f;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(reason);
      }
      assumeTrue(false, reason);
    }
    return f;
  }
}
