package org.divs.testing;

import java.util.List;
import java.util.Random;
import org.divs.bus.Ack;
import org.divs.bus.Annotation;
import org.divs.bus.ConsoleEvent;
import org.divs.bus.Control;
import org.divs.bus.CurrentRequest;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LocalUpdate;
import org.divs.sync.Weights;

/** One sample message of every record type carried by a codec, for round-trip tests. */
public final class Samples {
  private Samples() {}

  /** Random weights of {@code n} floats. */
  public static Weights weights(long seed, int n) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return Weights.wrap(v);
  }

  /** A sample of every message type. */
  public static List<Object> all() {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
    FrameBatch batch =
        new FrameBatch(
            "cam-1",
            7,
            1000,
            2000,
            320,
            180,
            List.of(
                new EncodedFrame(1, 1000, jpeg, List.of(new Annotation("car", 1, 2, 30, 40))),
                new EncodedFrame(2, 1100, jpeg, List.of())));
    return List.of(
        batch,
        new GlobalWeights("run-1", "cnn", 3, weights(1, 1000)),
        new LocalUpdate(
            "run-1",
            "cnn",
            3,
            "street-1",
            96,
            Math.log(96),
            List.of("street-1"),
            0.7,
            1234,
            weights(2, 1000)),
        ConsoleEvent.of("round", "cloud", "{\"round\":3}").withId(12),
        new CurrentRequest("cnn", "street-2"),
        new Ack(5, 1),
        new Control(Control.STOP, "cnn"));
  }
}
