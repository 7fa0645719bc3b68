package org.divs.experiments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.scene.VehicleClass;
import org.divs.sim.Calibration;
import org.divs.sim.CameraSpread;
import org.divs.sim.Link;
import org.divs.sim.SimSettings;
import org.divs.sim.TaskLoad;

/**
 * The paper's testbed (section V.A) as a topology and simulator settings, with every parameter
 * stated here with its source. None was tuned after seeing results.
 */
public final class PaperCity {
  /** Streets of the city (paper V.A: 200 cameras at the intersections of 30 streets). */
  public static final int STREETS = 30;

  /** First-level edges per second-level edge (paper V.A: 5 ENs over 6 first-level ENs each). */
  public static final int STREETS_PER_DISTRICT = 6;

  /** Gamma shape of the street weights the cameras pick by (ours: "uneven", paper III.B). */
  public static final int SPREAD_SHAPE = 2;

  /** Stream-hours each camera contributes (ours; the paper used 7 days at an unstated rate). */
  public static final double STREAM_HOURS = 0.5;

  /** Local epochs trained once every frame is in (ours; the paper trains to a steady state). */
  public static final int EPOCHS = 5;

  /** b, batches (rounds) per local epoch (the schema's default). */
  public static final int BATCHES_PER_EPOCH = 4;

  /** m, samples per minibatch (the schema's default). */
  public static final int MINIBATCH = 32;

  /** Cores of the street edges, alternating (paper V.A: half 4-core i5-6400, half 6-core Xeon). */
  public static final List<Integer> STREET_CORES = List.of(4, 6);

  /** Cores of the districts and the cloud (ours: the larger of the paper's two machines). */
  public static final int SERVER_CORES = 6;

  /** Every machine's interface (paper V.A: gigabit; 50 us to the switch is ours). */
  public static final Link LINK = Link.GIGABIT;

  /** Migration threshold theta, a share of T_mean (ours). */
  public static final double THETA_SHARE = 0.05;

  /** Migration offset xi, frames (ours: 30 s of one camera at 2 fps). */
  public static final long XI = 60;

  /** Frames per simulated ingest transfer, one in flight per camera (a modelling granularity). */
  public static final int INGEST_CHUNK_FRAMES = 60;

  /** Stored frames per LSTM window (ours: one count per 10-frame chunk, the terminals' chunk). */
  public static final double LSTM_FRAMES_PER_SAMPLE = 10;

  /** Held-out samples the cloud evaluates per round (the real cloud: 100 per class x 6). */
  public static final int EVALUATION_SAMPLES = 600;

  /** Round deadline: rounds wait for every edge (ours; paper IV.B: rounds wait on stragglers). */
  public static final long DEADLINE_MS = 86_400_000;

  /** The third task of Fig. 8b: a CNN-sized model over one whole-frame sample per frame (ours). */
  public static final String THIRD = "third";

  /** Tasks of Fig. 8b, in the order they are added. */
  public static final List<String> TASKS = List.of("cnn", "lstm", THIRD);

  private PaperCity() {}

  /** Frames each camera streams: {@link #STREAM_HOURS} at the scene's frame rate. */
  public static long framesPerCamera(Calibration.Scene scene) {
    return Math.round(STREAM_HOURS * 3600 * scene.fps());
  }

  /**
   * The city: {@code cameras} spread over {@link #STREETS} streets (seeded), {@code edges} street
   * edges serving the streets in contiguous blocks, one district per {@link #STREETS_PER_DISTRICT}
   * street edges, one cloud; {@code tasks} from {@link #TASKS}.
   */
  public static Topology topology(
      int cameras, int edges, List<String> tasks, long seed, Calibration.Scene scene) {
    int[] perStreet = CameraSpread.perStreet(cameras, STREETS, SPREAD_SHAPE, seed);
    JsonArray edgeList = new JsonArray();
    int districts = (edges + STREETS_PER_DISTRICT - 1) / STREETS_PER_DISTRICT;
    for (int d = 1; d <= districts; d++) {
      edgeList.add(new JsonObject().put("id", "district-" + d).put("parent", "cloud"));
      for (int e = (d - 1) * STREETS_PER_DISTRICT + 1;
          e <= Math.min(edges, d * STREETS_PER_DISTRICT);
          e++) {
        edgeList.add(
            new JsonObject()
                .put("id", "edge-" + e)
                .put("parent", "district-" + d)
                .put("store", new JsonObject().put("capacity", 100_000_000)));
      }
    }
    JsonArray terminals = new JsonArray();
    long frames = framesPerCamera(scene);
    for (int s = 0; s < STREETS; s++) {
      for (int c = 1; c <= perStreet[s]; c++) {
        terminals.add(
            new JsonObject()
                .put("id", "cam-" + (s + 1) + "-" + c)
                .put("edge", "edge-" + (CameraSpread.edgeOf(s, STREETS, edges) + 1))
                .put(
                    "source",
                    new JsonObject()
                        .put("type", "synthetic")
                        .put("fps", scene.fps())
                        .put("rate", scene.rate())
                        .put("pace", "max")
                        .put("limit", frames))
                .put(
                    "frame",
                    new JsonObject().put("width", scene.width()).put("height", scene.height())));
      }
    }
    JsonArray taskList = new JsonArray();
    JsonArray classes =
        new JsonArray(Arrays.stream(VehicleClass.values()).map(VehicleClass::label).toList());
    for (String task : tasks) {
      JsonObject t = new JsonObject().put("id", task);
      if (task.equals("lstm")) {
        t.put("model", "lstm");
      } else {
        t.put("model", "cnn").put("classes", classes);
      }
      taskList.add(t);
    }
    JsonObject json =
        new JsonObject()
            .put("name", "paper-" + cameras + "-cameras-" + edges + "-edges")
            .put("seed", seed)
            .put("cloud", new JsonObject().put("id", "cloud"))
            .put("edges", edgeList)
            .put("terminals", terminals)
            .put("tasks", taskList)
            .put(
                "sync",
                new JsonObject()
                    .put("weighting", "fedavg")
                    .put("batchesPerEpoch", BATCHES_PER_EPOCH)
                    .put("minibatch", MINIBATCH)
                    .put("deadlineMs", DEADLINE_MS)
                    .put("quorum", 1.0)
                    .put("retries", 2));
    return TopologyLoader.parse(json.encode());
  }

  /** The simulator settings of the paper's testbed under {@code balancing}. */
  public static SimSettings settings(Calibration cal, SimSettings.Balancing balancing) {
    Calibration.ModelCost cnn =
        cal.model("cnn")
            .orElseThrow(() -> new IllegalArgumentException("the calibration has no cnn"));
    return new SimSettings(
        SimSettings.Placement.MACHINE_PER_UNIT,
        STREET_CORES,
        SERVER_CORES,
        SERVER_CORES,
        LINK,
        (long) EPOCHS * BATCHES_PER_EPOCH,
        true,
        INGEST_CHUNK_FRAMES,
        Map.of(THIRD, new TaskLoad(1.0, true, cnn)),
        balancing,
        THETA_SHARE,
        XI,
        EVALUATION_SAMPLES,
        LSTM_FRAMES_PER_SAMPLE);
  }

  /** Every parameter of the experiments: name, value, source. */
  public static List<List<String>> parameters(Calibration cal) {
    Calibration.Scene scene = cal.scene();
    List<List<String>> rows = new ArrayList<>();
    Map<String, String[]> p = new LinkedHashMap<>();
    p.put("streets", new String[] {"" + STREETS, "paper V.A"});
    p.put(
        "districts",
        new String[] {"one per " + STREETS_PER_DISTRICT + " street edges", "paper V.A"});
    p.put(
        "cameras per street",
        new String[] {
          "each camera picks a street by weight; weights ~ Gamma(" + SPREAD_SHAPE + ", 1), seeded",
          "ours (paper III.B: uneven)"
        });
    p.put(
        "streets per edge",
        new String[] {"contiguous blocks, as even as the counts allow", "ours"});
    p.put(
        "street edge cores",
        new String[] {"alternating " + STREET_CORES, "paper V.A (half 4-core, half 6-core)"});
    p.put("district and cloud cores", new String[] {"" + SERVER_CORES, "ours"});
    p.put(
        "speed over cores",
        new String[] {
          "Amdahl's law from the measured 1 -> 2 thread speed-up; equal per-core speed",
          "calibration; ours"
        });
    p.put(
        "threads per trainer",
        new String[] {"max(1, cores / tasks)", "ARCHITECTURE.md (the production rule)"});
    p.put(
        "links",
        new String[] {
          String.format(
              "%.0f MB/s, %.0f us to the switch per end, one transfer at a time per " + "interface",
              LINK.bytesPerSecond() / 1e6, LINK.latencySeconds() * 1e6),
          "paper V.A (gigabit); latency ours"
        });
    p.put("bus", new String[] {"measured clustered cost per message and per byte", "calibration"});
    p.put(
        "frames",
        new String[] {
          String.format(
              "%dx%d synthetic JPEG, %.0f bytes, %.2f vehicles (CNN samples) each, %.2f ms to cut",
              scene.width(),
              scene.height(),
              scene.jpegBytes(),
              scene.cropsPerFrame(),
              scene.cutSeconds() * 1000),
          "calibration"
        });
    p.put(
        "workload D",
        new String[] {
          STREAM_HOURS
              + " stream-hours per camera at "
              + scene.fps()
              + " fps = "
              + framesPerCamera(scene)
              + " frames",
          "ours (paper: 7 days, rate unstated)"
        });
    p.put(
        "training E",
        new String[] {
          EPOCHS
              + " local epochs = "
              + EPOCHS * BATCHES_PER_EPOCH
              + " rounds per task begun after the last frame is stored and cut",
          "ours (paper: until steady)"
        });
    p.put("b, m", new String[] {BATCHES_PER_EPOCH + ", " + MINIBATCH, "the schema's defaults"});
    p.put("weighting", new String[] {"fedavg", "the schema's default"});
    p.put(
        "deadline, quorum",
        new String[] {DEADLINE_MS / 3_600_000 + " h, 1.0 (rounds wait for every edge)", "ours"});
    p.put(
        "migration",
        new String[] {
          "production planner after every local epoch of the first task; theta = "
              + THETA_SHARE
              + " x T_mean, xi = "
              + XI
              + " frames",
          "ours"
        });
    p.put(
        "LB-BSP",
        new String[] {
          "k_j proportional to the edge's last measured samples/s, total kept, m <= k_j <= S_j",
          "after SoCC'20"
        });
    p.put(
        "LSTM samples",
        new String[] {"one window per " + LSTM_FRAMES_PER_SAMPLE + " frames, not cut", "ours"});
    p.put(
        "third task (Fig. 8b)",
        new String[] {"the CNN's measured cost, one sample per frame, cut", "ours"});
    p.put(
        "ingest",
        new String[] {
          INGEST_CHUNK_FRAMES + " frames per transfer, one in flight per camera",
          "modelling granularity"
        });
    p.put(
        "cloud evaluation",
        new String[] {EVALUATION_SAMPLES + " samples per round", "the real cloud"});
    p.forEach((k, v) -> rows.add(List.of(k, v[0], v[1])));
    return rows;
  }
}
