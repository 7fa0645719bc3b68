package org.divs.config;

import java.util.List;
import java.util.Objects;

/**
 * A learning task trained on every street edge and merged level by level.
 *
 * @param id task id, unique among tasks
 * @param model the model family
 * @param learningRate learning rate of the local optimiser, in (0, 10]
 * @param classes the class names of a {@code cnn} task, in output order; empty for {@code lstm}
 * @param lookback steps of history an {@code lstm} window holds
 * @param horizon steps ahead an {@code lstm} task forecasts
 * @param countScale the count an {@code lstm} task's inputs and targets divide by, so that every
 *     edge's model sees the same units
 */
public record TaskSpec(
    String id,
    Model model,
    double learningRate,
    List<String> classes,
    int lookback,
    int horizon,
    double countScale) {

  /** Checks that every part is present and copies the class list. */
  public TaskSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    classes = List.copyOf(classes);
  }

  /** The model families; the JSON names are the lower-case constant names. */
  public enum Model {
    /** Vehicle classification over crops. */
    CNN,
    /** Traffic-flow prediction over per-window counts. */
    LSTM
  }
}
