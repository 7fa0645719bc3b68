package org.divs.sim;

import java.util.Objects;

/**
 * How one task turns an edge's frames into training samples, and what a sample costs.
 *
 * @param samplesPerFrame samples one stored frame yields (crops for the CNN, windows for the LSTM)
 * @param cut whether its samples exist only once the edge's crop worker has cut the frame
 * @param cost the model's measured cost
 */
public record TaskLoad(double samplesPerFrame, boolean cut, Calibration.ModelCost cost) {
  /** Checks the figures. */
  public TaskLoad {
    Objects.requireNonNull(cost, "cost");
    if (!(samplesPerFrame > 0) || Double.isInfinite(samplesPerFrame)) {
      throw new IllegalArgumentException(
          "samples per frame must be positive, got " + samplesPerFrame);
    }
  }
}
