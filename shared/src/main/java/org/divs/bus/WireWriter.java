package org.divs.bus;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.divs.sync.Weights;

/** Appends DIVS wire primitives to a {@link Buffer}. */
final class WireWriter {
  /** Weight payload encoding: float32, little-endian. */
  static final byte ENCODING_F32 = 0;

  private final Buffer buffer;

  WireWriter(Buffer buffer) {
    this.buffer = buffer;
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

  WireWriter bytes(byte[] b) {
    buffer.appendInt(b.length).appendBytes(b);
    return this;
  }

  WireWriter strings(List<String> list) {
    buffer.appendInt(list.size());
    for (String s : list) {
      str(s);
    }
    return this;
  }

  WireWriter weights(Weights w) {
    ByteBuffer bb = ByteBuffer.allocate(w.size() * Float.BYTES);
    w.writeTo(bb);
    buffer.appendByte(ENCODING_F32).appendInt(w.size()).appendBytes(bb.array());
    return this;
  }
}
