package org.divs.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.divs.sync.Weights;
import org.divs.testing.ClusterFixture;
import org.divs.testing.Samples;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Message codecs")
class CodecsTest {
  private static Map<Class<?>, DivsCodec<?>> byType(List<DivsCodec<?>> codecs) {
    return codecs.stream().collect(Collectors.toMap(DivsCodec::type, Function.identity()));
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(DivsCodec<T> codec, Object message, int offset) {
    Buffer buffer = Buffer.buffer();
    buffer.appendBytes(new byte[offset]);
    codec.encodeToWire(buffer, (T) message);
    return codec.decodeFromWire(offset, buffer);
  }

  @Test
  @DisplayName("Every message type has a codec and round-trips through the wire format")
  void everyCodecRoundTrips() {
    Map<Class<?>, DivsCodec<?>> codecs = byType(Codecs.create());
    List<Object> samples = Samples.all();
    assertThat(samples.stream().map(Object::getClass).collect(Collectors.toSet()))
        .isEqualTo(codecs.keySet());
    for (Object message : samples) {
      DivsCodec<?> codec = codecs.get(message.getClass());
      assertThat(roundTrip(codec, message, 5)).as(codec.name()).isEqualTo(message);
      assertThat(codec.encodeCount()).isEqualTo(1);
      assertThat(codec.decodeCount()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("A message written by another format version is refused with its type named")
  void otherVersionRefused() {
    DivsCodec<?> codec = byType(Codecs.create()).get(GlobalWeights.class);
    Buffer buffer = Buffer.buffer();
    codecEncode(codec, Samples.all().get(1), buffer);
    buffer.setByte(0, (byte) 9);
    assertThatThrownBy(() -> codec.decodeFromWire(0, buffer))
        .hasMessageContaining("GlobalWeights")
        .hasMessageContaining("version 9");
  }

  @SuppressWarnings("unchecked")
  private static <T> void codecEncode(DivsCodec<T> codec, Object message, Buffer buffer) {
    codec.encodeToWire(buffer, (T) message);
  }

  @Test
  @DisplayName("Registering the codecs twice on one Vertx keeps the first registration")
  void registerIsIdempotent() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Codecs first = Codecs.register(vertx);
      assertThat(Codecs.register(vertx)).isSameAs(first);
      assertThat(Codecs.of(vertx)).isSameAs(first);
    } finally {
      ClusterFixture.await(vertx.close());
    }
  }

  @Test
  @Timeout(120)
  @DisplayName("Every registered codec is echoed between two clustered Vertx instances")
  void everyCodecCrossesTheCluster() throws Exception {
    try (ClusterFixture cluster = ClusterFixture.start(2)) {
      Vertx a = cluster.node(0);
      Vertx b = cluster.node(1);
      ClusterFixture.await(
          b.eventBus().consumer(Addresses.echo("n1"), m -> m.reply(m.body())).completion());
      for (Object message : Samples.all()) {
        Object echoed =
            ClusterFixture.await(a.eventBus().request(Addresses.echo("n1"), message)).body();
        assertThat(echoed).isEqualTo(message).isNotSameAs(message);
      }
      for (Vertx v : List.of(a, b)) {
        for (DivsCodec<?> c : Codecs.of(v).all()) {
          assertThat(c.encodeCount()).as("encodes of " + c.name()).isPositive();
          assertThat(c.decodeCount()).as("decodes of " + c.name()).isPositive();
        }
      }
    }
  }

  @Test
  @DisplayName(
      "A global's codec gives copies of one wire buffer one instance, with other messages decoded"
          + " between them, and a failed decoding is not remembered")
  void sharedDecodingsInterleave() {
    DivsCodec<?> codec = byType(Codecs.create()).get(GlobalWeights.class);
    List<Buffer> buffers = new java.util.ArrayList<>();
    for (int r = 0; r < DivsCodec.SHARED; r++) {
      Buffer b = Buffer.buffer();
      codecEncode(
          codec, new GlobalWeights("run", "task-" + r, r, Weights.wrap(new float[] {r})), b);
      buffers.add(b);
    }
    Object first = codec.decodeFromWire(0, buffers.get(0));
    for (Buffer b : buffers.subList(1, buffers.size())) {
      codec.decodeFromWire(0, b); // other tasks' globals between two copies of the first
    }
    assertThat(codec.decodeFromWire(0, buffers.get(0))).isSameAs(first);
    Buffer copy = buffers.get(0).copy(); // the same bytes in another message: decoded again
    assertThat(codec.decodeFromWire(0, copy)).isEqualTo(first).isNotSameAs(first);
    assertThat(codec.decodeCount()).isEqualTo(DivsCodec.SHARED + 1);

    Buffer bad = buffers.get(1).copy();
    bad.setByte(0, (byte) 9);
    assertThatThrownBy(() -> codec.decodeFromWire(0, bad)).hasMessageContaining("version 9");
    assertThatThrownBy(() -> codec.decodeFromWire(0, bad)).hasMessageContaining("version 9");
    bad.setByte(0, buffers.get(1).getByte(0));
    assertThat(codec.decodeFromWire(0, bad)).isEqualTo(codec.decodeFromWire(0, buffers.get(1)));
  }

  @Test
  @Timeout(120)
  @DisplayName("The consumers of a published global in one JVM share one decoding of it")
  void publishedGlobalDecodedOnce() throws Exception {
    try (ClusterFixture cluster = ClusterFixture.start(2)) {
      Vertx a = cluster.node(0);
      Vertx b = cluster.node(1);
      List<GlobalWeights> received = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 3; i++) {
        // each registration outside a context gets a context (an event loop) of its own
        ClusterFixture.await(
            b.eventBus()
                .<GlobalWeights>consumer("test.globals", m -> received.add(m.body()))
                .completion());
      }
      DivsCodec<?> codec = byType(Codecs.of(b).all()).get(GlobalWeights.class);
      long before = codec.decodeCount();
      GlobalWeights first =
          new GlobalWeights("run", "cnn", 4, Weights.wrap(new float[] {1f, -2f, 3.5f}));
      a.eventBus().publish("test.globals", first);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 3);
      assertThat(received).allSatisfy(g -> assertThat(g).isEqualTo(first).isNotSameAs(first));
      assertThat(received.get(1)).isSameAs(received.get(0));
      assertThat(received.get(2)).isSameAs(received.get(0));
      assertThat(codec.decodeCount() - before).isEqualTo(1);

      GlobalWeights second =
          new GlobalWeights("run", "cnn", 5, Weights.wrap(new float[] {0f, 2f, -1f}));
      a.eventBus().publish("test.globals", second);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 6);
      assertThat(received.subList(3, 6))
          .allSatisfy(g -> assertThat(g).isEqualTo(second).isSameAs(received.get(3)));
      assertThat(codec.decodeCount() - before).isEqualTo(2);
    }
  }
}
