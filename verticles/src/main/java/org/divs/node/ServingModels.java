package org.divs.node;

import java.util.LinkedHashMap;
import java.util.Map;
import org.divs.config.TaskSpec;
import org.divs.model.LocalTrainer;
import org.divs.sync.Weights;

/**
 * The models live inference serves, one per task: each its own DJL model (never a trainer's, which
 * changes in place), built on the first global of its task exactly as the task's trainers are
 * ({@link TaskModels}) and loaded from each newer global's weights. Every call runs the model in
 * inference mode with grad mode off on the calling thread. Blocking and not thread-safe: the
 * inference worker's own.
 */
final class ServingModels implements AutoCloseable {
  private record Serving(LocalTrainer model, long round) {}

  private final Map<String, TaskSpec> tasks = new LinkedHashMap<>();
  private final Map<String, Serving> serving = new LinkedHashMap<>();
  private final long seed;

  ServingModels(Iterable<TaskSpec> tasks, long seed) {
    tasks.forEach(t -> this.tasks.put(t.id(), t));
    this.seed = seed;
  }

  /** Serves {@code weights} of {@code round} for {@code task} from now on. */
  void load(String task, long round, Weights weights) {
    TaskSpec spec = tasks.get(task);
    if (spec == null) {
      throw new IllegalArgumentException("unknown task '" + task + "'");
    }
    Serving s = serving.get(task);
    LocalTrainer model = s != null ? s.model() : TaskModels.trainer(spec, seed);
    try {
      if (weights.size() != model.layout().size()) {
        throw new IllegalArgumentException(
            "global of task '"
                + task
                + "' round "
                + round
                + " holds "
                + weights.size()
                + " floats, its model has "
                + model.layout().size());
      }
      model.setWeights(weights.toArray());
    } catch (RuntimeException e) {
      if (s == null) {
        model.close();
      }
      throw e;
    }
    serving.put(task, new Serving(model, round));
  }

  /** A new run: the model keeps serving, and any round of the new run replaces it. */
  void restartRounds(String task) {
    Serving s = serving.get(task);
    if (s != null) {
      serving.put(task, new Serving(s.model(), -1));
    }
  }

  /** The round of the model serving {@code task}, or -1 when it has none yet. */
  long round(String task) {
    Serving s = serving.get(task);
    return s == null ? -1 : s.round();
  }

  /** Classifies crops (CHW floats back to back) with {@code task}'s model. */
  int[] classify(String task, float[] crops) {
    return serving.get(task).model().predict(crops);
  }

  /** The next step's count forecast by {@code task}'s LSTM from one input (scaled back). */
  double forecastNext(String task, float[] input) {
    float[] out = serving.get(task).model().outputs(input);
    return out[0] * tasks.get(task).countScale();
  }

  @Override
  public void close() {
    serving.values().forEach(s -> s.model().close());
    serving.clear();
  }
}
