package org.divs.bus;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.divs.sync.EncodedWeights;

/** Appends DIVS wire primitives to a {@link Buffer}. */
final class WireWriter {
  private final Buffer buffer;

  WireWriter(Buffer buffer) {
    this.buffer = buffer;
  }

  /**
   * Makes room for {@code bytes} more bytes at once, so a large message grows its buffer once
   * instead of doubling it (and copying what it holds) again and again as it is written; and to
   * that size, not to the next power of two as Netty's growth would: a 289 KB batch would otherwise
   * take (and zero) a 512 KB array.
   */
  WireWriter reserve(long bytes) {
    if (buffer instanceof BufferInternal internal && bytes > 0 && bytes < Integer.MAX_VALUE) {
      // getByteBuf() is a slice of the bytes written so far, which cannot grow: grow the buffer
      // it slices (only when that is the buffer's own, holding exactly its bytes)
      ByteBuf owner = internal.getByteBuf().unwrap();
      if (owner != null && owner.readerIndex() == 0 && owner.writerIndex() == buffer.length()) {
        long need = owner.writerIndex() + bytes;
        if (need > owner.capacity() && need <= owner.maxCapacity()) {
          owner.capacity((int) need);
        }
      }
    }
    return this;
  }

  WireWriter version(byte v) {
    buffer.appendByte(v);
    return this;
  }

  WireWriter i32(int v) {
    buffer.appendInt(v);
    return this;
  }

  WireWriter i64(long v) {
    buffer.appendLong(v);
    return this;
  }

  WireWriter f64(double v) {
    buffer.appendDouble(v);
    return this;
  }

  WireWriter str(String s) {
    if (s == null) {
      buffer.appendInt(-1);
      return this;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(b.length).appendBytes(b);
    return this;
  }

  WireWriter bytes(byte[] b, int offset, int length) {
    buffer.appendInt(length).appendBytes(b, offset, length);
    return this;
  }

  WireWriter strings(List<String> list) {
    buffer.appendInt(list.size());
    for (String s : list) {
      str(s);
    }
    return this;
  }

  /**
   * A weight payload: its length (i32), then {@link EncodedWeights#writeTo its wire format}, which
   * starts with the encoding byte. Written in place: the buffer grows once to its final length and
   * the payload goes straight into it, with no array of megabytes in between.
   */
  WireWriter weights(EncodedWeights w) {
    int n = w.wireBytes();
    buffer.appendInt(n);
    if (!(buffer instanceof BufferInternal internal)) {
      buffer.appendBytes(w.toBytes());
      return this;
    }
    int pos = buffer.length();
    buffer.setByte(pos + n - 1, (byte) 0);
    ByteBuffer view = internal.getByteBuf().nioBuffer(pos, n);
    w.writeTo(view);
    if (view.hasRemaining()) {
      throw new IllegalStateException(
          "weight payload wrote " + view.position() + " of its " + n + " bytes");
    }
    return this;
  }
}
