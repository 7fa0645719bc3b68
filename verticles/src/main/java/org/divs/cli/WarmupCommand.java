package org.divs.cli;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.divs.model.DjlRuntime;
import org.divs.proc.ClusterCity;
import org.divs.proc.Folders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code divs warmup}: loads the PyTorch engine once, so its natives are unpacked into the DJL
 * cache (used when building the container image, so a container never extracts or downloads). With
 * {@code --city} it then runs every kind of unit (cloud with console, aggregator, street edges,
 * terminals) as one clustered node on 127.0.0.1 for one round, so that a JVM started with {@code
 * -XX:ArchiveClassesAtExit=FILE} records a class-data archive holding the classes of every node.
 */
@Command(
    name = "warmup",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Loads the PyTorch engine once to unpack its natives into the DJL cache.")
final class WarmupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--city",
      description =
          "Then run a one-node clustered city on 127.0.0.1 for one round (to record a class-data"
              + " archive with -XX:ArchiveClassesAtExit).")
  boolean city;

  @Override
  public Integer call() throws IOException {
    Engine engine = DjlRuntime.load(1, 1);
    spec.commandLine()
        .getOut()
        .println(engine.getEngineName() + " " + engine.getVersion() + " ready");
    if (!city) {
      return 0;
    }
    Path dir = Files.createTempDirectory("divs-warmup");
    Path config =
        ClusterCity.onFreePorts()
            .onOneNode()
            .framesPerCamera(40)
            .checkpoints(dir.resolve("checkpoints"))
            .write(dir.resolve("city.json"));
    int code =
        Divs.execute(
            "run", "--config", config.toString(), "--node", ClusterCity.A, "--rounds", "1");
    try {
      Folders.deleteTree(dir);
    } catch (IOException | UncheckedIOException e) {
      spec.commandLine().getErr().println("warmup: could not delete " + dir + ": " + e);
    }
    return code;
  }
}
