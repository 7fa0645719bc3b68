package org.divs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.divs.bench.Jmh;
import org.divs.bench.RoundTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code divs bench NAME}: runs a benchmark and prints its table and ratios. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a benchmark and prints the results and ratios measured side by side in one run:",
      "  merge            JMH: the production merge of 8 x 1M floats beside plain",
      "                   double-accumulating loops",
      "  codec            JMH: float32, float16 and int8 weight payloads: encode + decode GB/s,",
      "                   bytes vs float32",
      "  round-transport  rounds without training over three clustered JVMs on 127.0.0.1",
      "                   (4 street edges -> 2 aggregators -> top), CNN-sized weights in",
      "                   float32, float16 and int8, beside raw buffers of the same sizes on the",
      "                   same path: median ms per hop and the ratios"
    })
final class BenchCommand implements Callable<Integer> {
  /** The benchmark that is not a JMH one. */
  static final String ROUND_TRANSPORT = "round-transport";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "NAME", description = "merge | codec | round-transport")
  String name;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "10",
      description = "round-transport: measured rounds of each path (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "3",
      description = "round-transport: unmeasured rounds first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() throws Exception {
    List<String> names = new ArrayList<>(Jmh.names());
    names.add(ROUND_TRANSPORT);
    if (!names.contains(name)) {
      spec.commandLine().getErr().println("unknown benchmark '" + name + "': one of " + names);
      return 2;
    }
    if (ROUND_TRANSPORT.equals(name)) {
      if (rounds < 1 || warmup < 0) {
        spec.commandLine().getErr().println("--rounds must be 1 or more and --warmup 0 or more");
        return 2;
      }
      RoundTransport.run(spec.commandLine().getOut(), rounds, warmup);
      return 0;
    }
    Jmh.run(Jmh.regexFor(name), spec.commandLine().getOut());
    return 0;
  }
}
