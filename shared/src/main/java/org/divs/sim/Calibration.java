package org.divs.sim;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The measurements a simulation rests on, as written by {@code divs calibrate} to {@code
 * config/calibration.json}: micro-measurements only, never a run of a city.
 *
 * @param machine the machine they were taken on
 * @param models cost of each model family ({@code cnn}, {@code lstm}), by family name
 * @param scene the synthetic scene's frames
 * @param localBus a message between units of one JVM
 * @param clusteredBus a message between two clustered JVM instances on loopback
 * @param mergeSecondsPerFloat the production merge's cost per float per contribution
 */
public record Calibration(
    Machine machine,
    Map<String, ModelCost> models,
    Scene scene,
    BusCost localBus,
    BusCost clusteredBus,
    double mergeSecondsPerFloat) {

  /** Checks that every part is present and copies the map (sorted by name). */
  public Calibration {
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(scene, "scene");
    Objects.requireNonNull(localBus, "localBus");
    Objects.requireNonNull(clusteredBus, "clusteredBus");
    models = Map.copyOf(new TreeMap<>(models));
  }

  /** The cost of a model family, if it was measured. */
  public Optional<ModelCost> model(String family) {
    return Optional.ofNullable(models.get(family));
  }

  /**
   * The machine of the measurements.
   *
   * @param cores available processors
   * @param cpu the CPU model, as the OS names it
   * @param java the Java runtime version
   * @param os operating system and architecture
   * @param measuredAt when, ISO-8601 UTC
   */
  public record Machine(int cores, String cpu, String java, String os, String measuredAt) {}

  /**
   * Training cost per sample of one minibatch size, at 1 and at 2 intra-op threads.
   *
   * @param minibatch samples per step
   * @param seconds1 seconds per sample on 1 thread
   * @param seconds2 seconds per sample on 2 threads
   */
  public record TrainPoint(int minibatch, double seconds1, double seconds2) {
    /** Checks the figures. */
    public TrainPoint {
      if (minibatch < 1 || !(seconds1 > 0) || !(seconds2 > 0)) {
        throw new IllegalArgumentException("train point needs minibatch >= 1 and positive costs");
      }
    }
  }

  /**
   * What one task's model costs.
   *
   * @param block what was measured (the production spec, or a stand-in of the stated shape)
   * @param floats floats in one weight set
   * @param train training cost per sample, by minibatch size
   * @param infer1 inference seconds per sample on 1 thread
   * @param infer2 inference seconds per sample on 2 threads
   * @param roundSeconds the fixed cost of a round on a trainer: load the global, read the weights
   */
  public record ModelCost(
      String block,
      int floats,
      List<TrainPoint> train,
      double infer1,
      double infer2,
      double roundSeconds) {
    /** Checks the figures and sorts the points by minibatch size. */
    public ModelCost {
      if (floats < 1 || train.isEmpty() || !(infer1 > 0) || !(infer2 > 0) || roundSeconds < 0) {
        throw new IllegalArgumentException("model cost of " + block + " is incomplete");
      }
      train = train.stream().sorted(Comparator.comparingInt(TrainPoint::minibatch)).toList();
    }

    /** Training seconds per sample on 1 thread at minibatch {@code m}. */
    public double trainSeconds(int m) {
      return interpolate(m, true);
    }

    /**
     * How training at minibatch {@code m} speeds up over threads (from the 1 and 2 thread costs).
     */
    public Amdahl trainAmdahl(int m) {
      return Amdahl.fromTwoThreadSpeedup(interpolate(m, true) / interpolate(m, false));
    }

    /** How inference speeds up over threads. */
    public Amdahl inferAmdahl() {
      return Amdahl.fromTwoThreadSpeedup(infer1 / infer2);
    }

    /** Linear in 1 / m between the nearest measured sizes, the end values beyond them. */
    private double interpolate(int m, boolean oneThread) {
      TrainPoint lo = train.get(0);
      TrainPoint hi = train.get(train.size() - 1);
      if (m <= lo.minibatch()) {
        return value(lo, oneThread);
      }
      if (m >= hi.minibatch()) {
        return value(hi, oneThread);
      }
      for (TrainPoint p : train) {
        if (p.minibatch() <= m) {
          lo = p;
        } else {
          hi = p;
          break;
        }
      }
      if (lo.minibatch() == m) {
        return value(lo, oneThread);
      }
      double x = (1.0 / m - 1.0 / lo.minibatch()) / (1.0 / hi.minibatch() - 1.0 / lo.minibatch());
      return value(lo, oneThread) + x * (value(hi, oneThread) - value(lo, oneThread));
    }

    private static double value(TrainPoint p, boolean oneThread) {
      return oneThread ? p.seconds1() : p.seconds2();
    }
  }

  /**
   * The synthetic scene's frames, as a terminal sends them.
   *
   * @param width frame width
   * @param height frame height
   * @param fps frames per second of stream
   * @param rate vehicles arriving per second
   * @param frames frames measured
   * @param jpegBytes mean JPEG size
   * @param cropsPerFrame mean annotated vehicles per frame (CNN samples)
   * @param cutSeconds an edge's crop worker's time per frame: decode the JPEG, cut and store its
   *     crops
   */
  public record Scene(
      int width,
      int height,
      double fps,
      double rate,
      long frames,
      double jpegBytes,
      double cropsPerFrame,
      double cutSeconds) {}
}
