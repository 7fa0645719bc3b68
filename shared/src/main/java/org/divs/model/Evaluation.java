package org.divs.model;

import java.util.Arrays;

/**
 * The result of evaluating a classifier on labelled samples: accuracy, mean loss and the confusion
 * matrix. Immutable; the matrix is copied in and out.
 */
public final class Evaluation {

  private final int[][] confusion;
  private final int samples;
  private final int correct;
  private final double meanLoss;

  /**
   * Creates an evaluation from its confusion matrix.
   *
   * @param confusion {@code confusion[actual][predicted]} counts, square
   * @param meanLoss the loss averaged over all samples
   */
  public Evaluation(int[][] confusion, double meanLoss) {
    int classes = confusion.length;
    this.confusion = new int[classes][];
    int total = 0;
    int diagonal = 0;
    for (int a = 0; a < classes; a++) {
      if (confusion[a].length != classes) {
        throw new IllegalArgumentException("confusion matrix is not square at row " + a);
      }
      this.confusion[a] = confusion[a].clone();
      for (int p = 0; p < classes; p++) {
        total += confusion[a][p];
      }
      diagonal += confusion[a][a];
    }
    this.samples = total;
    this.correct = diagonal;
    this.meanLoss = meanLoss;
  }

  /**
   * Returns the number of evaluated samples.
   *
   * @return the sum of the confusion matrix
   */
  public int samples() {
    return samples;
  }

  /**
   * Returns the number of correctly classified samples.
   *
   * @return the trace of the confusion matrix
   */
  public int correct() {
    return correct;
  }

  /**
   * Returns the fraction of correctly classified samples.
   *
   * @return accuracy in [0, 1]; 0 when there were no samples
   */
  public double accuracy() {
    return samples == 0 ? 0.0 : (double) correct / samples;
  }

  /**
   * Returns the loss averaged over all samples.
   *
   * @return the mean loss
   */
  public double meanLoss() {
    return meanLoss;
  }

  /**
   * Returns the number of classes.
   *
   * @return the side of the confusion matrix
   */
  public int classes() {
    return confusion.length;
  }

  /**
   * Returns a copy of the confusion matrix.
   *
   * @return {@code [actual][predicted]} counts
   */
  public int[][] confusion() {
    int[][] copy = new int[confusion.length][];
    for (int a = 0; a < confusion.length; a++) {
      copy[a] = confusion[a].clone();
    }
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evaluation other
        && Double.compare(meanLoss, other.meanLoss) == 0
        && Arrays.deepEquals(confusion, other.confusion);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(confusion) + Double.hashCode(meanLoss);
  }

  @Override
  public String toString() {
    return String.format(
        "Evaluation[accuracy=%.3f (%d/%d), meanLoss=%.4f, confusion=%s]",
        accuracy(), correct, samples, meanLoss, Arrays.deepToString(confusion));
  }
}
