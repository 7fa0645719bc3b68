package org.divs.node;

import java.util.List;
import org.divs.window.Window;

/**
 * One stored chunk of a terminal as live inference takes it: its crops (annotated boxes or moving
 * blobs) and the windows it completed.
 *
 * @param terminal the terminal
 * @param incarnation its incarnation
 * @param startMs the chunk's start in stream time
 * @param endMs the chunk's end
 * @param crops its crops, in frame order
 * @param windows the windows it completed, in order
 * @param ackNanos when the edge acked it ({@link System#nanoTime()}), the start of its latency
 */
record LiveChunk(
    String terminal,
    long incarnation,
    long startMs,
    long endMs,
    List<CropCutter.Crop> crops,
    List<Window> windows,
    long ackNanos) {}
