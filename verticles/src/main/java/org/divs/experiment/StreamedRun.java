package org.divs.experiment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.experiments.CityRun;
import org.divs.sync.Checkpoints;
import org.divs.sync.Weights;

/**
 * One seed of a streamed experiment: the city of a topology runs in this JVM (its terminals stream
 * the training data to the street edges, round 1 waits for the streams, the cloud scores every
 * global on its held-out files), and beside it the centralised baseline trains on the same samples,
 * as many per round as the city's edges draw.
 */
final class StreamedRun {
  private StreamedRun() {}

  /** What the experiments print about how they run. */
  static final String STREAMED =
      "  streamed: terminals send the training data to the street edges, which store, window and"
          + " cut it; round 1 waits until every stream is stored (sync.startAfterStreams); the"
          + " cloud scores each global on the held-out files (tasks[].heldOut), never streamed";

  /**
   * The city's and the baseline's outcome.
   *
   * @param rounds the cloud's round events, round 0 first
   * @param streamsStoredSeconds when the last stream was stored, seconds after the start
   * @param firstMergeSeconds when round 1 was merged, seconds after the start
   * @param central the baseline's kept weights: the last, or the best by validation
   * @param centralRound the round of {@code central}
   * @param federatedSamples samples the edges trained on (the round events' sum)
   * @param centralSamples samples the baseline trained on
   * @param seconds wall time
   */
  record Outcome(
      List<JsonObject> rounds,
      double streamsStoredSeconds,
      double firstMergeSeconds,
      Weights central,
      int centralRound,
      long federatedSamples,
      long centralSamples,
      double seconds) {

    /** The last round's event. */
    JsonObject last() {
      return rounds.get(rounds.size() - 1);
    }
  }

  /**
   * Writes {@code topology} to {@code dir/topology.json}, parses it and runs it for {@code rounds}
   * rounds; the baseline trains concurrently on {@code pool}.
   *
   * @param label the progress lines' label, e.g. "seed 1 round"
   * @param dir the seed's folder (topology, checkpoints)
   * @param topology the city
   * @param settings the training settings the city's task uses (model, optimiser, seed of W(0))
   * @param union every sample the edges hold, for the baseline
   * @param perRound samples per round the city's edges draw: the sum of ceil(S_j / b)
   * @param rounds rounds
   * @param every rounds between progress lines
   * @param scoring how the baseline is scored (every round when it selects by validation)
   * @param roundScore a round event's score for the progress line
   * @param pool where the baseline trains
   * @param out progress lines
   * @return the outcome
   */
  static Outcome run(
      String label,
      Path dir,
      JsonObject topology,
      TrainingSettings settings,
      Shard union,
      long perRound,
      int rounds,
      int every,
      PairedRun.Scoring scoring,
      Function<JsonObject, String> roundScore,
      ExecutorService pool,
      PrintWriter out)
      throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("topology.json");
    Files.writeString(file, topology.encodePrettily());
    Topology t = TopologyLoader.load(file);
    Progress progress = new Progress(out, label, rounds);
    Future<Central> central =
        pool.submit(() -> central(settings, union, perRound, rounds, scoring));
    long[] fedSamples = {0};
    double[] stored = {Double.NaN};
    double[] firstMerge = {Double.NaN};
    List<JsonObject> events =
        CityRun.rounds(
            t,
            rounds,
            (type, p) -> {
              if (type.equals("stream") && p.getJsonArray("waiting").isEmpty()) {
                stored[0] = progress.seconds();
                out.printf(
                    Locale.ROOT,
                    "  every stream stored after %.1f s; round 1 starts%n",
                    progress.seconds());
                out.flush();
              } else if (type.equals("merged") && p.getLong("round") == 1) {
                firstMerge[0] = progress.seconds();
              } else if (type.equals("round") && p.getLong("round") > 0) {
                long r = p.getLong("round");
                fedSamples[0] += p.getLong("samples");
                if (r % every == 0 || r == rounds) {
                  progress.report(
                      r,
                      fedSamples[0],
                      String.format(
                          Locale.ROOT,
                          "train loss %.4f, %s",
                          p.getDouble("loss", Double.NaN),
                          roundScore.apply(p)));
                }
              }
            });
    Central c;
    try {
      c = central.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the centralised baseline failed: " + e.getCause(), e);
    }
    out.printf(
        Locale.ROOT,
        "  centralised baseline: %d samples, kept round %d (%.0f s after the start)%n",
        c.samples(),
        c.round(),
        c.seconds());
    return new Outcome(
        events,
        stored[0],
        firstMerge[0],
        c.weights(),
        c.round(),
        fedSamples[0],
        c.samples(),
        progress.seconds());
  }

  /** The baseline's kept weights, their round, samples trained on and when it finished. */
  private record Central(Weights weights, int round, long samples, double seconds) {}

  private static Central central(
      TrainingSettings settings,
      Shard union,
      long perRound,
      int rounds,
      PairedRun.Scoring scoring) {
    long t0 = System.nanoTime();
    try (CentralTraining c = new CentralTraining(settings, union)) {
      PairedRun.Kept kept = new PairedRun.Kept();
      for (int r = 1; r <= rounds; r++) {
        c.round(perRound);
        if (scoring.select() || r == rounds) {
          kept.offer(r, c.weights(), scoring);
        }
      }
      return new Central(kept.weights, kept.round, c.samples(), (System.nanoTime() - t0) / 1e9);
    }
  }

  /** Samples per round of edges holding {@code held} samples: ceil(S_j / b) where S_j >= m. */
  static long perRound(List<Shard> shards, TrainingSettings settings) {
    long n = 0;
    for (Shard s : shards) {
      if (s.size() >= settings.minibatch()) {
        n += (s.size() + settings.batchesPerEpoch() - 1) / settings.batchesPerEpoch();
      }
    }
    return n;
  }

  /**
   * A checkpoint the cloud wrote in the seed's folder ({@code cloud.checkpoints} of its topology).
   *
   * @param checkpoints the checkpoint folder
   * @param name the task id, or the task id and {@code .best}
   * @return the weights
   * @throws IOException when it is missing
   */
  static Checkpoints.Saved checkpoint(Path checkpoints, String name) throws IOException {
    return new Checkpoints(checkpoints)
        .load(name)
        .orElseThrow(() -> new IOException("no checkpoint " + name + " in " + checkpoints));
  }

  /** The W(0) seed the cloud uses for a task ({@code CloudVerticle}: seed * 7 + id hash). */
  static long cloudSeed(long topologySeed, String task) {
    return topologySeed * 7 + task.hashCode();
  }

  /**
   * A street edge of a streamed city.
   *
   * @param id its id
   * @param terminals its terminals' JSON
   */
  record Edge(String id, List<JsonObject> terminals) {}

  /**
   * The topology of a streamed experiment: the cloud over the given street edges, one task,
   * migration off, every round waiting for all edges (quorum 1, a long deadline), rounds starting
   * once the streams are stored; b and m are the settings' (the baseline's).
   */
  static JsonObject topology(
      String name,
      long seed,
      Path checkpoints,
      List<Edge> edges,
      JsonObject task,
      TrainingSettings settings) {
    List<Object> edgeJson = new ArrayList<>();
    List<Object> terminals = new ArrayList<>();
    for (Edge e : edges) {
      edgeJson.add(new JsonObject().put("id", e.id()).put("parent", "cloud"));
      for (JsonObject term : e.terminals()) {
        terminals.add(term.copy().put("edge", e.id()));
      }
    }
    return new JsonObject()
        .put("name", name)
        .put("seed", seed)
        .put(
            "cloud",
            new JsonObject()
                .put("id", "cloud")
                .put("checkpoints", checkpoints.toAbsolutePath().toString()))
        .put("edges", new JsonArray(edgeJson))
        .put("terminals", new JsonArray(terminals))
        .put("tasks", new JsonArray().add(task))
        .put(
            "sync",
            new JsonObject()
                .put("batchesPerEpoch", settings.batchesPerEpoch())
                .put("minibatch", settings.minibatch())
                .put("weighting", "fedavg")
                .put("deadlineMs", 3_600_000)
                .put("quorum", 1.0)
                .put("startAfterStreams", true))
        .put("migration", new JsonObject().put("enabled", false));
  }
}
