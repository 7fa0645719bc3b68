package org.divs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.divs.bench.ClusterBench;
import org.divs.bench.Jmh;
import org.divs.bench.RoundTransport;
import org.divs.bench.TrainBench;
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
      "                   same path: median ms per hop and the ratios",
      "  cluster          a three-node city as three JVMs on 127.0.0.1 beside one JVM: time to",
      "                   cluster readiness, first round, round latency",
      "  train            samples/s of the CNN and the LSTM: bare DJL loop vs LocalTrainer at 1",
      "                   and 2 threads (a child JVM each), and both tasks stepping at once"
    })
final class BenchCommand implements Callable<Integer> {
  /** The benchmark of weights on the wire (not JMH). */
  static final String ROUND_TRANSPORT = "round-transport";

  /** The benchmark of JVMs of a cluster (not JMH). */
  static final String CLUSTER = "cluster";

  /** The benchmark of training steps (not JMH). */
  static final String TRAIN = "train";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(
      paramLabel = "NAME",
      description = "merge | codec | round-transport | cluster | train")
  String name;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      description =
          "round-transport: measured rounds of each path (default 10); cluster: rounds measured in"
              + " each layout (default 5).")
  Integer rounds;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "3",
      description = "round-transport: unmeasured rounds first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "6",
      description = "train: measured seconds per case (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Override
  public Integer call() throws Exception {
    List<String> names = new ArrayList<>(Jmh.names());
    names.add(ROUND_TRANSPORT);
    names.add(CLUSTER);
    names.add(TRAIN);
    if (!names.contains(name)) {
      spec.commandLine().getErr().println("unknown benchmark '" + name + "': one of " + names);
      return 2;
    }
    if (ROUND_TRANSPORT.equals(name)) {
      int n = rounds == null ? 10 : rounds;
      if (n < 1 || warmup < 0) {
        spec.commandLine().getErr().println("--rounds must be 1 or more and --warmup 0 or more");
        return 2;
      }
      RoundTransport.run(spec.commandLine().getOut(), n, warmup);
      return 0;
    }
    if (CLUSTER.equals(name)) {
      int n = rounds == null ? 5 : rounds;
      if (n < 1) {
        spec.commandLine().getErr().println("--rounds must be at least 1, was " + n);
        return 2;
      }
      ClusterBench.run(spec.commandLine().getOut(), n, ClusterBench.ownClassPath());
      return 0;
    }
    if (TRAIN.equals(name)) {
      TrainBench.run(spec.commandLine().getOut(), seconds);
      return 0;
    }
    Jmh.run(Jmh.regexFor(name), spec.commandLine().getOut());
    return 0;
  }
}
