package org.divs.bench;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.divs.bus.ClusterSettings;
import org.divs.bus.VertxFactory;

/**
 * The child JVM of {@code divs bench ingest}: joins the bench's cluster on loopback, deploys the
 * {@link IngestRig} and prints {@code READY <socket port>}; runs until its parent kills it or its
 * stdin closes.
 *
 * <p>Arguments: cluster name, own Hazelcast port, the parent's Hazelcast port, store root.
 */
public final class IngestBenchNode {
  private IngestBenchNode() {}

  /** Runs the receiving side. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int port = Integer.parseInt(args[1]);
    int parent = Integer.parseInt(args[2]);
    List<String> members = List.of("127.0.0.1:" + parent, "127.0.0.1:" + port);
    Vertx vertx =
        VertxFactory.clustered(ClusterSettings.loopback(args[0], port, members))
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    IngestRig.deploy(vertx, IngestRig.city(Path.of(args[3])))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    try (IngestRig.SocketServer socket = new IngestRig.SocketServer()) {
      out.println("READY " + socket.port());
      while (System.in.read() >= 0) {
        // until the parent closes our stdin (or kills us)
      }
    }
    System.exit(0);
  }
}
