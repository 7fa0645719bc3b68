package org.divs.flow;

/** The persistence baseline: every future step equals the last count seen. */
public final class LastValue implements Forecaster {

  @Override
  public String name() {
    return "last value";
  }

  @Override
  public float[] forecast(FlowSeries series, int[] origins, int horizon) {
    float[] out = new float[origins.length * horizon];
    for (int s = 0; s < origins.length; s++) {
      if (origins[s] < 1) {
        throw new IllegalArgumentException("origin " + origins[s] + " has no step before it");
      }
      java.util.Arrays.fill(out, s * horizon, (s + 1) * horizon, series.count(origins[s] - 1));
    }
    return out;
  }
}
