package org.divs.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One terminal's classified crops for one classifier task, by stream time: what the model said and,
 * where the crop was annotated with one of the task's classes, what the annotation said. Answers
 * the class counts of a window. Not thread-safe (the inference worker's own).
 */
public final class ClassTally {
  /**
   * A window's counts.
   *
   * @param predicted crops per class as the model classified them
   * @param labelled crops per class as annotated (crops without a known label left out)
   * @param crops crops in the window
   */
  public record Counts(int[] predicted, int[] labelled, int crops) {}

  private final int classes;
  private final TreeMap<Long, List<int[]>> byTime = new TreeMap<>();

  /** A tally over {@code classes} classes. */
  public ClassTally(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, got " + classes);
    }
    this.classes = classes;
  }

  /**
   * Adds one classified crop.
   *
   * @param timeMs its frame's stream time
   * @param predicted the class the model gave it
   * @param labelled the annotated class, or -1 when unknown
   */
  public void add(long timeMs, int predicted, int labelled) {
    if (predicted < 0 || predicted >= classes || labelled >= classes) {
      throw new IllegalArgumentException(
          "class " + predicted + " or label " + labelled + " outside 0.." + (classes - 1));
    }
    byTime.computeIfAbsent(timeMs, k -> new ArrayList<>()).add(new int[] {predicted, labelled});
  }

  /** The counts of crops with {@code startMs <= time < endMs}. */
  public Counts window(long startMs, long endMs) {
    int[] predicted = new int[classes];
    int[] labelled = new int[classes];
    int n = 0;
    for (Map.Entry<Long, List<int[]>> e : byTime.subMap(startMs, endMs).entrySet()) {
      for (int[] c : e.getValue()) {
        predicted[c[0]]++;
        if (c[1] >= 0) {
          labelled[c[1]]++;
        }
        n++;
      }
    }
    return new Counts(predicted, labelled, n);
  }

  /** Forgets crops before {@code timeMs}. */
  public void forgetBefore(long timeMs) {
    byTime.headMap(timeMs).clear();
  }

  /** Crop times held. */
  public int size() {
    return byTime.size();
  }
}
