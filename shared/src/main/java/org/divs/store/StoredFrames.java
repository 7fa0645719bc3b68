package org.divs.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.divs.bus.Annotation;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;
import org.divs.source.CalendarFields;

/** The byte layouts of a durable store: frame ids as keys, frames as values. */
final class StoredFrames {
  /**
   * 2: the count (f64, NaN = none) and calendar (minute of day, -1 = none; day; flag) after seq.
   */
  static final byte FORMAT = 2;

  private StoredFrames() {}

  /** A frame id as a key: terminal (2-byte length, UTF-8), incarnation, sequence (big-endian). */
  static byte[] idKey(FrameId id) {
    byte[] t = id.terminal().getBytes(StandardCharsets.UTF_8);
    if (t.length > 0xFFFF) {
      throw new IllegalArgumentException("terminal name too long");
    }
    return ByteBuffer.allocate(2 + t.length + 16)
        .putShort((short) t.length)
        .put(t)
        .putLong(id.incarnation())
        .putLong(id.seq())
        .array();
  }

  static FrameId idOf(byte[] b, int offset) {
    ByteBuffer bb = ByteBuffer.wrap(b, offset, b.length - offset);
    int n = bb.getShort() & 0xFFFF;
    String t = new String(b, offset + 2, n, StandardCharsets.UTF_8);
    bb.position(offset + 2 + n);
    return new FrameId(t, bb.getLong(), bb.getLong());
  }

  /**
   * A frame's key in arrival order: the arrival number (big-endian, so keys sort by it), the id.
   */
  static byte[] arrivalKey(long arrival, FrameId id) {
    byte[] k = idKey(id);
    return ByteBuffer.allocate(8 + k.length).putLong(arrival).put(k).array();
  }

  static long arrivalOf(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }

  static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long longOf(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  static byte[] encode(EncodedFrame f) {
    byte[] head = head(f);
    ByteBuffer b = ByteBuffer.allocate(head.length + f.jpegSize());
    b.put(head);
    f.copyJpegTo(b);
    return b.array();
  }

  /** Everything of a frame's encoding before its JPEG bytes (which end it). */
  static byte[] head(EncodedFrame f) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bos)) {
      out.writeByte(FORMAT);
      out.writeLong(f.seq());
      out.writeLong(f.timeMs());
      out.writeDouble(f.count());
      CalendarFields c = f.calendar();
      out.writeShort(c == null ? -1 : c.minuteOfDay());
      out.writeByte(c == null ? 0 : c.dayOfWeek() | (c.holiday() ? 0x10 : 0));
      out.writeShort(f.annotations().size());
      for (Annotation a : f.annotations()) {
        out.writeUTF(a.label());
        out.writeInt(a.x());
        out.writeInt(a.y());
        out.writeInt(a.width());
        out.writeInt(a.height());
      }
      out.writeInt(f.jpegSize());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  static EncodedFrame decode(byte[] b) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(b))) {
      int format = in.readByte();
      if (format != FORMAT && format != 1) {
        throw new IllegalStateException("stored frame in unknown format " + format);
      }
      long seq = in.readLong();
      long time = in.readLong();
      double count = EncodedFrame.NO_COUNT;
      CalendarFields cal = null;
      if (format >= 2) {
        count = in.readDouble();
        int minute = in.readShort();
        int day = in.readByte();
        if (minute >= 0) {
          cal = new CalendarFields(minute, day & 0x0F, (day & 0x10) != 0);
        }
      }
      int na = in.readShort() & 0xFFFF;
      List<Annotation> anns = new ArrayList<>(na);
      for (int i = 0; i < na; i++) {
        anns.add(
            new Annotation(in.readUTF(), in.readInt(), in.readInt(), in.readInt(), in.readInt()));
      }
      byte[] jpeg = new byte[in.readInt()];
      in.readFully(jpeg);
      return EncodedFrame.owning(seq, time, jpeg, anns, count, cal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
