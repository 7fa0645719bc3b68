/**
 * Counting vehicles by motion: a background model on a downscaled grey frame, a foreground mask,
 * connected blobs, centroid tracks and the crossings of a counting line. Plain Java, no Vert.x.
 */
package org.divs.motion;
