package org.divs.sim;

/**
 * A host's network interface: its bandwidth and the one-way latency from it to the switch.
 *
 * @param bytesPerSecond bandwidth in each direction
 * @param latencySeconds one-way latency to the switch; a path between two hosts adds both ends
 */
public record Link(double bytesPerSecond, double latencySeconds) {
  /** Gigabit Ethernet (125,000,000 bytes/s) with 50 microseconds to the switch. */
  public static final Link GIGABIT = new Link(125_000_000, 50e-6);

  /** Checks the figures. */
  public Link {
    if (!(bytesPerSecond > 0) || !(latencySeconds >= 0)) {
      throw new IllegalArgumentException(
          "link needs a positive bandwidth and a latency >= 0, got "
              + bytesPerSecond
              + ", "
              + latencySeconds);
    }
  }
}
