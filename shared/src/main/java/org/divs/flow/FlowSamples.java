package org.divs.flow;

import java.util.List;

/**
 * LSTM training samples gathered from one or more count series (one per camera an edge holds):
 * inputs and scaled targets back to back, as {@link org.divs.model.LocalTrainer} takes them.
 *
 * @param lookback steps of history per sample
 * @param horizon steps ahead per sample
 * @param x {@code size * lookback * 4} input floats
 * @param y {@code size * horizon} scaled targets
 */
public record FlowSamples(int lookback, int horizon, float[] x, float[] y) {

  /** Checks that inputs and targets hold the same number of samples. */
  public FlowSamples {
    int in = lookback * org.divs.model.LstmBlock.FEATURES;
    if (x.length % in != 0 || y.length % horizon != 0 || x.length / in != y.length / horizon) {
      throw new IllegalArgumentException("inputs and targets hold different sample counts");
    }
  }

  /**
   * Every gap-free sample of every series, series by series.
   *
   * @param series the series, e.g. one per camera
   * @param lookback steps of history
   * @param horizon steps ahead
   * @param scale the count that maps to 1
   * @return the samples
   */
  public static FlowSamples of(List<FlowSeries> series, int lookback, int horizon, float scale) {
    int n = 0;
    int[][] origins = new int[series.size()][];
    for (int s = 0; s < series.size(); s++) {
      origins[s] = series.get(s).origins(lookback, horizon);
      n += origins[s].length;
    }
    int in = lookback * org.divs.model.LstmBlock.FEATURES;
    float[] x = new float[n * in];
    float[] y = new float[n * horizon];
    int done = 0;
    for (int s = 0; s < series.size(); s++) {
      FlowSeries f = series.get(s);
      float[] xs = f.inputs(origins[s], lookback, scale);
      float[] ys = f.targets(origins[s], horizon, scale);
      System.arraycopy(xs, 0, x, done * in, xs.length);
      System.arraycopy(ys, 0, y, done * horizon, ys.length);
      done += origins[s].length;
    }
    return new FlowSamples(lookback, horizon, x, y);
  }

  /** The number of samples. */
  public int size() {
    return y.length / horizon;
  }

  /** Floats per input sample. */
  public int inputLength() {
    return lookback * org.divs.model.LstmBlock.FEATURES;
  }

  /**
   * Copies sample {@code i} into a minibatch.
   *
   * @param i the sample
   * @param bx the batch inputs
   * @param by the batch targets
   * @param slot the sample's place in the batch
   */
  public void copy(int i, float[] bx, float[] by, int slot) {
    System.arraycopy(x, i * inputLength(), bx, slot * inputLength(), inputLength());
    System.arraycopy(y, i * horizon, by, slot * horizon, horizon);
  }
}
