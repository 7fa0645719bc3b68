package org.divs.experiments;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.ConsoleEvent;
import org.divs.bus.VertxFactory;
import org.divs.config.Topology;
import org.divs.deploy.Deployer;
import org.divs.node.DivsUnits;

/**
 * Runs a whole city in this JVM, without its console, for a number of migration periods, and
 * collects per period what migration needs: the balance, the frames held and ingested, the frames
 * moved, and the rounds that ended in it (wall and emulated time).
 */
public final class MigrationRun {
  /**
   * What one period measured.
   *
   * @param period the period number (the cloud's)
   * @param balance B_now at its close, emulated ms; NaN when fewer than two edges were timed
   * @param held frames held over the street edges, from their latest load reports
   * @param ingested frames the terminals had delivered (acked) by its close
   * @param moved frames the plan of this period moved (acked by the receivers)
   * @param roundWallMs wall time of each round merged in the period
   * @param roundEmulatedMs emulated critical path of each of those rounds
   */
  public record Period(
      long period,
      double balance,
      long held,
      long ingested,
      long moved,
      List<Long> roundWallMs,
      List<Long> roundEmulatedMs) {}

  /**
   * One run.
   *
   * @param periods the periods in order
   * @param loads each street edge's last load report as the cloud published it
   */
  public record Result(List<Period> periods, Map<String, JsonObject> loads) {}

  private MigrationRun() {}

  /** Collects the console events (on an event loop; read from the caller's thread). */
  private static final class Collector {
    final int periods;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    final List<double[]> closes = new ArrayList<>();
    final Map<String, JsonObject> loads = new TreeMap<>();
    final Map<String, Long> acked = new HashMap<>();
    final Map<Long, Long> moved = new HashMap<>();
    final List<long[]> rounds = new ArrayList<>();

    Collector(int periods) {
      this.periods = periods;
    }

    synchronized void on(ConsoleEvent e) {
      JsonObject p = new JsonObject(e.json());
      switch (e.type()) {
        case "balance" -> {
          if (closes.size() >= periods) {
            return;
          }
          long held = loads.values().stream().mapToLong(l -> l.getLong("frames", 0L)).sum();
          long ingested = acked.values().stream().mapToLong(Long::longValue).sum();
          Double b = p.getDouble("bNow");
          closes.add(
              new double[] {
                p.getLong("period"),
                p.getJsonObject("TMs").size() < 2 ? Double.NaN : b,
                held,
                ingested,
                e.timeMs()
              });
          if (closes.size() >= periods) {
            done.complete(null);
          }
        }
        case "stats" -> {
          if (p.containsKey("period")) {
            loads.put(p.getString("edge"), p);
          }
        }
        case "terminal" -> acked.put(p.getString("id"), p.getLong("acked", 0L));
        case "migration" -> {
          if ("done".equals(p.getString("phase"))) {
            moved.merge(p.getLong("period"), p.getLong("frames"), Long::sum);
          }
        }
        case "merged" -> {
          if (!done.isDone()) {
            rounds.add(new long[] {e.timeMs(), p.getLong("ms"), p.getLong("trainMs")});
          }
        }
        default -> {}
      }
    }

    synchronized Result result() {
      List<Period> out = new ArrayList<>();
      long after = Long.MIN_VALUE;
      for (double[] c : closes) {
        long period = (long) c[0];
        long until = (long) c[4];
        List<Long> wall = new ArrayList<>();
        List<Long> emulated = new ArrayList<>();
        for (long[] r : rounds) {
          if (r[0] > after && r[0] <= until) {
            wall.add(r[1]);
            emulated.add(r[2]);
          }
        }
        out.add(
            new Period(
                period,
                c[1],
                (long) c[2],
                (long) c[3],
                moved.getOrDefault(period, 0L),
                wall,
                emulated));
        after = until;
      }
      return new Result(out, Collections.unmodifiableMap(new TreeMap<>(loads)));
    }
  }

  /**
   * Deploys every unit of {@code t}, lets it run for {@code periods} migration periods and returns
   * what each period measured. The DJL engine must be loaded already.
   */
  public static Result run(Topology t, int periods) throws Exception {
    Vertx vertx = VertxFactory.local();
    Collector c = new Collector(periods);
    try {
      vertx
          .eventBus()
          .<ConsoleEvent>consumer(Addresses.CONSOLE_EVENTS, m -> c.on(m.body()))
          .completion()
          .toCompletionStage()
          .toCompletableFuture()
          .get(1, TimeUnit.MINUTES);
      Deployer.deploy(
              vertx,
              t,
              UUID.randomUUID().toString(),
              u -> true,
              new DivsUnits(new JsonObject().put("console", false)))
          .toCompletionStage()
          .toCompletableFuture()
          .get(5, TimeUnit.MINUTES);
      long budget = t.migration().periodMs() * (periods + 2L) + 60_000;
      c.done.get(budget, TimeUnit.MILLISECONDS);
      return c.result();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }
  }
}
