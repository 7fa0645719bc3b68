package org.divs.calibrate;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.divs.sim.BusCost;
import org.divs.sim.Calibration;

/**
 * {@code config/calibration.json}: what {@code divs calibrate} measured, read back as a {@link
 * Calibration} for the simulator. Times in the file are in ms, us or ns as their keys say.
 */
public final class CalibrationFile {
  /** Where {@code divs calibrate} writes by default, and where {@code divs simulate} reads. */
  public static final Path DEFAULT = Path.of("config", "calibration.json");

  /** The copy bundled in the JAR, used when {@link #DEFAULT} is not found. */
  static final String RESOURCE = "/config/calibration.json";

  private CalibrationFile() {}

  /**
   * Reads a calibration: {@code file}, or when null {@link #DEFAULT} if present, else the copy
   * bundled in the JAR.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the key when the content is incomplete
   */
  public static Calibration read(Path file) throws IOException {
    String json;
    if (file == null && !Files.exists(DEFAULT)) {
      try (InputStream in = CalibrationFile.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException("no " + DEFAULT + " here and none bundled: run divs calibrate");
        }
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } else {
      json = Files.readString(file == null ? DEFAULT : file);
    }
    try {
      return parse(new JsonObject(json));
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(
          "calibration " + (file == null ? DEFAULT : file) + " is incomplete: " + e.getMessage(),
          e);
    }
  }

  /** The calibration a file's JSON holds. */
  public static Calibration parse(JsonObject j) {
    JsonObject m = j.getJsonObject("machine");
    Calibration.Machine machine =
        new Calibration.Machine(
            m.getInteger("cores"),
            m.getString("cpu"),
            m.getString("java"),
            m.getString("os"),
            m.getString("measuredAt"));
    Map<String, Calibration.ModelCost> models = new LinkedHashMap<>();
    JsonObject ms = j.getJsonObject("models");
    for (String family : ms.fieldNames()) {
      JsonObject c = ms.getJsonObject(family);
      List<Calibration.TrainPoint> train = new ArrayList<>();
      for (Object o : c.getJsonArray("trainMsPerSample")) {
        JsonObject p = (JsonObject) o;
        train.add(
            new Calibration.TrainPoint(
                p.getInteger("minibatch"),
                p.getDouble("threads1") / 1000,
                p.getDouble("threads2") / 1000));
      }
      JsonObject infer = c.getJsonObject("inferMsPerSample");
      models.put(
          family,
          new Calibration.ModelCost(
              c.getString("block"),
              c.getInteger("floats"),
              train,
              infer.getDouble("threads1") / 1000,
              infer.getDouble("threads2") / 1000,
              c.getDouble("roundMs") / 1000));
    }
    JsonObject s = j.getJsonObject("scene");
    Calibration.Scene scene =
        new Calibration.Scene(
            s.getInteger("width"),
            s.getInteger("height"),
            s.getDouble("fps"),
            s.getDouble("rate"),
            s.getLong("frames"),
            s.getDouble("jpegBytes"),
            s.getDouble("cropsPerFrame"),
            s.getDouble("cutMsPerFrame") / 1000);
    JsonObject bus = j.getJsonObject("bus");
    return new Calibration(
        machine,
        models,
        scene,
        busCost(bus.getJsonObject("local")),
        busCost(bus.getJsonObject("clustered")),
        j.getJsonObject("merge").getDouble("nsPerFloat") / 1e9);
  }

  private static BusCost busCost(JsonObject b) {
    return new BusCost(b.getDouble("perMessageUs") / 1e6, b.getDouble("perByteNs") / 1e9);
  }

  /**
   * Joins the children's model measurements (one per thread count) into the file's {@code models}
   * object.
   *
   * @param one the child on 1 thread: {"threads", "models": {family: {block, floats, train: {m: s},
   *     infer, round}}}
   * @param two the child on 2 threads
   */
  public static JsonObject models(JsonObject one, JsonObject two) {
    JsonObject models = new JsonObject();
    JsonObject a = one.getJsonObject("models");
    JsonObject b = two.getJsonObject("models");
    for (String family : a.fieldNames()) {
      JsonObject x = a.getJsonObject(family);
      JsonObject y = b.getJsonObject(family);
      JsonArray train = new JsonArray();
      for (String size : x.getJsonObject("train").fieldNames()) {
        train.add(
            new JsonObject()
                .put("minibatch", Integer.parseInt(size))
                .put("threads1", x.getJsonObject("train").getDouble(size) * 1000)
                .put("threads2", y.getJsonObject("train").getDouble(size) * 1000)
                .put("cpuShare1", x.getJsonObject("trainCpuShare").getDouble(size))
                .put("cpuShare2", y.getJsonObject("trainCpuShare").getDouble(size)));
      }
      models.put(
          family,
          new JsonObject()
              .put("block", x.getString("block"))
              .put("floats", x.getInteger("floats"))
              .put("trainMsPerSample", train)
              .put(
                  "inferMsPerSample",
                  new JsonObject()
                      .put("threads1", x.getDouble("infer") * 1000)
                      .put("threads2", y.getDouble("infer") * 1000)
                      .put("cpuShare1", x.getDouble("inferCpuShare"))
                      .put("cpuShare2", y.getDouble("inferCpuShare")))
              .put("roundMs", x.getDouble("round") * 1000));
    }
    return models;
  }
}
