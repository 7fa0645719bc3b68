package org.divs.sim;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a simulation needs beside its topology and calibration: the hardware, the links, when it
 * stops, how fine the ingest is, the balancing and the migration settings.
 *
 * @param placement how units map to machines
 * @param streetCores cores of the street edges' machines, cycled over the street edges in config
 *     order ({@link Placement#MACHINE_PER_UNIT})
 * @param aggregatorCores cores of an aggregator's machine ({@link Placement#MACHINE_PER_UNIT})
 * @param cloudCores cores of the cloud's machine ({@link Placement#MACHINE_PER_UNIT})
 * @param link every machine's network interface
 * @param rounds rounds with participants each task runs
 * @param roundsAfterIngest count only rounds begun once every frame is stored and cut (the
 *     workload's epochs); false counts every round from the start (like {@code divs run --rounds})
 * @param ingestChunkFrames frames a terminal sends per simulated transfer (a modelling granularity)
 * @param taskLoads per task id, a load that replaces the one derived from the task's model
 * @param balancing what evens out the edges' round times
 * @param thetaShare migration threshold theta as a share of the mean epoch time T_mean
 * @param xi migration offset xi, in frames
 * @param evaluationSamples held-out samples the cloud evaluates after each merged round
 * @param lstmFramesPerSample stored frames per LSTM training window
 */
public record SimSettings(
    Placement placement,
    List<Integer> streetCores,
    int aggregatorCores,
    int cloudCores,
    Link link,
    long rounds,
    boolean roundsAfterIngest,
    int ingestChunkFrames,
    Map<String, TaskLoad> taskLoads,
    Balancing balancing,
    double thetaShare,
    long xi,
    int evaluationSamples,
    double lstmFramesPerSample) {

  /** How units map to machines. */
  public enum Placement {
    /** Every camera, edge and the cloud on its own machine (the paper's testbed). */
    MACHINE_PER_UNIT,
    /** Units on one topology node share one machine of the calibrated kind (one JVM). */
    BY_NODE
  }

  /** What evens out the edges' round times. */
  public enum Balancing {
    /** Nothing: each edge trains ceil(S_j / b) samples a round. */
    NONE,
    /** Dynamic data migration (the production planner) at the end of every local epoch. */
    MIGRATION,
    /** LB-BSP: each edge's samples per round sized to its measured speed, no frames moved. */
    LBBSP
  }

  /** Checks the figures and copies the collections. */
  public SimSettings {
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(balancing, "balancing");
    streetCores = List.copyOf(streetCores);
    taskLoads = Map.copyOf(taskLoads);
    if (streetCores.isEmpty() || streetCores.stream().anyMatch(c -> c < 1)) {
      throw new IllegalArgumentException("street cores must be a non-empty list of counts >= 1");
    }
    if (aggregatorCores < 1 || cloudCores < 1 || rounds < 1 || ingestChunkFrames < 1) {
      throw new IllegalArgumentException("cores, rounds and the ingest chunk must be at least 1");
    }
    if (!(thetaShare >= 0) || xi < 0 || evaluationSamples < 0 || !(lstmFramesPerSample > 0)) {
      throw new IllegalArgumentException("theta share, xi, evaluation samples out of range");
    }
  }
}
