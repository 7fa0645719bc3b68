package org.divs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.divs.bench.ClusterBench;
import org.divs.bench.InferenceBench;
import org.divs.bench.IngestBench;
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
      "                   and 2 threads (a child JVM each), and both tasks stepping at once",
      "  ingest           terminal -> edge MB/s and frames/s of 640x360 frames, 64 KB to 1 MB",
      "                   batches, in one JVM and across two clustered JVMs, beside a bare",
      "                   event-bus request/reply and a plain loopback socket; crops/s; video",
      "                   cameras one core sustains per sample file",
      "  inference        live inference on a street edge (synthetic + video terminal, pace max)",
      "                   with training off and on: crops classified/s, chunk latency p50/p99,",
      "                   chunks dropped, live class counts vs the annotations"
    })
final class BenchCommand implements Callable<Integer> {
  /** The benchmark of weights on the wire (not JMH). */
  static final String ROUND_TRANSPORT = "round-transport";

  /** The benchmark of JVMs of a cluster (not JMH). */
  static final String CLUSTER = "cluster";

  /** The benchmark of training steps (not JMH). */
  static final String TRAIN = "train";

  /** The benchmark of frames from terminal to edge (not JMH). */
  static final String INGEST = "ingest";

  /** The benchmark of live inference (not JMH). */
  static final String INFERENCE = "inference";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(
      paramLabel = "NAME",
      description = "merge | codec | round-transport | cluster | train | ingest | inference")
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
      description =
          "round-transport: unmeasured rounds first, at least; more follow until the JIT of every"
              + " JVM is quiet (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--in-flight",
      description = "ingest: chunks in flight on every path (default: ${DEFAULT-VALUE}).")
  int inFlight = IngestBench.IN_FLIGHT;

  @Option(
      names = "--target-only",
      description =
          "ingest: only the two JVMs' warm-up and the alternating pairs that judge the target (about"
              + " 2.5 minutes).")
  boolean targetOnly;

  @Option(
      names = "--pairs",
      paramLabel = "N",
      description =
          "ingest: alternating pairs (ours with segment files, then the bare bus) per batch size"
              + " judging the target, their median the verdict (default: ${DEFAULT-VALUE}).")
  int pairs = IngestBench.TARGET_PAIRS;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description =
          "train: measured seconds per case (default 6); ingest: per point (default 1.5).")
  Double seconds;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "../shared/data",
      description =
          "ingest, inference: the shared data directory, for the sample videos (default:"
              + " ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "6",
      description =
          "inference: epochs of the CNN trained first on 360 rendered crops (default:"
              + " ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--frames",
      paramLabel = "N",
      defaultValue = "300",
      description = "inference: frames each terminal streams per case (default: ${DEFAULT-VALUE}).")
  int frames;

  @Override
  public Integer call() throws Exception {
    List<String> names = new ArrayList<>(Jmh.names());
    names.addAll(List.of(ROUND_TRANSPORT, CLUSTER, TRAIN, INGEST, INFERENCE));
    if (!names.contains(name)) {
      spec.commandLine().getErr().println("unknown benchmark '" + name + "': one of " + names);
      return 2;
    }
    switch (name) {
      case ROUND_TRANSPORT -> {
        int n = rounds == null ? 10 : rounds;
        if (n < 1 || warmup < 0) {
          return usage("--rounds must be 1 or more and --warmup 0 or more");
        }
        RoundTransport.run(spec.commandLine().getOut(), n, warmup);
      }
      case CLUSTER -> {
        int n = rounds == null ? 5 : rounds;
        if (n < 1) {
          return usage("--rounds must be at least 1, was " + n);
        }
        ClusterBench.run(spec.commandLine().getOut(), n, ClusterBench.ownClassPath());
      }
      case TRAIN -> TrainBench.run(spec.commandLine().getOut(), seconds == null ? 6 : seconds);
      case INGEST -> {
        if (pairs < 1) {
          return usage("--pairs must be at least 1");
        }
        if (!targetOnly && !Files.isDirectory(data.resolve("video"))) {
          return usage("no sample videos in " + data.resolve("video") + ": give --data DIR");
        }
        IngestBench.run(
            spec.commandLine().getOut(),
            data,
            seconds == null ? 1.5 : seconds,
            inFlight,
            targetOnly,
            pairs);
      }
      case INFERENCE -> {
        if (!Files.isRegularFile(data.resolve("video/ozlu_input_video.mp4"))) {
          return usage("no sample video in " + data.resolve("video") + ": give --data DIR");
        }
        if (epochs < 1 || frames < 10) {
          return usage("--epochs must be at least 1 and --frames at least 10");
        }
        InferenceBench.run(spec.commandLine().getOut(), data, epochs, frames);
      }
      default -> Jmh.run(Jmh.regexFor(name), spec.commandLine().getOut());
    }
    return 0;
  }

  private int usage(String message) {
    spec.commandLine().getErr().println(message);
    return 2;
  }
}
