package org.divs.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.divs.testing.ClusterFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Event-bus TLS with client authentication between clustered nodes")
class EventBusTlsTest {
  private static final String PASSWORD = "divs-test-secret";
  private static final long SEND_TIMEOUT_MS = 2000;
  private static final long DEADLINE_MS = 30_000;

  @Test
  @Timeout(120)
  @DisplayName(
      "two nodes with trusted certificates exchange messages; a node whose certificate is not"
          + " trusted exchanges none, either way")
  void onlyTrustedNodesExchangeMessages(@TempDir Path dir) throws Exception {
    List<Process> keytools = new ArrayList<>();
    for (String node : List.of("a", "b", "c")) {
      keytools.add(keyPair(dir, node));
    }
    for (Process p : keytools) {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
      assertThat(p.exitValue()).as("keytool exit").isZero();
    }
    // a and b are trusted; c trusts them but is not trusted back
    Path trusted = trustStore(dir, "a", "b");
    List<Integer> ports = ClusterFixture.freePorts(3);
    List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    String name = "divs-test-tls-" + UUID.randomUUID();
    List<Future<Vertx>> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String node = List.of("a", "b", "c").get(i);
      starting.add(
          VertxFactory.clustered(
              ClusterSettings.loopback(name, ports.get(i), members)
                  .withTls(
                      new ClusterSettings.Tls(
                          dir.resolve(node + ".p12").toString(),
                          PASSWORD,
                          trusted.toString(),
                          PASSWORD))));
    }
    List<Vertx> nodes = new ArrayList<>();
    try {
      for (Future<Vertx> f : starting) {
        nodes.add(ClusterFixture.await(f));
      }
      Vertx a = nodes.get(0);
      Vertx b = nodes.get(1);
      Vertx c = nodes.get(2);
      List<String> atA = new CopyOnWriteArrayList<>();
      List<String> atC = new CopyOnWriteArrayList<>();
      ClusterFixture.await(
          a.eventBus()
              .<String>consumer(
                  "tls.a",
                  m -> {
                    atA.add(m.body());
                    m.reply("a got " + m.body());
                  })
              .completion());
      ClusterFixture.await(
          b.eventBus().<String>consumer("tls.b", m -> m.reply("b got " + m.body())).completion());
      ClusterFixture.await(
          c.eventBus()
              .<String>consumer(
                  "tls.c",
                  m -> {
                    atC.add(m.body());
                    m.reply("c got " + m.body());
                  })
              .completion());

      assertThat(firstAnswer(b, "tls.a", "from b")).startsWith("a got from b");
      assertThat(firstAnswer(a, "tls.b", "from a")).startsWith("b got from a");

      assertThat(failure(a, "tls.c", "from a").failureType()).isEqualTo(ReplyFailure.TIMEOUT);
      assertThat(failure(c, "tls.a", "from c").failureType()).isEqualTo(ReplyFailure.TIMEOUT);
      assertThat(atC).as("messages that reached the untrusted node").isEmpty();
      assertThat(atA)
          .as("messages that reached a")
          .isNotEmpty()
          .allMatch(s -> s.startsWith("from b"));
    } finally {
      for (Future<Vertx> f : starting) {
        Vertx v = f.toCompletionStage().toCompletableFuture().getNow(null);
        if (v != null) {
          ClusterFixture.await(v.close());
        }
      }
    }
  }

  /** A self-signed EC key pair and certificate for {@code node} in {@code node.p12}. */
  private static Process keyPair(Path dir, String node) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair",
            "-alias",
            "node",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=" + node,
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            dir.resolve(node + ".p12").toString(),
            "-storepass",
            PASSWORD)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(node + ".keytool.log").toFile())
        .start();
  }

  /** A PKCS12 trust store holding the certificates of {@code nodes}. */
  private static Path trustStore(Path dir, String... nodes) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (String node : nodes) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(dir.resolve(node + ".p12"))) {
        ks.load(in, PASSWORD.toCharArray());
      }
      trust.setCertificateEntry(node, ks.getCertificate("node"));
    }
    Path out = dir.resolve("trusted.p12");
    try (OutputStream o = Files.newOutputStream(out)) {
      trust.store(o, PASSWORD.toCharArray());
    }
    return out;
  }

  /**
   * Requests {@code address} from {@code from} until it answers (the first request after a join may
   * find the registration not yet there); each try's body is {@code body} plus its number.
   */
  private static String firstAnswer(Vertx from, String address, String body) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    for (int attempt = 0; ; attempt++) {
      try {
        return ClusterFixture.await(
                from.eventBus()
                    .<String>request(
                        address,
                        body + " #" + attempt,
                        new DeliveryOptions().setSendTimeout(SEND_TIMEOUT_MS)))
            .body();
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /**
   * The failure of a request that must not be answered, once the address's registration is seen (a
   * failure other than no handlers): the message left, and nothing came back.
   */
  private static ReplyException failure(Vertx from, String address, String body) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    while (true) {
      try {
        String answer =
            ClusterFixture.await(
                    from.eventBus()
                        .<String>request(
                            address, body, new DeliveryOptions().setSendTimeout(SEND_TIMEOUT_MS)))
                .body();
        throw new AssertionError(address + " answered: " + answer);
      } catch (ExecutionException e) {
        ReplyException r = (ReplyException) e.getCause();
        if (r.failureType() != ReplyFailure.NO_HANDLERS || System.nanoTime() > deadline) {
          return r;
        }
      }
    }
  }
}
