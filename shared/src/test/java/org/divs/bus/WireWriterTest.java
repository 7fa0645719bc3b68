package org.divs.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The wire writer")
class WireWriterTest {
  private static byte[] arrayOf(Buffer b) {
    return ((BufferInternal) b).getByteBuf().array();
  }

  @Test
  @DisplayName(
      "A reserved message buffer grows once, to exactly what was reserved, and takes it without"
          + " growing again")
  void reserveGrowsOnce() {
    Buffer buffer = Buffer.buffer(1024).appendInt(7); // as the clustered bus starts a message
    WireWriter w = new WireWriter(buffer).reserve(10 * (4 + 9_000));
    byte[] reserved = arrayOf(buffer);
    // to the size reserved, not rounded up to a power of two (131,072 here)
    assertThat(reserved.length).isEqualTo(4 + 10 * (4 + 9_000));
    byte[] part = new byte[9_000];
    for (int i = 0; i < 10; i++) {
      part[0] = (byte) i;
      w.bytes(part, 0, part.length);
    }
    assertThat(arrayOf(buffer)).isSameAs(reserved);
    assertThat(buffer.length()).isEqualTo(4 + 10 * (4 + 9_000));
    assertThat(buffer.getInt(0)).isEqualTo(7);
    assertThat(buffer.getInt(4)).isEqualTo(9_000);
    assertThat(buffer.getByte(4 + 9 * (4 + 9_000) + 4)).isEqualTo((byte) 9);
  }
}
