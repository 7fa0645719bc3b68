package org.divs.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.ConsoleEvent;
import org.divs.bus.CurrentRequest;
import org.divs.bus.GlobalWeights;
import org.divs.bus.VertxFactory;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;
import org.divs.model.DjlRuntime;
import org.divs.model.Evaluation;
import org.divs.model.LocalTrainer;
import org.divs.node.DivsUnits;
import org.divs.node.TaskModels;
import org.divs.scene.LabelledCrops;
import org.divs.scene.SampleSet;
import org.divs.scene.VehicleClass;
import org.divs.sync.Checkpoints;
import org.divs.sync.Weights;

/**
 * {@code divs bench inference}: live inference on one street edge in one JVM, a synthetic and a
 * video terminal streaming flat out, with training off (no cloud; the edge serves a CNN trained
 * here first and its trainer has no data) and on (the cloud resumes from that CNN and the edge's
 * trainer trains on the synthetic crops while inference serves each new global): crops classified
 * per second, chunk latency p50/p99 (ack to result), chunks dropped, and how far the synthetic
 * terminal's live class counts are from its annotations' counts, side by side in one run.
 */
public final class InferenceBench {
  /** Classes of the CNN task. */
  public static final List<String> CLASSES =
      List.of("bike", "car", "juggernaut", "minibus", "pickup", "truck");

  private static final String RUN = "run-bench-inference";

  private InferenceBench() {}

  /**
   * Trains a CNN of {@code task} on crops rendered from the synthetic scene.
   *
   * @param task the CNN task
   * @param perClass rendered training crops per class
   * @param epochs passes over them
   * @param out where the held-out accuracy and time go, or null
   * @return the trained weights
   */
  public static Weights trainCnn(TaskSpec task, int perClass, int epochs, PrintWriter out) {
    List<VehicleClass> classes = task.classes().stream().map(VehicleClass::fromLabel).toList();
    long t0 = System.nanoTime();
    LabelledCrops train = SampleSet.render(101, perClass, classes, 320, 180);
    LabelledCrops test = SampleSet.render(202, 20, classes, 320, 180);
    try (LocalTrainer m = TaskModels.trainer(task, 3)) {
      int len = train.cropLength();
      int batch = 32;
      int[] order = new int[train.size()];
      Arrays.setAll(order, i -> i);
      Random r = new Random(5);
      float[] x = new float[batch * len];
      int[] y = new int[batch];
      for (int epoch = 0; epoch < epochs; epoch++) {
        for (int i = order.length - 1; i > 0; i--) {
          int j = r.nextInt(i + 1);
          int tmp = order[i];
          order[i] = order[j];
          order[j] = tmp;
        }
        for (int from = 0; from + batch <= order.length; from += batch) {
          for (int i = 0; i < batch; i++) {
            train.copyCrop(order[from + i], x, i * len);
            y[i] = train.labels()[order[from + i]];
          }
          m.step(x, y);
        }
        if (out != null) {
          out.printf("  CNN epoch %d of %d done%n", epoch + 1, epochs);
          out.flush();
        }
      }
      Evaluation e = m.evaluate(test.features(), test.labels(), 60);
      if (out != null) {
        out.printf(
            "CNN trained on %d rendered crops x %d epochs in %.1f s: held-out accuracy %.3f%n",
            train.size(), epochs, (System.nanoTime() - t0) / 1e9, e.accuracy());
      }
      return Weights.wrap(m.weights());
    }
  }

  /** The bench's city: a synthetic and a video terminal on one street edge, the CNN task. */
  static Topology city(Path data, boolean train, Path checkpoints, int frames) {
    JsonArray terminals =
        new JsonArray()
            .add(
                terminal(
                    "syn",
                    new JsonObject()
                        .put("type", "synthetic")
                        .put("fps", 5)
                        .put("rate", 0.7)
                        .put("train", train)
                        .put("limit", frames),
                    320,
                    180,
                    2000))
            .add(
                terminal(
                    "vid",
                    new JsonObject()
                        .put("type", "video")
                        .put("path", data.resolve("video/ozlu_input_video.mp4").toString())
                        .put("fps", 10)
                        .put("limit", frames)
                        .put("line", new JsonObject().put("at", 211)),
                    640,
                    352,
                    1000));
    JsonObject city =
        new JsonObject()
            .put("name", "bench-inference")
            .put("seed", 7)
            .put(
                "cloud",
                new JsonObject().put("id", "cloud").put("checkpoints", checkpoints.toString()))
            .put(
                "edges",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", "street-1")
                            .put("parent", "cloud")
                            .put("store", new JsonObject().put("capacity", 20_000))))
            .put("terminals", terminals)
            .put(
                "tasks",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", "cnn")
                            .put("model", "cnn")
                            .put("classes", new JsonArray(CLASSES))))
            .put(
                "sync",
                new JsonObject()
                    .put("batchesPerEpoch", 4)
                    .put("minibatch", 16)
                    .put("deadlineMs", 120_000)
                    .put("quorum", 1.0));
    return TopologyLoader.parse(city.encode());
  }

  private static JsonObject terminal(String id, JsonObject source, int w, int h, long strideMs) {
    return new JsonObject()
        .put("id", id)
        .put("edge", "street-1")
        .put("source", source.put("pace", "max"))
        .put("frame", new JsonObject().put("width", w).put("height", h))
        .put("window", new JsonObject().put("strideMs", strideMs).put("lengthMs", strideMs));
  }

  /** What one case measured. */
  record Result(
      String name,
      int chunks,
      int dropped,
      long crops,
      double seconds,
      double busy,
      double p50,
      double p99,
      double countError,
      String rounds) {}

  /**
   * Runs the bench.
   *
   * @param out where the table goes
   * @param data the shared data directory
   * @param epochs CNN training epochs before the cases
   * @param frames frames each terminal streams per case
   */
  public static void run(PrintWriter out, Path data, int epochs, int frames) throws Exception {
    DjlRuntime.loadFor(2);
    Topology t0 = city(data, false, Path.of("unused"), frames);
    Weights cnn = trainCnn(t0.tasks().get(0), 60, epochs, out);
    List<Result> results = new ArrayList<>();
    for (boolean training : new boolean[] {false, true}) {
      Path dir = Files.createTempDirectory("divs-bench-inference");
      Topology t = city(data, training, dir.resolve("checkpoints"), frames);
      out.printf(
          "case: training %s, %d frames per terminal ...%n", training ? "on" : "off", frames);
      out.flush();
      results.add(runCase(t, training, cnn, out));
    }
    out.println();
    out.println(
        "live inference, one street edge, synthetic + video terminal at pace max (one JVM,"
            + " "
            + Runtime.getRuntime().availableProcessors()
            + " cores)");
    out.printf(
        "%-9s %7s %8s %7s %9s %9s %9s %9s %10s  %s%n",
        "training",
        "chunks",
        "dropped",
        "crops",
        "crops/s",
        "wall c/s",
        "p50 ms",
        "p99 ms",
        "count off",
        "rounds served");
    for (Result r : results) {
      out.printf(
          "%-9s %7d %8d %7d %9.1f %9.1f %9.1f %9.1f %9.1f%%  %s%n",
          r.name(),
          r.chunks(),
          r.dropped(),
          r.crops(),
          r.crops() / r.busy(),
          r.crops() / r.seconds(),
          r.p50(),
          r.p99(),
          100 * r.countError(),
          r.rounds());
    }
    Result off = results.get(0);
    Result on = results.get(1);
    out.printf(
        "ratios on/off: crops/s %.2f, p50 %.2f, p99 %.2f%n",
        (on.crops() / on.busy()) / (off.crops() / off.busy()),
        on.p50() / off.p50(),
        on.p99() / off.p99());
    out.println(
        "crops/s = crops over the inference worker's serving time; wall c/s = over the whole"
            + " stream (bounded by video decoding); latency = edge ack to result");
    out.println(
        "count off = share of the synthetic terminal's annotated crops counted in another class"
            + " (half the summed |live - annotated| per class, over the crops); target < 10%");
    out.flush();
  }

  private static Result runCase(Topology t, boolean training, Weights cnn, PrintWriter out)
      throws Exception {
    Vertx vertx = VertxFactory.local();
    long start0 = System.nanoTime();
    try {
      List<ConsoleEvent> events = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> done = new CompletableFuture<>();
      await(
          vertx
              .eventBus()
              .<ConsoleEvent>localConsumer(
                  Addresses.CONSOLE_EVENTS,
                  m -> {
                    events.add(m.body());
                    String type = m.body().type();
                    if ((type.equals("terminal") || type.equals("inference-chunk"))
                        && finished(events)) {
                      done.complete(null);
                    }
                  })
              .completion());
      long progress =
          vertx.setPeriodic(
              5000,
              id ->
                  out.printf(
                          "  %d chunk results, %.0f s%n",
                          chunkCount(of(events, "inference-chunk")),
                          (System.nanoTime() - start0) / 1e9)
                      .flush());
      if (training) {
        new Checkpoints(Path.of(t.cloud().checkpoints()))
            .save(new Checkpoints.Saved("cnn", 1, 0, t.configHash(), RUN, cnn));
      } else {
        await(
            vertx
                .eventBus()
                .<CurrentRequest>consumer(
                    Addresses.syncCurrent("cnn"),
                    m -> m.reply(new GlobalWeights(RUN, "cnn", 1, cnn)))
                .completion());
        await(
            vertx
                .eventBus()
                .consumer(Addresses.aggLocal("cloud"), m -> m.reply(new org.divs.bus.Ack(0, 0)))
                .completion());
      }
      await(
          Deployer.deploy(
              vertx,
              t,
              RUN,
              u -> training || u.kind() != Unit.Kind.CLOUD,
              new DivsUnits(new JsonObject().put("resume", true).put("console", false))));
      done.get(10, TimeUnit.MINUTES);
      vertx.cancelTimer(progress);
      double seconds = (System.nanoTime() - start0) / 1e9;
      List<JsonObject> chunks = of(events, "inference-chunk");
      double[] latencies =
          chunks.stream()
              .filter(c -> "served".equals(c.getString("status")))
              .mapToDouble(c -> c.getDouble("latencyMs"))
              .sorted()
              .toArray();
      long crops =
          chunks.stream()
              .filter(c -> "served".equals(c.getString("status")))
              .mapToLong(c -> c.getLong("crops"))
              .sum();
      double busy =
          chunks.stream()
                  .filter(c -> "served".equals(c.getString("status")))
                  .mapToDouble(c -> c.getDouble("serveMs"))
                  .sum()
              / 1000;
      int dropped =
          chunkCount(chunks.stream().filter(c -> "dropped".equals(c.getString("status"))).toList());
      long minRound = Long.MAX_VALUE;
      long maxRound = -1;
      for (JsonObject c : chunks) {
        Long r = c.getJsonObject("rounds", new JsonObject()).getLong("cnn");
        if (r != null) {
          minRound = Math.min(minRound, r);
          maxRound = Math.max(maxRound, r);
        }
      }
      return new Result(
          training ? "on" : "off",
          chunkCount(chunks),
          dropped,
          crops,
          seconds,
          busy,
          quantile(latencies, 0.5),
          quantile(latencies, 0.99),
          countError(of(events, "inference")),
          minRound + ".." + maxRound);
    } finally {
      await(vertx.close());
    }
  }

  /** Both terminals ended and every chunk they had acked has its result. */
  private static boolean finished(List<ConsoleEvent> events) {
    for (String term : List.of("syn", "vid")) {
      JsonObject last = null;
      for (ConsoleEvent e : events) {
        if (e.type().equals("terminal") && e.source().equals(term)) {
          last = new JsonObject(e.json());
        }
      }
      if (last == null || !"ended".equals(last.getString("state"))) {
        return false;
      }
      long acked = last.getJsonObject("chunks").getLong("acked");
      long results =
          chunkCount(
              of(events, "inference-chunk").stream()
                  .filter(c -> term.equals(c.getString("terminal")))
                  .toList());
      if (results < acked) {
        return false;
      }
    }
    return true;
  }

  /** The chunks {@code inference-chunk} events stand for: an event may fold several. */
  private static int chunkCount(List<JsonObject> chunkEvents) {
    return chunkEvents.stream().mapToInt(c -> c.getInteger("chunks", 1)).sum();
  }

  private static List<JsonObject> of(List<ConsoleEvent> events, String type) {
    return events.stream()
        .filter(e -> e.type().equals(type))
        .map(e -> new JsonObject(e.json()))
        .toList();
  }

  /**
   * The share of the synthetic terminal's annotated crops counted in another class: half the summed
   * |live - annotated| per class over the crops.
   */
  static double countError(List<JsonObject> windows) {
    long off = 0;
    long total = 0;
    for (String c : CLASSES) {
      long live = 0;
      long labelled = 0;
      for (JsonObject w : windows) {
        if ("syn".equals(w.getString("terminal")) && w.containsKey("labelled")) {
          live += w.getJsonObject("counts").getLong(c, 0L);
          labelled += w.getJsonObject("labelled").getLong(c, 0L);
        }
      }
      off += Math.abs(live - labelled);
      total += labelled;
    }
    return total == 0 ? Double.NaN : off / 2.0 / total;
  }

  private static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}
