package org.divs.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.divs.source.CalendarFields;
import org.divs.source.Jpeg;
import org.divs.store.InMemoryFrameStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Encoded frames read from a message")
class EncodedFrameTest {
  private static final MessageCodecs.FrameBatchCodec CODEC = new MessageCodecs.FrameBatchCodec();

  private static FrameBatch read(FrameBatch batch) {
    Buffer buffer = Buffer.buffer().appendBytes(new byte[7]);
    CODEC.encodeToWire(buffer, batch);
    return CODEC.decodeFromWire(7, buffer);
  }

  private static byte[] jpegOf(int width, int height, int shade) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, (shade * 7 + x * 3 + y) & 0xFFFFFF);
      }
    }
    return Jpeg.encode(img, 0.8f);
  }

  private static FrameBatch batchOf(List<byte[]> jpegs) {
    List<EncodedFrame> frames = new ArrayList<>();
    for (int i = 0; i < jpegs.size(); i++) {
      frames.add(
          new EncodedFrame(
              10 + i,
              200L * i,
              jpegs.get(i),
              List.of(new Annotation("car", i, 2, 3, 4)),
              i,
              new CalendarFields(60 + i, 2, false)));
    }
    return new FrameBatch("cam-1", 3, 0, 1000, 32, 24, frames);
  }

  @Test
  @DisplayName("Frames read from a batch's message equal the frames sent and compact to a copy")
  void readInPlace() {
    List<byte[]> jpegs = List.of(jpegOf(32, 24, 1), jpegOf(32, 24, 2), jpegOf(32, 24, 3));
    FrameBatch sent = batchOf(jpegs);
    FrameBatch got = read(sent);
    assertThat(got).isEqualTo(sent);
    for (int i = 0; i < jpegs.size(); i++) {
      EncodedFrame f = got.frames().get(i);
      EncodedFrame original = sent.frames().get(i);
      assertThat(f.jpeg()).isEqualTo(jpegs.get(i));
      assertThat(f.jpegSize()).isEqualTo(jpegs.get(i).length);
      assertThat(f.hashCode()).isEqualTo(original.hashCode());
      ByteBuffer out = ByteBuffer.allocate(f.jpegSize() + 2).put((byte) 9);
      f.copyJpegTo(out);
      assertThat(Arrays.copyOfRange(out.array(), 1, 1 + f.jpegSize())).isEqualTo(jpegs.get(i));
      assertThat(out.position()).isEqualTo(1 + f.jpegSize());
      // read in place from the message: compacting copies it out; a frame of its own stays itself
      EncodedFrame compact = f.compact();
      assertThat(compact).isNotSameAs(f).isEqualTo(original);
      assertThat(compact.compact()).isSameAs(compact);
      assertThat(original.compact()).isSameAs(original);
    }
    // a frame read in place is written back from where it is
    assertThat(read(got)).isEqualTo(sent);
  }

  @Test
  @DisplayName(
      "Frames read from a buffer that wraps a Netty buffer are copied out, from the right bytes")
  void wrappedBufferCopied() {
    List<byte[]> jpegs = List.of(jpegOf(32, 24, 5), jpegOf(32, 24, 6));
    FrameBatch sent = batchOf(jpegs);
    Buffer encoded = Buffer.buffer();
    CODEC.encodeToWire(encoded, sent);
    // a Netty buffer whose readable bytes start after 3 others: a slice of it is not indexed
    // as the Vert.x buffer is
    ByteBuf netty =
        Unpooled.buffer().writeBytes(new byte[] {1, 2, 3}).writeBytes(encoded.getBytes());
    netty.readerIndex(3);
    FrameBatch got = CODEC.decodeFromWire(3, BufferInternal.buffer(netty));
    assertThat(got).isEqualTo(sent);
    for (EncodedFrame f : got.frames()) {
      assertThat(f.compact()).isSameAs(f); // copied: its own array already
    }
  }

  @Test
  @DisplayName("The in-memory store keeps a frame read from a message as a copy of its own bytes")
  void memoryStoreCompacts() {
    FrameBatch got = read(batchOf(List.of(jpegOf(32, 24, 7), jpegOf(32, 24, 8))));
    InMemoryFrameStore store = new InMemoryFrameStore(10);
    store.putAll(List.of(got.idOf(0), got.idOf(1)), got.frames(), false);
    for (int i = 0; i < 2; i++) {
      EncodedFrame kept = store.get(got.idOf(i)).orElseThrow();
      assertThat(kept).isEqualTo(got.frames().get(i));
      assertThat(kept.compact()).isSameAs(kept);
    }
  }

  @Test
  @DisplayName("The structural JPEG check reads a frame in place from its own bytes only")
  void checkInPlace() {
    byte[] good = jpegOf(32, 24, 4);
    byte[] cut = Arrays.copyOf(good, good.length - 1);
    FrameBatch got = read(batchOf(List.of(good, cut, good)));
    assertThat(got.frames().get(0).checkJpeg(32, 24)).isNull();
    assertThat(got.frames().get(0).checkJpeg(24, 32))
        .isEqualTo("frame is 32x24, the terminal declared 24x32");
    // the message goes on after the truncated frame, but only the frame's own end is checked
    assertThat(got.frames().get(1).checkJpeg(32, 24)).isEqualTo(Jpeg.check(cut, 32, 24));
    assertThat(got.frames().get(1).checkJpeg(32, 24)).contains("end-of-image");
    assertThat(got.frames().get(2).checkJpeg(32, 24)).isNull();
  }
}
