package org.divs.flow;

import java.util.Objects;
import org.divs.model.LocalTrainer;
import org.divs.model.LstmSpec;

/**
 * The LSTM as a {@link Forecaster}: builds each origin's input from the series, runs the model
 * (inference mode) and scales its outputs back to counts. Uses the trainer it is given on the
 * calling thread: the caller confines both to one thread.
 */
public final class LstmForecaster implements Forecaster {
  private final LocalTrainer model;
  private final int lookback;
  private final float scale;
  private final String name;

  /**
   * Wraps an LSTM trainer.
   *
   * @param name the name for tables
   * @param model a trainer of an {@link LstmSpec}
   * @param scale the count that maps to 1, as in training
   */
  public LstmForecaster(String name, LocalTrainer model, float scale) {
    this.name = Objects.requireNonNull(name, "name");
    this.model = Objects.requireNonNull(model, "model");
    if (!(model.spec() instanceof LstmSpec spec)) {
      throw new IllegalArgumentException("not an LSTM: " + model.spec().name());
    }
    this.lookback = spec.lookback();
    this.scale = scale;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public float[] forecast(FlowSeries series, int[] origins, int horizon) {
    if (horizon != model.spec().outputs()) {
      throw new IllegalArgumentException(
          "the model forecasts " + model.spec().outputs() + " steps, asked for " + horizon);
    }
    float[] out = model.outputs(series.inputs(origins, lookback, scale));
    for (int i = 0; i < out.length; i++) {
      out[i] *= scale;
    }
    return out;
  }
}
