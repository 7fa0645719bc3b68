package org.divs.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param heldOut the data the cloud scores each global on, never streamed; empty: data made up the
 *     way the terminals make theirs
 */
public record TaskSpec(
    String id,
    Model model,
    double learningRate,
    List<String> classes,
    int lookback,
    int horizon,
    double countScale,
    Optional<HeldOut> heldOut) {

  /** Checks that every part is present and copies the class list. */
  public TaskSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(heldOut, "heldOut");
    classes = List.copyOf(classes);
  }

  /** A task scored on data made up the way the terminals make theirs (no {@code heldOut}). */
  public TaskSpec(
      String id,
      Model model,
      double learningRate,
      List<String> classes,
      int lookback,
      int horizon,
      double countScale) {
    this(id, model, learningRate, classes, lookback, horizon, countScale, Optional.empty());
  }

  /**
   * Held-out data of a task, read from files the terminals never stream.
   *
   * @param test what each global's score is: a {@code cnn} task's image list file (or folder); an
   *     {@code lstm} task's CSV column and row range
   * @param validation a second part scored beside it, by which the cloud keeps its best global;
   *     empty: none
   */
  public record HeldOut(Part test, Optional<Part> validation) {
    /** Checks that both parts are present. */
    public HeldOut {
      Objects.requireNonNull(test, "test");
      Objects.requireNonNull(validation, "validation");
    }
  }

  /**
   * One part of the held-out data.
   *
   * @param path an image list file or folder ({@code cnn}), or a count CSV ({@code lstm})
   * @param column the CSV's count column ({@code lstm})
   * @param fromRow first data row read ({@code lstm}, 0-based)
   * @param toRow data row where reading stops, exclusive; 0 = the end ({@code lstm})
   */
  public record Part(String path, String column, int fromRow, int toRow) {
    /** Checks that the path and column are present. */
    public Part {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(column, "column");
    }
  }

  /** The model families; the JSON names are the lower-case constant names. */
  public enum Model {
    /** Vehicle classification over crops. */
    CNN,
    /** Traffic-flow prediction over per-window counts. */
    LSTM
  }
}
