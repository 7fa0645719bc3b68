package org.divs.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.divs.source.CalendarFields;

/** The codec of each DIVS record. Add a new record's codec here and in {@link Codecs#create}. */
final class MessageCodecs {
  private MessageCodecs() {}

  static final class FrameBatchCodec extends DivsCodec<FrameBatch> {
    FrameBatchCodec() {
      // 2: each frame's count (f64, NaN = none) and calendar (minute of day, -1 = none; day; flag)
      super(FrameBatch.class, 2);
    }

    @Override
    void write(WireWriter w, FrameBatch b) {
      w.reserve(wireBytes(b));
      w.str(b.terminal())
          .i64(b.incarnation())
          .i64(b.chunkStartMs())
          .i64(b.chunkEndMs())
          .i32(b.width())
          .i32(b.height())
          .i32(b.frames().size());
      for (EncodedFrame f : b.frames()) {
        w.i64(f.seq()).i64(f.timeMs());
        f.writeJpeg(w);
        w.i32(f.annotations().size());
        for (Annotation a : f.annotations()) {
          w.str(a.label()).i32(a.x()).i32(a.y()).i32(a.width()).i32(a.height());
        }
        w.f64(f.count());
        CalendarFields c = f.calendar();
        if (c == null) {
          w.i32(-1);
        } else {
          w.i32(c.minuteOfDay()).i32(c.dayOfWeek() | (c.holiday() ? 0x100 : 0));
        }
      }
    }

    /** An upper bound of what {@link #write} writes after the version byte. */
    private static long wireBytes(FrameBatch b) {
      long n = 4 + 3L * b.terminal().length() + 3 * 8 + 3 * 4;
      for (EncodedFrame f : b.frames()) {
        n += 8 + 8 + 4 + f.jpegSize() + 4 + 8 + 8;
        for (Annotation a : f.annotations()) {
          n += 4 + 3L * a.label().length() + 4 * 4;
        }
      }
      return n;
    }

    @Override
    FrameBatch read(WireReader r) {
      String terminal = r.str();
      long incarnation = r.i64();
      long start = r.i64();
      long end = r.i64();
      int width = r.i32();
      int height = r.i32();
      int n = r.i32();
      List<EncodedFrame> frames = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long seq = r.i64();
        long time = r.i64();
        WireReader.Range jpeg = r.bytesInPlace();
        int na = r.i32();
        List<Annotation> anns = new ArrayList<>(na);
        for (int a = 0; a < na; a++) {
          anns.add(new Annotation(r.str(), r.i32(), r.i32(), r.i32(), r.i32()));
        }
        double count = r.f64();
        int minute = r.i32();
        CalendarFields cal = null;
        if (minute >= 0) {
          int day = r.i32();
          cal = new CalendarFields(minute, day & 0xFF, (day & 0x100) != 0);
        }
        frames.add(
            EncodedFrame.sharing(
                seq, time, jpeg.array(), jpeg.offset(), jpeg.length(), anns, count, cal));
      }
      return new FrameBatch(terminal, incarnation, start, end, width, height, frames);
    }
  }

  static final class GlobalWeightsCodec extends DivsCodec<GlobalWeights> {
    GlobalWeightsCodec() {
      // 2: the payload is an EncodedWeights (length, encoding byte, full or delta); published to
      // every edge and aggregator of a node, whose copies then share one decoding
      super(GlobalWeights.class, 2, true);
    }

    @Override
    void write(WireWriter w, GlobalWeights g) {
      w.str(g.runId()).str(g.task()).i64(g.round()).weights(g.payload());
    }

    @Override
    GlobalWeights read(WireReader r) {
      return new GlobalWeights(r.str(), r.str(), r.i64(), r.weights());
    }
  }

  static final class LocalUpdateCodec extends DivsCodec<LocalUpdate> {
    LocalUpdateCodec() {
      // 3: the missing leaves; 2: the payload is an EncodedWeights (length, encoding, full or
      // delta)
      super(LocalUpdate.class, 3);
    }

    @Override
    void write(WireWriter w, LocalUpdate u) {
      w.str(u.runId())
          .str(u.task())
          .i64(u.round())
          .str(u.from())
          .i64(u.samples())
          .f64(u.logMass())
          .strings(u.leaves())
          .strings(u.missing())
          .f64(u.loss())
          .i64(u.trainMs())
          .weights(u.payload());
    }

    @Override
    LocalUpdate read(WireReader r) {
      return new LocalUpdate(
          r.str(),
          r.str(),
          r.i64(),
          r.str(),
          r.i64(),
          r.f64(),
          r.strings(),
          r.strings(),
          r.f64(),
          r.i64(),
          r.weights());
    }
  }

  static final class ConsoleEventCodec extends DivsCodec<ConsoleEvent> {
    ConsoleEventCodec() {
      super(ConsoleEvent.class, 1);
    }

    @Override
    void write(WireWriter w, ConsoleEvent e) {
      w.str(e.type()).i64(e.id()).i64(e.timeMs()).str(e.source()).str(e.json());
    }

    @Override
    ConsoleEvent read(WireReader r) {
      return new ConsoleEvent(r.str(), r.i64(), r.i64(), r.str(), r.str());
    }
  }

  static final class CurrentRequestCodec extends DivsCodec<CurrentRequest> {
    CurrentRequestCodec() {
      super(CurrentRequest.class, 1);
    }

    @Override
    void write(WireWriter w, CurrentRequest c) {
      w.str(c.task()).str(c.from());
    }

    @Override
    CurrentRequest read(WireReader r) {
      return new CurrentRequest(r.str(), r.str());
    }
  }

  static final class AckCodec extends DivsCodec<Ack> {
    AckCodec() {
      super(Ack.class, 1);
    }

    @Override
    void write(WireWriter w, Ack a) {
      w.i32(a.accepted()).i32(a.duplicates());
    }

    @Override
    Ack read(WireReader r) {
      return new Ack(r.i32(), r.i32());
    }
  }

  static final class TransferAckCodec extends DivsCodec<TransferAck> {
    TransferAckCodec() {
      super(TransferAck.class, 1);
    }

    @Override
    void write(WireWriter w, TransferAck a) {
      w.i32(a.accepted()).i32(a.duplicates()).i32(a.counted().size());
      for (TransferAck.CountedWindow c : a.counted()) {
        w.str(c.terminal()).i64(c.incarnation()).i64(c.startMs());
      }
    }

    @Override
    TransferAck read(WireReader r) {
      int accepted = r.i32();
      int duplicates = r.i32();
      int n = r.i32();
      List<TransferAck.CountedWindow> counted = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        counted.add(new TransferAck.CountedWindow(r.str(), r.i64(), r.i64()));
      }
      return new TransferAck(accepted, duplicates, counted);
    }
  }

  static final class StreamEndCodec extends DivsCodec<StreamEnd> {
    StreamEndCodec() {
      super(StreamEnd.class, 1);
    }

    @Override
    void write(WireWriter w, StreamEnd e) {
      w.str(e.terminal()).str(e.edge()).i64(e.incarnation()).i64(e.frames());
    }

    @Override
    StreamEnd read(WireReader r) {
      return new StreamEnd(r.str(), r.str(), r.i64(), r.i64());
    }
  }

  static final class ControlCodec extends DivsCodec<Control> {
    ControlCodec() {
      super(Control.class, 1);
    }

    @Override
    void write(WireWriter w, Control c) {
      w.str(c.action()).str(c.task());
    }

    @Override
    Control read(WireReader r) {
      return new Control(r.str(), r.str());
    }
  }

  static final class LoadReportCodec extends DivsCodec<LoadReport> {
    LoadReportCodec() {
      super(LoadReport.class, 1);
    }

    @Override
    void write(WireWriter w, LoadReport l) {
      w.str(l.edge()).i64(l.period()).i64(l.frames()).i32(l.samples().size());
      l.samples().forEach((task, n) -> w.str(task).i64(n));
      w.i32(l.epochMillis().size());
      l.epochMillis().forEach((task, ms) -> w.str(task).f64(ms));
      w.i64(l.freeCapacity()).f64(l.speed());
    }

    @Override
    LoadReport read(WireReader r) {
      String edge = r.str();
      long period = r.i64();
      long frames = r.i64();
      int n = r.i32();
      Map<String, Long> samples = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        samples.put(r.str(), r.i64());
      }
      int m = r.i32();
      Map<String, Double> epochs = new TreeMap<>();
      for (int i = 0; i < m; i++) {
        epochs.put(r.str(), r.f64());
      }
      return new LoadReport(edge, period, frames, samples, epochs, r.i64(), r.f64());
    }
  }

  static final class MigrationOrderCodec extends DivsCodec<MigrationOrder> {
    MigrationOrderCodec() {
      super(MigrationOrder.class, 1);
    }

    @Override
    void write(WireWriter w, MigrationOrder o) {
      w.str(o.transferId()).i64(o.period()).str(o.from()).str(o.to()).i64(o.frames());
    }

    @Override
    MigrationOrder read(WireReader r) {
      return new MigrationOrder(r.str(), r.i64(), r.str(), r.str(), r.i64());
    }
  }

  static final class FrameTransferCodec extends DivsCodec<FrameTransfer> {
    private final FrameBatchCodec chunk = new FrameBatchCodec();

    FrameTransferCodec() {
      // 1: each chunk as a FrameBatch (version 2) without its own version byte
      // 2: the same bytes, answered with a TransferAck instead of an Ack, so an edge of an older
      //    build refuses the batch before storing it rather than failing on the reply
      super(FrameTransfer.class, 2);
    }

    @Override
    void write(WireWriter w, FrameTransfer t) {
      w.str(t.transferId()).i32(t.batchNo()).str(t.from()).str(t.to()).i32(t.chunks().size());
      for (FrameBatch b : t.chunks()) {
        chunk.write(w, b);
      }
    }

    @Override
    FrameTransfer read(WireReader r) {
      String id = r.str();
      int batchNo = r.i32();
      String from = r.str();
      String to = r.str();
      int n = r.i32();
      List<FrameBatch> chunks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        chunks.add(chunk.read(r));
      }
      return new FrameTransfer(id, batchNo, from, to, chunks);
    }
  }
}
