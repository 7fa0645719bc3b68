/**
 * Dynamic data migration (the paper's Algorithm IV.3 with the deviations in PAPER.md): plain
 * planning over the statistics the street edges report, with no Vert.x types.
 */
package org.divs.migration;
