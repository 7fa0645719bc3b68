package org.divs.calibrate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Ack;
import org.divs.bus.Addresses;
import org.divs.bus.ClusterSettings;
import org.divs.bus.LocalUpdate;
import org.divs.bus.VertxFactory;
import org.divs.sync.Weights;

/**
 * Measures the event bus: request/reply of a {@link LocalUpdate} carrying float32 weights of
 * several sizes, one in flight, between two units of one Vertx and between two clustered Vertx
 * instances on loopback (Hazelcast, 127.0.0.1). A least-squares line through the mean round trips
 * gives the cost per message (intercept) and per payload byte (slope); each mean is the best of
 * several stretches ({@link Timing}).
 */
public final class BusCosts {
  /** Payload sizes measured, bytes. */
  public static final List<Integer> SIZES = List.of(0, 262_144, 1_048_576, 4_194_304);

  private static final int WARMUP = 20;

  private BusCosts() {}

  /** Measures both buses; returns the {@code bus} object of the calibration file. */
  public static JsonObject measure() throws Exception {
    JsonObject local;
    Vertx vertx = VertxFactory.local();
    try {
      local = measure(vertx, vertx);
    } finally {
      await(vertx.close());
    }
    JsonObject clustered;
    String name = "divs-calibrate-" + UUID.randomUUID();
    List<Integer> ports = ClusterSettings.freePorts(2);
    List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    Vertx a = await(VertxFactory.clustered(ClusterSettings.loopback(name, ports.get(0), members)));
    try {
      Vertx b =
          await(VertxFactory.clustered(ClusterSettings.loopback(name, ports.get(1), members)));
      try {
        clustered = measure(a, b);
      } finally {
        await(b.close());
      }
    } finally {
      await(a.close());
    }
    return new JsonObject().put("local", local).put("clustered", clustered);
  }

  /** Request/reply from {@code from} to a consumer on {@code to}. */
  private static JsonObject measure(Vertx from, Vertx to) throws Exception {
    MessageConsumer<LocalUpdate> echo =
        to.eventBus().consumer(Addresses.CALIBRATE_BUS, m -> m.reply(new Ack(1, 0)));
    await(echo.completion());
    try {
      awaitReachable(from);
      JsonArray points = new JsonArray();
      double[] x = new double[SIZES.size()];
      double[] y = new double[SIZES.size()];
      for (int i = 0; i < SIZES.size(); i++) {
        LocalUpdate update = update(SIZES.get(i) / Float.BYTES);
        for (int w = 0; w < WARMUP; w++) {
          request(from, update);
        }
        x[i] = SIZES.get(i);
        y[i] = Timing.best(() -> request(from, update), 1, 1).seconds();
        points.add(new JsonObject().put("bytes", SIZES.get(i)).put("us", y[i] * 1e6));
      }
      double[] line = fit(x, y);
      return new JsonObject()
          .put("perMessageUs", Math.max(0, line[0]) * 1e6)
          .put("perByteNs", Math.max(0, line[1]) * 1e9)
          .put("points", points);
    } finally {
      await(echo.unregister());
    }
  }

  /** Intercept and slope of the least-squares line through (x, y). */
  static double[] fit(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / x.length;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    double slope = sxx == 0 ? 0 : sxy / sxx;
    return new double[] {my - slope * mx, slope};
  }

  private static LocalUpdate update(int floats) {
    return new LocalUpdate(
        "calibration",
        "cnn",
        1,
        "street-1",
        floats == 0 ? 0 : 64,
        0,
        List.of("street-1"),
        List.of(),
        0,
        0,
        Weights.wrap(new float[floats]));
  }

  private static void request(Vertx from, LocalUpdate u) {
    try {
      await(
          from.eventBus()
              .request(Addresses.CALIBRATE_BUS, u, new DeliveryOptions().setSendTimeout(30_000)));
    } catch (Exception e) {
      throw new IllegalStateException("calibration request failed", e);
    }
  }

  /** The first request after a cluster join can take a while: retry until one is answered. */
  private static void awaitReachable(Vertx from) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    LocalUpdate small = update(0);
    while (true) {
      try {
        await(
            from.eventBus()
                .request(
                    Addresses.CALIBRATE_BUS, small, new DeliveryOptions().setSendTimeout(2000)));
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the calibration consumer never answered", e);
        }
      }
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
