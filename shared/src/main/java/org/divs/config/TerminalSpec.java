package org.divs.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A monitoring terminal (camera): streams its source to its street edge in chunks, one per stride.
 *
 * @param id unit id, shared namespace with the cloud and edges
 * @param edge id of the street edge it streams to
 * @param node name of the node (JVM) the terminal runs in
 * @param source where its frames come from
 * @param frame the declared frame size, checked by the edge at ingest
 * @param window the stride of its chunks and the length of the windows its edge builds
 * @param delivery how chunks are delivered to the edge
 * @param stateDir directory where its incarnation is persisted; empty: the start time is used
 */
public record TerminalSpec(
    String id,
    String edge,
    String node,
    SourceSpec source,
    Frame frame,
    Window window,
    Delivery delivery,
    Optional<String> stateDir) {

  /** Checks that every part is present. */
  public TerminalSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(edge, "edge");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(stateDir, "stateDir");
  }

  /** Frames in one chunk at the source's nominal rate: fps x stride, at least 1. */
  public int framesPerChunk() {
    return (int) Math.max(1, Math.round(source.fps() * window.strideMs() / 1000.0));
  }

  /**
   * The declared frame size in pixels.
   *
   * @param width width, 16 to 4096
   * @param height height, 16 to 4096
   */
  public record Frame(int width, int height) {}

  /**
   * Chunks and windows in stream time: the terminal sends one non-overlapping chunk per stride; the
   * edge builds windows of {@code lengthMs} every {@code strideMs} over the stored frames.
   *
   * @param lengthMs window length L in ms of stream time, at least the stride
   * @param strideMs stride S in ms of stream time: the span of one chunk
   */
  public record Window(long lengthMs, long strideMs) {}

  /**
   * Delivery of chunks to the edge: request/reply with an ack, bounded, resent with backoff.
   *
   * @param policy what the terminal does when the edge stays slow and its queue is full
   * @param inFlight chunks sent and not yet acknowledged, at most
   * @param queue chunks waiting to be sent, at most
   * @param timeoutMs how long the first send of a chunk waits for its ack
   * @param backoff each resend waits this many times longer than the one before
   * @param maxWaitMs the longest wait for an ack
   */
  public record Delivery(
      Policy policy, int inFlight, int queue, long timeoutMs, double backoff, long maxWaitMs) {
    /** Checks that the policy is present. */
    public Delivery {
      Objects.requireNonNull(policy, "policy");
    }

    /** The policies; the JSON names are lower case with {@code -} for {@code _}. */
    public enum Policy {
      /** Stop reading the source until the queue has room. */
      BLOCK,
      /** Drop the oldest unsent chunk and count it. */
      DROP_OLDEST
    }
  }
}
