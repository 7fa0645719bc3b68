package org.divs.calibrate;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.divs.sync.Contribution;
import org.divs.sync.WeightedMerge;
import org.divs.sync.Weighting;
import org.divs.sync.Weights;

/** Measures the production merge: nanoseconds per float per contribution. */
public final class MergeCost {
  static final int FLOATS = 1 << 20;
  static final int PARTS = 4;
  private static final int RUNS = 7;

  private MergeCost() {}

  /**
   * Median of {@value #RUNS} merges of {@value #PARTS} x {@value #FLOATS} floats, after warm-up.
   */
  public static JsonObject measure() {
    SplittableRandom random = new SplittableRandom(5);
    List<Contribution> parts = new ArrayList<>();
    for (int p = 0; p < PARTS; p++) {
      float[] w = new float[FLOATS];
      for (int i = 0; i < FLOATS; i++) {
        w[i] = (float) random.nextDouble(-1, 1);
      }
      String leaf = "street-" + p;
      parts.add(
          new Contribution(
              Weighting.FEDAVG.logMass(100 + p), 100 + p, List.of(leaf), Weights.wrap(w)));
    }
    double[] ns = new double[RUNS];
    for (int run = -3; run < RUNS; run++) {
      long start = System.nanoTime();
      WeightedMerge.merge(parts);
      if (run >= 0) {
        ns[run] = (double) (System.nanoTime() - start) / ((long) FLOATS * PARTS);
      }
    }
    Arrays.sort(ns);
    return new JsonObject()
        .put("nsPerFloat", ns[RUNS / 2])
        .put("floats", FLOATS)
        .put("parts", PARTS);
  }
}
