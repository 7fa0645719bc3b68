package org.divs.cli;

import java.util.concurrent.Callable;
import org.divs.bench.ClusterBench;
import org.divs.bench.Jmh;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code divs bench NAME}: runs a benchmark and prints its table and ratios. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a benchmark and prints the results and ratios measured side by side in one run:",
      "  merge  the production merge of 8 x 1M floats beside plain double-accumulating loops",
      "  codec  float32, float16 and int8 weight payloads: encode + decode GB/s, bytes vs float32",
      "  cluster  a three-node city as three JVMs on 127.0.0.1 beside one JVM: time to cluster",
      "           readiness, first round, round latency (not JMH)"
    })
final class BenchCommand implements Callable<Integer> {
  /** The benchmark that is not JMH: JVMs of a cluster. */
  static final String CLUSTER = "cluster";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "NAME", description = "merge | codec | cluster")
  String name;

  @CommandLine.Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "5",
      description = "cluster: rounds measured in each layout (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    if (CLUSTER.equals(name)) {
      if (rounds < 1) {
        spec.commandLine().getErr().println("--rounds must be at least 1, was " + rounds);
        return 2;
      }
      ClusterBench.run(spec.commandLine().getOut(), rounds, ClusterBench.ownClassPath());
      return 0;
    }
    if (!Jmh.names().contains(name)) {
      spec.commandLine()
          .getErr()
          .println("unknown benchmark '" + name + "': one of " + Jmh.names() + " or " + CLUSTER);
      return 2;
    }
    Jmh.run(Jmh.regexFor(name), spec.commandLine().getOut());
    return 0;
  }
}
