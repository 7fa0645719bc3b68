package org.divs.cli;

import java.util.concurrent.Callable;
import org.divs.bench.Jmh;
import org.divs.bench.TrainBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code divs bench NAME}: runs a benchmark and prints its table and ratios. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a JMH benchmark and prints the results and ratios measured side by side in one run:",
      "  merge  the production merge of 8 x 1M floats beside plain double-accumulating loops",
      "  codec  float32, float16 and int8 weight payloads: encode + decode GB/s, bytes vs float32",
      "  train  samples/s of the CNN and the LSTM: bare DJL loop vs LocalTrainer at 1 and 2",
      "         threads (a child JVM each), and both tasks stepping at once"
    })
final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "NAME", description = "merge | codec | train")
  String name;

  @CommandLine.Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "6",
      description = "train: measured seconds per case (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Override
  public Integer call() throws Exception {
    if ("train".equals(name)) {
      TrainBench.run(spec.commandLine().getOut(), seconds);
      return 0;
    }
    if (!Jmh.names().contains(name)) {
      spec.commandLine()
          .getErr()
          .println("unknown benchmark '" + name + "': one of " + Jmh.names() + " or train");
      return 2;
    }
    Jmh.run(Jmh.regexFor(name), spec.commandLine().getOut());
    return 0;
  }
}
