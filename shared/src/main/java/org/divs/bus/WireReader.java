package org.divs.bus;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.divs.sync.EncodedWeights;

/** Reads DIVS wire primitives from a {@link Buffer}, starting at a position (never at 0). */
final class WireReader {
  private final Buffer buffer;
  private int pos;

  WireReader(Buffer buffer, int pos) {
    this.buffer = buffer;
    this.pos = pos;
  }

  /** Reads the format-version byte and refuses any other than {@code expected}. */
  void version(byte expected, String type) {
    byte v = buffer.getByte(pos++);
    if (v != expected) {
      throw new IllegalStateException(
          type + ": wire format version " + v + ", this node reads " + expected);
    }
  }

  int i32() {
    int v = buffer.getInt(pos);
    pos += 4;
    return v;
  }

  long i64() {
    long v = buffer.getLong(pos);
    pos += 8;
    return v;
  }

  double f64() {
    double v = buffer.getDouble(pos);
    pos += 8;
    return v;
  }

  String str() {
    int n = i32();
    if (n < 0) {
      return null;
    }
    String s = buffer.getString(pos, pos + n, StandardCharsets.UTF_8.name());
    pos += n;
    return s;
  }

  /** A range of an array: where {@link #bytesInPlace} found the bytes. */
  record Range(byte[] array, int offset, int length) {}

  /**
   * Bytes written by {@link WireWriter#bytes}, read in place from the buffer's own array, or copied
   * when it has none ({@link #own}).
   */
  Range bytesInPlace() {
    int n = length("a field");
    ByteBuf own = own();
    Range r =
        own != null
            ? new Range(own.array(), own.arrayOffset() + pos, n)
            : new Range(buffer.getBytes(pos, pos + n), 0, n);
    pos += n;
    return r;
  }

  /** Reads a length (i32) and checks that the message holds that many more bytes. */
  private int length(String what) {
    int n = i32();
    if (n < 0 || n > buffer.length() - pos) {
      throw new IllegalStateException(
          what + " of " + n + " bytes, " + (buffer.length() - pos) + " left in the message");
    }
    return n;
  }

  /**
   * The buffer's own bytes, indexed as the buffer is, when they may be read in place: an unpooled
   * heap array that belongs to this one message and is never written again (a received message's).
   * Null for any other buffer: one that wraps a Netty buffer (which may be pooled, its array reused
   * once released), has no array, or whose bytes do not start at index 0; those are copied.
   */
  private ByteBuf own() {
    // getByteBuf() slices the readable bytes of the buffer's own unpooled heap buffer, or wraps
    // that slice when the buffer is another kind
    ByteBuf buf = buffer instanceof BufferInternal internal ? internal.getByteBuf() : null;
    return buf != null
            && buf.unwrap() instanceof UnpooledHeapByteBuf
            && buf.capacity() == buffer.length()
        ? buf
        : null;
  }

  List<String> strings() {
    int n = i32();
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(str());
    }
    return list;
  }

  /**
   * A weight payload written by {@link WireWriter#weights}, read whole, straight from the buffer's
   * memory ({@link #own}, else a copy): float32 values are copied once, into the weights; float16
   * and int8 values stay in the message's buffer, which belongs to this one message and is never
   * written again.
   */
  EncodedWeights weights() {
    int n = length("weight payload");
    ByteBuf own = own();
    ByteBuffer in =
        own != null ? own.nioBuffer(pos, n) : ByteBuffer.wrap(buffer.getBytes(pos, pos + n));
    pos += n;
    EncodedWeights w = EncodedWeights.readSharing(in);
    if (in.hasRemaining()) {
      throw new IllegalStateException(
          "weight payload of " + n + " bytes has " + in.remaining() + " left over");
    }
    return w;
  }
}
