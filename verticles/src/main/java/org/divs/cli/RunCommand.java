package org.divs.cli;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.divs.bus.Addresses;
import org.divs.bus.ClusterSettings;
import org.divs.bus.ConsoleEvent;
import org.divs.bus.VertxFactory;
import org.divs.config.ClusterSpec;
import org.divs.config.ConfigException;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;
import org.divs.model.DjlRuntime;
import org.divs.node.DivsUnits;
import org.divs.proc.NodeProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code divs run}: starts the city in this JVM and runs its rounds. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the city of the topology in this JVM: terminals, edges, aggregators, the cloud and its",
      "console. Stops when every task has done --rounds rounds, printing a summary. Exit codes: 0",
      "done, 1 failed, 2 bad config or arguments."
    })
final class RunCommand implements Callable<Integer> {
  /** Classpath resource of the embedded demo topology. */
  static final String DEMO = "/config/demo.json";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Topology JSON (default: the embedded demo city, config/demo.json).")
  Path config;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "Rounds with participants each task runs before the run stops; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
  long rounds;

  @Option(names = "--seed", paramLabel = "S", description = "Overrides the topology's seed.")
  Long seed;

  @Option(
      names = "--no-console",
      negatable = true,
      defaultValue = "true",
      description = "Serve the web console on the cloud node (default: on).")
  boolean console;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description =
          "Deploy only the units the topology places on node NAME and join the topology's cluster (default: the whole city in this JVM).")
  String node;

  @Option(
      names = "--resume",
      description =
          "Continue each task from its checkpoint in cloud.checkpoints, when one was written under the same topology.")
  boolean resume;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (rounds < 0) {
      err.println("--rounds must be 0 or more, was " + rounds);
      return 2;
    }
    Topology topology = loadTopology(config, this::withSeed, err);
    if (topology == null) {
      return 2;
    }
    Predicate<Unit> placed = node == null ? u -> true : u -> u.node().equals(node);
    ClusterSettings cluster = null;
    if (node != null) {
      Optional<ClusterSpec.Node> self = topology.cluster().flatMap(c -> c.node(node));
      if (self.isEmpty()) {
        err.println(
            "--node "
                + node
                + ": "
                + (topology.cluster().isEmpty()
                    ? "the topology has no cluster section"
                    : "not in cluster.nodes " + topology.cluster().get().members()));
        return 2;
      }
      ClusterSpec c = topology.cluster().get();
      ClusterSpec.Node n = self.get();
      cluster =
          new ClusterSettings(
              c.name(),
              n.host(),
              n.port(),
              c.members(),
              n.busPort(),
              n.publicHost(),
              c.heartbeatSeconds(),
              c.maxNoHeartbeatSeconds());
      if (c.tls().isPresent()) {
        ClusterSpec.Tls tls = c.tls().get();
        try {
          cluster =
              cluster.withTls(
                  new ClusterSettings.Tls(
                      tls.keyStore(),
                      tls.keyStorePassword(System::getenv),
                      tls.trustStore(),
                      tls.trustStorePassword(System::getenv)));
        } catch (ConfigException e) {
          err.println("Invalid topology " + config + ":");
          e.faults().forEach(f -> err.println("  " + f));
          return 2;
        }
      }
    }
    long streetsHere =
        Deployer.units(topology).stream()
            .filter(u -> u.kind() == Unit.Kind.EDGE && placed.test(u))
            .count();
    // The cluster join (Hazelcast's own threads) and the PyTorch load overlap.
    CompletableFuture<Vertx> joined =
        cluster == null
            ? null
            : VertxFactory.clustered(cluster, node).toCompletionStage().toCompletableFuture();
    DjlRuntime.loadFor((int) Math.max(1, streetsHere * topology.tasks().size()));
    String runId = UUID.randomUUID().toString();
    Vertx vertx;
    try {
      vertx = joined == null ? VertxFactory.local() : joined.get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      err.println("Cannot join cluster " + cluster.name() + ": " + rootMessage(e));
      return 1;
    }
    String self = node == null ? topology.cloud().node() : node;
    vertx.eventBus().consumer(Addresses.nodePing(self), m -> m.reply(self));
    List<String> deployed = new CopyOnWriteArrayList<>();
    Thread hook = new Thread(() -> stop(vertx, deployed), "divs-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    RunReport report = new RunReport(out, rounds);
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx
        .eventBus()
        .<ConsoleEvent>consumer(
            Addresses.CONSOLE_EVENTS,
            m -> {
              if (report.onEvent(m.body())) {
                done.complete(null);
              }
            });
    JsonObject extras =
        new JsonObject().put("rounds", rounds).put("console", console).put("resume", resume);
    out.printf(
        "DIVS run %s: %s, %d street edges, %d terminals, tasks %s, %d rounds%n",
        runId,
        topology.name(),
        topology.streetEdges().size(),
        topology.terminals().size(),
        topology.tasks().stream().map(t -> t.id()).toList(),
        rounds);
    out.flush();
    try {
      deployed.addAll(
          Deployer.deploy(vertx, topology, runId, placed, new DivsUnits(extras))
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, TimeUnit.MINUTES));
    } catch (Exception e) {
      err.println("The city failed to start: " + rootMessage(e));
      closeQuietly(vertx);
      return 1;
    }
    out.printf(
        "%s %d units on %s%n",
        NodeProcess.READY, deployed.size(), node == null ? "this JVM" : "node " + node);
    out.flush();
    if (rounds == 0) {
      new CompletableFuture<Void>().join();
    }
    done.join();
    report.printSummary();
    stop(vertx, deployed);
    Runtime.getRuntime().removeShutdownHook(hook);
    return 0;
  }

  /**
   * Reads and validates the topology of {@code config} (null: the embedded demo) after {@code
   * edit}; on a fault prints it to {@code err} and returns null.
   */
  static Topology loadTopology(Path config, UnaryOperator<String> edit, PrintWriter err) {
    try {
      return TopologyLoader.parse(edit.apply(readTopology(config)));
    } catch (ConfigException e) {
      err.println("Invalid topology " + (config == null ? DEMO : config) + ":");
      e.faults().forEach(f -> err.println("  " + f));
    } catch (IOException e) {
      err.println("Cannot read " + config + ": " + e.getMessage());
    }
    return null;
  }

  /** The topology JSON of {@code config}, or the embedded demo when it is null. */
  static String readTopology(Path config) throws IOException {
    return readTopology(config, DEMO);
  }

  /** The topology JSON of {@code config}, or the embedded {@code resource} when it is null. */
  static String readTopology(Path config, String resource) throws IOException {
    if (config != null) {
      return Files.readString(config, StandardCharsets.UTF_8);
    }
    try (InputStream in = RunCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the embedded topology " + resource + " is missing from the JAR");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String withSeed(String json) {
    if (seed == null) {
      return json;
    }
    try {
      return new JsonObject(json).put("seed", seed).encode();
    } catch (DecodeException e) {
      return json;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.toString();
  }

  /**
   * Undeploys the units in reverse order, then closes Vert.x (every verticle closes its DJL
   * models).
   */
  private static void stop(Vertx vertx, List<String> deployed) {
    try {
      Deployer.undeploy(vertx, deployed)
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(vertx);
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }
}
