package org.divs.testing;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.divs.bus.Ack;
import org.divs.bus.Annotation;
import org.divs.bus.ConsoleEvent;
import org.divs.bus.Control;
import org.divs.bus.CurrentRequest;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameTransfer;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LoadReport;
import org.divs.bus.LocalUpdate;
import org.divs.bus.MigrationOrder;
import org.divs.bus.StreamEnd;
import org.divs.bus.TransferAck;
import org.divs.source.CalendarFields;
import org.divs.sync.EncodedWeights;
import org.divs.sync.WeightEncoding;
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

  /** Tensor lengths of the 1000-float sample weights: three tensors. */
  public static final int[] TENSORS = {600, 16, 384};

  /**
   * Weight-carrying messages with every other payload: float16, int8 and float32 deltas, and full
   * float16 and int8 weights.
   */
  public static List<Object> compressed() {
    Weights base = weights(1, 1000);
    Weights next = weights(3, 1000);
    EncodedWeights f16 = EncodedWeights.delta(WeightEncoding.F16, TENSORS, next, base, 3);
    EncodedWeights i8 = EncodedWeights.delta(WeightEncoding.I8, TENSORS, next, base, 3);
    EncodedWeights f32 = EncodedWeights.delta(WeightEncoding.F32, TENSORS, next, base, 3);
    return List.of(
        new GlobalWeights("run-1", "cnn", 4, f16),
        new GlobalWeights("run-1", "cnn", 4, i8),
        new GlobalWeights("run-1", "cnn", 4, f32),
        new GlobalWeights(
            "run-1", "cnn", 4, EncodedWeights.encode(WeightEncoding.F16, TENSORS, next)),
        new LocalUpdate(
            "run-1",
            "cnn",
            4,
            "street-1",
            96,
            Math.log(96),
            List.of("street-1"),
            List.of(),
            0.7,
            1234,
            i8),
        new LocalUpdate(
            "run-1",
            "cnn",
            4,
            "street-1",
            96,
            Math.log(96),
            List.of("street-1"),
            List.of(),
            0.7,
            1234,
            EncodedWeights.encode(WeightEncoding.I8, TENSORS, next)));
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
                new EncodedFrame(2, 1100, jpeg, List.of()),
                new EncodedFrame(
                    3, 1200, jpeg, List.of(), 2.0, new CalendarFields(17 * 60 + 5, 6, true)),
                new EncodedFrame(4, 1300, new byte[0], List.of(), 0.0, null)));
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
            List.of("street-9"),
            0.7,
            1234,
            weights(2, 1000)),
        ConsoleEvent.of("round", "cloud", "{\"round\":3}").withId(12),
        new CurrentRequest("cnn", "street-2"),
        new Ack(5, 1),
        new TransferAck(
            30,
            2,
            List.of(
                new TransferAck.CountedWindow("cam-1", 1, 4000),
                new TransferAck.CountedWindow("cam-2", 7, 0))),
        new Control(Control.STOP, "cnn"),
        new LoadReport(
            "street-2",
            4,
            380,
            Map.of("cnn", 1900L, "flow", 370L),
            Map.of("cnn", 820.5, "flow", 130.0),
            20,
            0.5),
        new MigrationOrder("t-4-street-2-street-1", 4, "street-2", "street-1", 120),
        new StreamEnd("cam-1", "street-1", 1_700_000_000_000L, 300),
        new FrameTransfer(
            "t-4-street-2-street-1",
            3,
            "street-2",
            "street-1",
            List.of(batch, new FrameBatch("cam-2", 1, 0, 5000, 320, 180, List.of()))));
  }
}
