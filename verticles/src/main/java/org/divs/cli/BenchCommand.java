package org.divs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.divs.bench.IngestBench;
import org.divs.bench.Jmh;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code divs bench NAME}: runs a benchmark and prints its table and ratios. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a benchmark and prints the results and ratios measured side by side in one run:",
      "  merge   JMH: the production merge of 8 x 1M floats beside plain double-accumulating loops",
      "  codec   JMH: float32, float16 and int8 weight payloads: encode + decode GB/s, bytes",
      "  ingest  terminal -> edge MB/s and frames/s of 640x360 frames, 64 KB to 1 MB batches, in",
      "          one JVM and across two clustered JVMs, beside a bare event-bus request/reply and",
      "          a plain loopback socket; crops/s; video cameras one core sustains per sample file"
    })
final class BenchCommand implements Callable<Integer> {
  /** The benchmark that is not JMH. */
  static final String INGEST = "ingest";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "NAME", description = "merge | codec | ingest")
  String name;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "../shared/data",
      description =
          "ingest: the shared data directory, for the sample videos (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "1.5",
      description = "ingest: measured seconds per point (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Override
  public Integer call() throws Exception {
    List<String> known = new ArrayList<>(Jmh.names());
    known.add(INGEST);
    if (name.equals(INGEST)) {
      if (!Files.isDirectory(data.resolve("video"))) {
        spec.commandLine()
            .getErr()
            .println("no sample videos in " + data.resolve("video") + ": give --data DIR");
        return 2;
      }
      IngestBench.run(spec.commandLine().getOut(), data, seconds);
      return 0;
    }
    if (!Jmh.names().contains(name)) {
      spec.commandLine().getErr().println("unknown benchmark '" + name + "': one of " + known);
      return 2;
    }
    Jmh.run(Jmh.regexFor(name), spec.commandLine().getOut());
    return 0;
  }
}
