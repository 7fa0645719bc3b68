/**
 * Windows over a terminal's stored frames: overlapping windows of length L and stride S in stream
 * time, assembled at the edge from the non-overlapping chunks a terminal sends, and their vehicle
 * counts for the flow series. Plain Java, no Vert.x.
 */
package org.divs.window;
