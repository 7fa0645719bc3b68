package org.divs.sync;

import java.util.Locale;

/**
 * How much each leaf's weight set counts in the global merge, as a log-mass so partial merges can
 * be combined exactly at any depth.
 *
 * <p>A leaf with k samples in its round has log-mass {@code logMass(k)}; the global model is the
 * mean of the leaves' weight sets, each weighted by {@code exp(logMass)} normalised over all
 * leaves.
 *
 * <ul>
 *   <li>{@code FEDAVG}: weight proportional to k (FedAvg), log-mass ln k;
 *   <li>{@code UNIFORM}: every leaf alike, log-mass 0;
 *   <li>{@code PAPER}: the paper's Eq. 6, exp(k_j - k_mean) normalised, a softmax over k; log-mass
 *       k (k_mean cancels in the normalisation), so no exp ever overflows.
 * </ul>
 */
public enum Weighting {
  /** Weight proportional to the samples used (FedAvg). */
  FEDAVG {
    @Override
    public double logMass(long samples) {
      return Math.log(samples);
    }
  },
  /** Every participant weighs the same. */
  UNIFORM {
    @Override
    public double logMass(long samples) {
      return 0.0;
    }
  },
  /** The paper's exp(k_j - k_mean), normalised: a softmax over batch sizes. */
  PAPER {
    @Override
    public double logMass(long samples) {
      return samples;
    }
  };

  /** The log of this leaf's unnormalised weight. {@code samples} must be positive. */
  public abstract double logMass(long samples);

  /** The normalised weights of leaves holding {@code samples}, summing to 1. */
  public double[] normalised(long... samples) {
    double[] log = new double[samples.length];
    for (int i = 0; i < samples.length; i++) {
      log[i] = logMass(samples[i]);
    }
    double total = LogSum.of(log);
    double[] w = new double[samples.length];
    for (int i = 0; i < samples.length; i++) {
      w[i] = Math.exp(log[i] - total);
    }
    return w;
  }

  /** The configuration name, lower case. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a configuration name such as {@code fedavg}. */
  public static Weighting fromConfig(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown weighting '" + name + "' (expected fedavg, uniform or paper)", e);
    }
  }
}
