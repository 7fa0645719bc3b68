package org.divs.sync;

/**
 * Detects the steady state of a task's global weights: the relative change ||W(i) - W(i-1)|| /
 * ||W(i-1)|| stays under {@code epsilon} for {@code rounds} rounds in a row. Plain Java.
 */
public final class SteadyState {
  private final double epsilon;
  private final int rounds;
  private int calm;
  private double lastChange = Double.NaN;

  /** Steady after {@code rounds} rounds in a row changing less than {@code epsilon}; 0 = never. */
  public SteadyState(double epsilon, int rounds) {
    this.epsilon = epsilon;
    this.rounds = rounds;
  }

  /** Records a new global; true once the weights are steady. */
  public boolean offer(Weights previous, Weights next) {
    double base = previous.norm();
    lastChange = previous.distance(next) / (base == 0 ? 1 : base);
    calm = lastChange < epsilon ? calm + 1 : 0;
    return rounds > 0 && calm >= rounds;
  }

  /** The relative change of the last offered round. */
  public double lastChange() {
    return lastChange;
  }
}
