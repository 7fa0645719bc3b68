package org.divs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The fat JAR's launcher")
class LauncherIT {
  record Result(int exit, String out, String err) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-jar",
                System.getProperty("divs.jar")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("launcher did not exit within 60 s: " + cmd);
      }
      return new Result(
          p.exitValue(),
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
          new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  @Timeout(90)
  @DisplayName("rejects a bad config with exit code 2, the JSON path and no stack trace")
  void badConfig(@TempDir Path dir) throws Exception {
    String demo = Files.readString(Path.of(System.getProperty("divs.config.dir"), "demo.json"));
    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad, demo.replace("\"parent\": \"district-1\"", "\"parent\": \"district-9\""));
    Result r = run("--config", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("/edges/1/parent").contains("district-9");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  @Timeout(90)
  @DisplayName("prints help for the top level and for run")
  void help() throws Exception {
    Result top = run("--help");
    assertThat(top.exit()).isZero();
    assertThat(top.out()).contains("Usage: divs").contains("run");
    Result run = run("run", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("--config").contains("--rounds").contains("--seed");
  }
}
