package org.divs.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.divs.sync.EncodedWeights;
import org.divs.sync.WeightEncoding;
import org.divs.testing.Samples;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Weight payloads on the wire")
class WeightPayloadCodecTest {
  @SuppressWarnings("unchecked")
  private static <T> Buffer encode(DivsCodec<T> codec, Object message, int offset) {
    Buffer buffer = Buffer.buffer();
    buffer.appendBytes(new byte[offset]);
    codec.encodeToWire(buffer, (T) message);
    return buffer;
  }

  private static DivsCodec<?> codecOf(Object message) {
    return Codecs.create().stream()
        .filter(c -> c.type() == message.getClass())
        .findFirst()
        .orElseThrow();
  }

  private static EncodedWeights payloadOf(Object message) {
    return message instanceof GlobalWeights g ? g.payload() : ((LocalUpdate) message).payload();
  }

  @Test
  @DisplayName("float16, int8 and float32 deltas and quantised full weights round-trip")
  void everyEncodingRoundTrips() {
    List<Object> samples = Samples.compressed();
    assertThat(samples.stream().map(m -> payloadOf(m).encoding()))
        .contains(WeightEncoding.F16, WeightEncoding.I8, WeightEncoding.F32);
    for (Object message : samples) {
      DivsCodec<?> codec = codecOf(message);
      Buffer buffer = encode(codec, message, 7);
      Object back = codec.decodeFromWire(7, buffer);
      assertThat(back).as(payloadOf(message).toString()).isEqualTo(message).isNotSameAs(message);
    }
  }

  @Test
  @DisplayName("The payload is its length, then the encoding byte: 0x00 full f32, 0x11 f16 delta")
  void encodingByte() {
    GlobalWeights full = (GlobalWeights) Samples.all().get(1);
    GlobalWeights f16 = (GlobalWeights) Samples.compressed().get(0);
    for (GlobalWeights g : List.of(full, f16)) {
      Buffer b = encode(codecOf(g), g, 0);
      int headerEnd = 1 + 4 + 5 + 4 + 3 + 8; // version, runId, task, round
      assertThat(b.getInt(headerEnd)).isEqualTo(g.payload().wireBytes());
      assertThat(b.length()).isEqualTo(headerEnd + 4 + g.payload().wireBytes());
      assertThat(b.getByte(headerEnd + 4)).isEqualTo(g == full ? (byte) 0x00 : (byte) 0x11);
    }
  }

  @Test
  @DisplayName("A weight payload with an unknown encoding byte is refused")
  void unknownEncodingRefused() {
    GlobalWeights g = (GlobalWeights) Samples.all().get(1);
    DivsCodec<?> codec = codecOf(g);
    Buffer b = encode(codec, g, 0);
    b.setByte(1 + 4 + 5 + 4 + 3 + 8 + 4, (byte) 7);
    assertThatThrownBy(() -> codec.decodeFromWire(0, b))
        .hasMessageContaining("unknown weight encoding 7");
  }

  @Test
  @DisplayName("Full weights read back from a delta message are refused with the base round named")
  void deltaIsNotFull() {
    GlobalWeights g = (GlobalWeights) Samples.compressed().get(0);
    assertThatThrownBy(g::weights).hasMessageContaining("delta against round 3");
    LocalUpdate u = (LocalUpdate) Samples.compressed().get(4);
    assertThatThrownBy(u::contribution).hasMessageContaining("delta against round 3");
  }
}
