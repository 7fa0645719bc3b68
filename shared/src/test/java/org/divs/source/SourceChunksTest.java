package org.divs.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Source chunks")
class SourceChunksTest {
  /** Frames at the given times; counts how many were read. */
  static final class Times implements FrameSource {
    final Deque<Long> times;
    int read;

    Times(Long... t) {
      times = new ArrayDeque<>(List.of(t));
    }

    @Override
    public SourceFrame next() {
      Long t = times.poll();
      if (t == null) {
        return null;
      }
      read++;
      return new SourceFrame(t, new byte[0], List.of());
    }

    @Override
    public double fps() {
      return 10;
    }
  }

  @Test
  @DisplayName("Frames are cut into strides of stream time; an empty stride gives no chunk")
  void cuts() throws IOException {
    SourceChunks c = new SourceChunks(new Times(0L, 100L, 900L, 1000L, 1500L, 3100L), 1000);
    SourceChunks.Chunk a = c.next();
    assertThat(a.index()).isZero();
    assertThat(a.frames()).extracting(SourceFrame::timeMs).containsExactly(0L, 100L, 900L);
    SourceChunks.Chunk b = c.next();
    assertThat(List.of(b.index(), b.startMs(), b.endMs())).containsExactly(1L, 1000L, 2000L);
    assertThat(b.frames()).hasSize(2);
    SourceChunks.Chunk d = c.next();
    assertThat(d.index()).isEqualTo(3);
    assertThat(c.next()).isNull();
  }

  @Test
  @DisplayName("The Flowable reads the source only as far as its subscriber requests")
  void backpressure() {
    Times src = new Times(0L, 100L, 1000L, 1100L, 2000L, 3000L, 4000L);
    TestSubscriber<SourceChunks.Chunk> ts = new TestSubscriber<>(1);
    SourceChunks.flowable(src, 1000).subscribe(ts);
    ts.assertValueCount(1);
    assertThat(src.read).as("one chunk plus the frame that closed it").isEqualTo(3);
    ts.request(10);
    ts.assertValueCount(5).assertComplete();
  }
}
