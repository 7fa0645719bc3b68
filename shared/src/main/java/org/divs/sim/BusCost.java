package org.divs.sim;

/**
 * What one event-bus message costs beside the network: a fixed part and a part per payload byte
 * (encoding, copying, decoding), as measured by {@code divs calibrate}.
 *
 * @param perMessageSeconds the fixed cost of one message
 * @param perByteSeconds the cost of one payload byte
 */
public record BusCost(double perMessageSeconds, double perByteSeconds) {
  /** Checks the figures. */
  public BusCost {
    if (!(perMessageSeconds >= 0) || !(perByteSeconds >= 0)) {
      throw new IllegalArgumentException("bus costs must be at least 0");
    }
  }

  /** The cost of one message of {@code bytes} payload bytes, in seconds. */
  public double of(long bytes) {
    return perMessageSeconds + perByteSeconds * bytes;
  }
}
