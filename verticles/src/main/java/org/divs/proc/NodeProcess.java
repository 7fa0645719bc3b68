package org.divs.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One DIVS node in a JVM of its own ({@code divs run --node NAME}), started from the fat JAR or a
 * class path, with its stdout and stderr written to files. Used by {@code divs bench cluster} and
 * by the multi-process tests: start, wait for a line of output, kill with every descendant.
 */
public final class NodeProcess implements AutoCloseable {
  /** Start of the line {@code divs run} prints once the units of its node are deployed. */
  public static final String READY = "DIVS ready:";

  /** Main class of the command line. */
  static final String MAIN = "org.divs.cli.Divs";

  private final String label;
  private final Process process;
  private final Path out;
  private final Path err;
  private final long startMs;

  private NodeProcess(String label, Process process, Path out, Path err, long startMs) {
    this.label = label;
    this.process = process;
    this.out = out;
    this.err = err;
    this.startMs = startMs;
  }

  /**
   * The incubator module of the Vector API: a node JVM gets it when this JVM has it, unless it
   * starts fast ({@link #fastStart}).
   */
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  /**
   * {@code --add-modules=jdk.incubator.vector} when this JVM has the Vector API's module, else
   * nothing: a child JVM given it runs the weight codec's vector loops as this one does.
   */
  public static List<String> vectorModuleOptions() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()
        ? List.of("--add-modules=" + VECTOR_MODULE)
        : List.of();
  }

  /**
   * Options of every node JVM: offline DJL, a modest heap, one libtorch thread (the nodes of one
   * machine share its cores).
   */
  public static final List<String> JVM_OPTIONS =
      List.of(
          "-Dai.djl.offline=true",
          "-Xmx1g",
          "-Dai.djl.pytorch.num_threads=1",
          "-Dai.djl.pytorch.num_interop_threads=1");

  /**
   * Options for a fast start of several node JVMs on one small host, with the class-data archive
   * {@code archive} (recorded by {@link #recordArchive}): classes mapped from the archive instead
   * of parsed and verified, the serial collector (no GC threads to start beside the others), and
   * the client compiler only (about half the start's CPU; the price is Java code that stays hot,
   * such as video decoding, running about 25-30% slower; training runs in libtorch).
   */
  public static List<String> fastStart(Path archive) {
    return List.of(
        "-XX:SharedArchiveFile=" + archive.toAbsolutePath(),
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1");
  }

  /**
   * The command that records the class-data archive {@code archive}: {@code divs warmup --city}
   * (every kind of unit, one clustered node, one round) with {@code -XX:ArchiveClassesAtExit}.
   */
  public static List<String> recordArchive(String classPath, Path archive) {
    List<String> cmd = java(List.of("-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath()));
    cmd.addAll(List.of("-cp", classPath, MAIN, "warmup", "--city"));
    return cmd;
  }

  /**
   * The command that runs {@code divs run --config CONFIG --node NODE --rounds ROUNDS} in a new JVM
   * (java of this JVM's {@code java.home}, {@link #JVM_OPTIONS}, {@code classPath}); the whole city
   * in that JVM when {@code node} is null.
   */
  public static List<String> runCommand(String classPath, Path config, String node, long rounds) {
    return runCommand(classPath, config, node, rounds, List.of());
  }

  /** As {@link #runCommand(String, Path, String, long)}, with {@code extra} JVM options. */
  public static List<String> runCommand(
      String classPath, Path config, String node, long rounds, List<String> extra) {
    List<String> cmd = java(extra);
    cmd.addAll(List.of("-cp", classPath, MAIN, "run", "--config", config.toString()));
    if (node != null) {
      cmd.addAll(List.of("--node", node));
    }
    cmd.addAll(List.of("--rounds", Long.toString(rounds)));
    return cmd;
  }

  private static List<String> java(List<String> extra) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_OPTIONS);
    if (extra.stream()
        .noneMatch(
            o -> o.startsWith("-XX:TieredStopAtLevel") || o.startsWith("-XX:ArchiveClasses"))) {
      // not for a fast start (C1 only, where the vector loops would not run) nor for its archive,
      // which then records the module graph such a start uses
      cmd.addAll(vectorModuleOptions());
    }
    cmd.addAll(extra);
    return cmd;
  }

  /**
   * Starts {@code command} in {@code workDir}; its output goes to {@code logDir/label.out} and
   * {@code .err} (replaced when they exist).
   */
  public static NodeProcess start(String label, List<String> command, Path workDir, Path logDir)
      throws IOException {
    Files.createDirectories(logDir);
    Path out = logDir.resolve(label + ".out");
    Path err = logDir.resolve(label + ".err");
    long startMs = System.currentTimeMillis();
    Process p =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    return new NodeProcess(label, p, out, err, startMs);
  }

  /** The label the process was started with (names its log files). */
  public String label() {
    return label;
  }

  /** Wall-clock time of the start, in ms since the epoch. */
  public long startMs() {
    return startMs;
  }

  /** CPU time the process has used so far (user and system), or zero where the OS hides it. */
  public Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** What it printed on stdout so far. */
  public String output() {
    return read(out);
  }

  /** The last {@code lines} lines of stdout and of stderr, for a failure message. */
  public String tail(int lines) {
    return "--- "
        + out
        + "\n"
        + last(read(out), lines)
        + "--- "
        + err
        + "\n"
        + last(read(err), lines);
  }

  /**
   * Fails when the process has exited, with its exit code and the tail of its output; used while
   * waiting on a node that should be running.
   */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          label + " exited with code " + process.exitValue() + "\n" + tail(40));
    }
  }

  /**
   * Waits until stdout holds a line containing {@code text} and returns that line; fails when the
   * process exits first or after {@code timeout}.
   */
  public String awaitLine(String text, Duration timeout) {
    return Wait.until(
        label + " to print \"" + text + "\"",
        timeout,
        () -> {
          Optional<String> line = output().lines().filter(l -> l.contains(text)).findFirst();
          if (line.isEmpty()) {
            requireAlive();
          }
          return line;
        });
  }

  /**
   * Waits for the process to exit and returns its exit code; fails after {@code timeout}, with the
   * tail of its output.
   */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(label + " still runs after " + timeout + "\n" + tail(40));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(label + ": interrupted while waiting", e);
    }
    return process.exitValue();
  }

  /** Kills the process and all its descendants at once (no shutdown hooks), and waits for it. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Same as {@link #kill()}. */
  @Override
  public void close() {
    kill();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String last(String text, int lines) {
    List<String> all = text.lines().toList();
    StringBuilder b = new StringBuilder();
    all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }
}
