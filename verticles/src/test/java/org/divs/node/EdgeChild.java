package org.divs.node;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.divs.bus.VertxFactory;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;

/**
 * A child process for {@link EdgeKillTest}: runs the edge and terminal units of a topology (its
 * JSON file is the only argument) and prints {@code ACK <frame id>} for every frame whose ack
 * reached the terminal, until it is killed.
 */
public final class EdgeChild {
  private EdgeChild() {}

  /** Runs until killed. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Topology t = TopologyLoader.parse(Files.readString(Path.of(args[0])));
    Vertx vertx = VertxFactory.local();
    AckLog.install(vertx)
        .onAck(
            ids -> {
              StringBuilder sb = new StringBuilder();
              ids.forEach(id -> sb.append("ACK ").append(id).append('\n'));
              out.print(sb);
              out.flush();
            });
    IngestCities.deploy(vertx, t).toCompletionStage().toCompletableFuture().get();
    out.println("READY");
  }
}
