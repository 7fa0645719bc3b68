/**
 * A discrete-event simulator of a DIVS city on a virtual clock, calibrated by measurements of the
 * real models and bus, for paper-scale experiments a 2-core machine cannot run for real.
 *
 * <p>It runs the production algorithm classes, not copies: the round protocol ({@link
 * org.divs.sync.RoundMachine} on the virtual clock, {@link org.divs.sync.RoundCollector}), the
 * weighting and merge ({@link org.divs.sync.Weighting}, {@link org.divs.sync.WeightedMerge}) and
 * the migration planner ({@link org.divs.migration.MigrationPlanner}). What it models instead of
 * running: training time (measured cost per sample, scaled over threads by Amdahl's law and shared
 * among the jobs of a machine), crop cutting, links (bandwidth, latency, one transfer at a time per
 * network interface) and the event bus (measured cost per message and per byte). No Vert.x types.
 */
package org.divs.sim;
