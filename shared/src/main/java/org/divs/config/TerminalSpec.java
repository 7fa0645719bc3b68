package org.divs.config;

import java.util.Objects;

/**
 * A monitoring terminal (camera): streams its source to its street edge in chunks.
 *
 * @param id unit id, shared namespace with the cloud and edges
 * @param edge id of the street edge it streams to
 * @param node name of the node (JVM) the terminal runs in
 * @param source where its frames come from
 * @param frame the declared frame size, checked by the edge at ingest
 * @param chunk how many frames one batch carries
 */
public record TerminalSpec(
    String id, String edge, String node, SourceSpec source, Frame frame, Chunk chunk) {

  /** Checks that every part is present. */
  public TerminalSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(edge, "edge");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(chunk, "chunk");
  }

  /**
   * The declared frame size in pixels.
   *
   * @param width width, 16 to 4096
   * @param height height, 16 to 4096
   */
  public record Frame(int width, int height) {}

  /**
   * The chunking of the stream: one non-overlapping chunk per stride.
   *
   * @param frames frames per chunk (the stride), 1 to 1000
   */
  public record Chunk(int frames) {}
}
