package org.divs.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.divs.bus.Addresses;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;
import org.divs.node.DivsUnits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of {@code divs bench ingest}, the same in one JVM and in the child JVM: three
 * street edges (store in memory, in RocksDB, in RocksDB with fsync), a bare echo consumer, and a
 * plain loopback socket server that answers each length-prefixed message with one byte.
 */
final class IngestRig {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRig.class);

  /** The node name of the receiving side (its echo and ping addresses). */
  static final String NODE = "bench-edge";

  /**
   * The edge and terminal of each store kind: memory, segment files, RocksDB, each durable engine
   * also with fsync.
   */
  static final String[] KINDS = {"mem", "seg", "rocks", "seg-sync", "rocks-sync"};

  /** Frame size of the bench. */
  static final int WIDTH = 640;

  /** Frame height of the bench. */
  static final int HEIGHT = 360;

  private IngestRig() {}

  /** The bench city: edge {@code street-<kind>} with terminal {@code bench-<kind>} each. */
  static Topology city(Path storeRoot) {
    JsonArray edges = new JsonArray();
    JsonArray terminals = new JsonArray();
    for (String kind : KINDS) {
      // 2000 frames (100 MB in memory): eviction runs, as in a steady state
      JsonObject store = new JsonObject().put("capacity", 2_000);
      if (!kind.equals("mem")) {
        store
            .put("dir", storeRoot.resolve(kind).toString())
            .put("fsync", kind.endsWith("-sync"))
            .put("engine", kind.startsWith("seg") ? "segments" : "rocksdb");
      }
      edges.add(
          new JsonObject()
              .put("id", "street-" + kind)
              .put("parent", "cloud")
              .put("node", NODE)
              .put("store", store));
      terminals.add(
          new JsonObject()
              .put("id", "bench-" + kind)
              .put("edge", "street-" + kind)
              .put("source", new JsonObject().put("type", "synthetic").put("pace", "max"))
              .put("frame", new JsonObject().put("width", WIDTH).put("height", HEIGHT))
              .put("window", new JsonObject().put("strideMs", 1000).put("lengthMs", 1000)));
    }
    JsonObject city =
        new JsonObject()
            .put("name", "bench-ingest")
            .put("cloud", new JsonObject().put("id", "cloud"))
            .put("edges", edges)
            .put("terminals", terminals)
            .put(
                "tasks",
                new JsonArray().add(new JsonObject().put("id", "flow").put("model", "lstm")));
    return TopologyLoader.parse(city.encode());
  }

  /**
   * Deploys the edges, the echo and ping consumers on {@code vertx}; the future completes once they
   * are registered.
   */
  static Future<Void> deploy(Vertx vertx, Topology t) {
    Future<?> edges =
        Deployer.deploy(
            vertx, t, "bench", u -> u.kind() == Unit.Kind.EDGE, new DivsUnits(new JsonObject()));
    Future<Void> echo =
        vertx
            .eventBus()
            .<Buffer>consumer(Addresses.echo(NODE), m -> m.reply(Buffer.buffer()))
            .completion();
    Future<Void> cpu = ProcessCpu.answer(vertx, NODE);
    Future<Void> ping =
        vertx
            .eventBus()
            .<String>consumer(Addresses.nodePing(NODE), m -> m.reply(NODE))
            .completion();
    return Future.all(edges, echo, cpu, ping).mapEmpty();
  }

  /** A loopback server answering each {@code [int length][bytes]} message with one byte. */
  static final class SocketServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> clients = new ArrayList<>();

    SocketServer() throws IOException {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread t = new Thread(this::accept, "bench-socket-accept");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          s.setTcpNoDelay(true);
          synchronized (clients) {
            clients.add(s);
          }
          Thread t = new Thread(() -> serve(s), "bench-socket-serve");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private static void serve(Socket s) {
      try (s;
          DataInputStream in = new DataInputStream(s.getInputStream());
          DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
        byte[] buf = new byte[1 << 16];
        while (true) {
          int n = in.readInt();
          while (n > 0) {
            int r = in.read(buf, 0, Math.min(buf.length, n));
            if (r < 0) {
              return;
            }
            n -= r;
          }
          out.write(1);
          out.flush();
        }
      } catch (IOException e) {
        LOG.debug("bench socket closed: {}", e.getMessage());
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      synchronized (clients) {
        for (Socket s : clients) {
          s.close();
        }
      }
    }
  }
}
