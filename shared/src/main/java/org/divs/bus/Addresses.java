package org.divs.bus;

/** Every event-bus address DIVS uses, in one place (ARCHITECTURE.md "Event-bus contracts"). */
public final class Addresses {
  private Addresses() {}

  /** Console events from every unit to the console. */
  public static final String CONSOLE_EVENTS = "divs.console.events";

  /** Control requests from the console to the cloud ({@link Control}, request/reply). */
  public static final String CLOUD_CONTROL = "divs.cloud.control";

  /** Request/reply of {@code divs calibrate}: the event bus's cost per message and per byte. */
  public static final String CALIBRATE_BUS = "divs.calibrate.bus";

  /** Edge load reports ({@link LoadReport}) to the cloud, once per migration period. */
  public static final String CLOUD_STATS = "divs.cloud.stats";

  /**
   * Ask the cloud's migration unit to close the current period now ({@link Control}, request/reply;
   * local to the cloud's node).
   */
  public static final String CLOUD_MIGRATION_CHECK = "divs.cloud.migration.check";

  /**
   * Ends of finite streams ({@link StreamEnd}) from the street edges to the cloud, once each
   * stream's frames are stored, windowed and cut.
   */
  public static final String CLOUD_STREAMS = "divs.cloud.streams";

  /** The end of a terminal's finite stream ({@link StreamEnd}) to its edge (request/reply). */
  public static String edgeStreamEnd(String edgeId) {
    return "divs.edge." + edgeId + ".stream-end";
  }

  /** Frame batches from a terminal to its edge (request/reply ack). */
  public static String edgeFrames(String edgeId) {
    return "divs.edge." + edgeId + ".frames";
  }

  /** Migration orders from the cloud to a donor edge. */
  public static String edgeMigrate(String edgeId) {
    return "divs.edge." + edgeId + ".migrate";
  }

  /** Frame transfers from a donor edge to a receiving edge. */
  public static String edgeReceive(String edgeId) {
    return "divs.edge." + edgeId + ".receive";
  }

  /** Global weights of a task handed by a street edge to its own trainer (local only). */
  public static String edgeTrain(String edgeId, String task) {
    return "divs.edge." + edgeId + ".train." + task;
  }

  /** Global weights of a task, published from the top of the tree to every street edge. */
  public static String syncGlobal(String task) {
    return "divs.sync." + task + ".global";
  }

  /** Request for the current global weights of a task (join and rejoin). */
  public static String syncCurrent(String task) {
    return "divs.sync." + task + ".current";
  }

  /** Local updates and partial merges sent up to aggregator (or cloud) {@code id}. */
  public static String aggLocal(String id) {
    return "divs.agg." + id + ".local";
  }

  /** Readiness ping of a node (answered once its units are deployed). */
  public static String nodePing(String node) {
    return "divs.node." + node + ".ping";
  }

  /**
   * {@code divs bench ingest} and {@code round-transport}: the JVM of {@code node} answers with its
   * process CPU time so far, in nanoseconds, or to {@code "jit"} with its JIT compile time so far,
   * in milliseconds.
   */
  public static String benchCpu(String node) {
    return "divs.node." + node + ".cpu";
  }

  /** Echo address used by the codec round-trip tests. */
  public static String echo(String node) {
    return "divs.node." + node + ".echo";
  }

  /** {@code divs bench round-transport}: each street edge's hop times, to the top. */
  public static final String BENCH_REPORT = "divs.bench.report";

  /**
   * {@code divs bench round-transport}, bare path: raw buffers the size of a global in {@code
   * encoding}, published from the top to every edge.
   */
  public static String benchBareDown(String encoding) {
    return "divs.bench.bare." + encoding + ".down";
  }

  /**
   * {@code divs bench round-transport}, bare path: raw buffers the size of an update in {@code
   * encoding}, sent up to aggregator (or top) {@code id}.
   */
  public static String benchBareUp(String id, String encoding) {
    return "divs.bench.bare." + encoding + "." + id + ".up";
  }
}
