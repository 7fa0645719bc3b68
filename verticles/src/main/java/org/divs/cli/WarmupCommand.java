package org.divs.cli;

import ai.djl.engine.Engine;
import java.util.concurrent.Callable;
import org.divs.model.DjlRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code divs warmup}: loads the PyTorch engine once, so its natives are unpacked into the DJL
 * cache (used when building the container image, so a container never extracts or downloads).
 */
@Command(
    name = "warmup",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Loads the PyTorch engine once to unpack its natives into the DJL cache.")
final class WarmupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Engine engine = DjlRuntime.load(1, 1);
    spec.commandLine()
        .getOut()
        .println(engine.getEngineName() + " " + engine.getVersion() + " ready");
    return 0;
  }
}
