package org.divs.bus;

import java.util.Objects;

/**
 * The end of a finite stream: sent by a terminal to its edge once every chunk is acked, and by the
 * edge to the cloud once those frames are also windowed and cut into crops.
 *
 * @param terminal the terminal whose stream ended
 * @param edge the street edge that stored it
 * @param incarnation the terminal's incarnation that streamed it
 * @param frames frames the terminal sent in this incarnation
 */
public record StreamEnd(String terminal, String edge, long incarnation, long frames) {
  /** Checks that the ids are present. */
  public StreamEnd {
    Objects.requireNonNull(terminal, "terminal");
    Objects.requireNonNull(edge, "edge");
  }
}
