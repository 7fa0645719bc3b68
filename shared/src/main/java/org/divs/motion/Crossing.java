package org.divs.motion;

/**
 * One object crossing the counting line.
 *
 * @param track id of the track that crossed
 * @param direction which way it crossed
 * @param timeMs stream time of the frame where its centre was first past the line
 * @param blob the object at that frame
 */
public record Crossing(long track, Direction direction, long timeMs, Blob blob) {}
