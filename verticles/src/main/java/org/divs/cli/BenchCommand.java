package org.divs.cli;

import java.util.concurrent.Callable;
import org.divs.bench.Jmh;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code divs bench NAME}: runs a benchmark and prints its table and ratios. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a JMH benchmark and prints the results and ratios measured side by side in one run:",
      "  merge  the production merge of 8 x 1M floats beside plain double-accumulating loops",
      "  codec  float32, float16 and int8 weight payloads: encode + decode GB/s, bytes vs float32"
    })
final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "NAME", description = "merge | codec")
  String name;

  @Override
  public Integer call() {
    if (!Jmh.names().contains(name)) {
      spec.commandLine()
          .getErr()
          .println("unknown benchmark '" + name + "': one of " + Jmh.names());
      return 2;
    }
    Jmh.run(Jmh.regexFor(name), spec.commandLine().getOut());
    return 0;
  }
}
