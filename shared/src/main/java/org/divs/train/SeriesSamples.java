package org.divs.train;

import org.divs.config.TaskSpec;
import org.divs.flow.FlowSamples;
import org.divs.flow.FlowSeries;
import org.divs.model.LocalTrainer;

/**
 * An LSTM task's samples on one edge: every gap-free window of {@code lookback + horizon} steps of
 * the edge's count series ({@link SeriesStore}), inputs and targets divided by the task's count
 * scale. A round works on a snapshot of the series taken when it starts.
 */
public final class SeriesSamples implements TaskSamples {
  private final SeriesStore series;
  private final int lookback;
  private final int horizon;
  private final float scale;

  /**
   * The samples of an LSTM task.
   *
   * @param series the edge's count series
   * @param task the task: lookback, horizon and count scale
   */
  public SeriesSamples(SeriesStore series, TaskSpec task) {
    this.series = series;
    this.lookback = task.lookback();
    this.horizon = task.horizon();
    this.scale = (float) task.countScale();
  }

  @Override
  public int size() {
    int n = 0;
    for (FlowSeries s : series.snapshot()) {
      n += s.origins(lookback, horizon).length;
    }
    return n;
  }

  @Override
  public Round round() {
    FlowSamples samples = FlowSamples.of(series.snapshot(), lookback, horizon, scale);
    return new Round() {
      @Override
      public int size() {
        return samples.size();
      }

      @Override
      public float step(LocalTrainer trainer, int[] idx, int from, int n) {
        float[] x = new float[n * samples.inputLength()];
        float[] y = new float[n * horizon];
        for (int i = 0; i < n; i++) {
          samples.copy(idx[from + i], x, y, i);
        }
        return trainer.step(x, y);
      }
    };
  }
}
