package org.divs.config;

/**
 * Dynamic data migration settings (the paper's section IV.C).
 *
 * @param enabled whether the cloud plans and orders migrations at all
 * @param periodMs the migration assessment period: street edges report their load this often and
 *     the cloud plans once per period
 * @param thetaMs theta: the balance B_now (milliseconds of epoch time) at which a plan is made
 * @param xi the matching offset in frames: no move carries xi frames or fewer
 * @param batchFrames frames per transfer batch between two edges
 */
public record MigrationSpec(
    boolean enabled, long periodMs, double thetaMs, long xi, int batchFrames) {}
