package org.divs.source;

import io.reactivex.rxjava3.core.Flowable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a source's stream into the non-overlapping chunks a terminal sends, one per stride of stream
 * time: chunk k holds the frames with {@code origin + k*S <= time < origin + (k+1)*S}, where the
 * origin is the first frame's time rounded down to a multiple of S. An empty stride gives no chunk
 * (the next chunk's span says where it starts).
 *
 * <p>Blocking and not thread-safe: one reader, on a worker thread. {@link #flowable} wraps it in a
 * backpressured RxJava {@code Flowable}, so a subscriber that requests no more (the delivery window
 * is full) stops the source from being read: the BLOCK policy for free.
 */
public final class SourceChunks {
  /**
   * One chunk.
   *
   * @param index its number: it starts at {@code origin + index * stride}
   * @param startMs start of its span (inclusive)
   * @param endMs end of its span (exclusive)
   * @param frames its frames in stream order, at least one
   */
  public record Chunk(long index, long startMs, long endMs, List<SourceFrame> frames) {
    /** Copies the frame list. */
    public Chunk {
      frames = List.copyOf(frames);
    }
  }

  private final FrameSource source;
  private final long stride;
  private SourceFrame held;
  private boolean started;
  private boolean ended;
  private long origin;

  /** Chunks of {@code strideMs} of stream time from {@code source}. */
  public SourceChunks(FrameSource source, long strideMs) {
    if (strideMs < 1) {
      throw new IllegalArgumentException("stride must be at least 1 ms: " + strideMs);
    }
    this.source = source;
    this.stride = strideMs;
  }

  /** The next chunk, or null at the end of the source. */
  public Chunk next() throws IOException {
    if (!started) {
      started = true;
      held = source.next();
      if (held != null) {
        origin = Math.floorDiv(held.timeMs(), stride) * stride;
      }
    }
    if (held == null || ended) {
      ended = true;
      return null;
    }
    long k = Math.floorDiv(held.timeMs() - origin, stride);
    long start = origin + k * stride;
    long end = start + stride;
    List<SourceFrame> frames = new ArrayList<>();
    frames.add(held);
    while (true) {
      SourceFrame f = source.next();
      if (f == null) {
        held = null;
        break;
      }
      if (f.timeMs() < start) {
        throw new IOException("source went back in time: " + f.timeMs() + " after " + start);
      }
      if (f.timeMs() >= end) {
        held = f;
        break;
      }
      frames.add(f);
    }
    return new Chunk(k, start, end, frames);
  }

  /**
   * The chunks of {@code source} as a backpressured, blocking {@code Flowable} (subscribe on a
   * worker scheduler); an IOException of the source ends it with an {@link UncheckedIOException}.
   * The flowable owns the source: it closes it when it ends or is cancelled (never while a read is
   * in progress).
   */
  public static Flowable<Chunk> flowable(FrameSource source, long strideMs) {
    return Flowable.generate(
        () -> new SourceChunks(source, strideMs),
        (chunks, emitter) -> {
          try {
            Chunk c = chunks.next();
            if (c == null) {
              emitter.onComplete();
            } else {
              emitter.onNext(c);
            }
          } catch (IOException e) {
            emitter.onError(new UncheckedIOException(e));
          }
        },
        chunks -> source.close());
  }
}
