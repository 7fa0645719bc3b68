package org.divs.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;

/**
 * A child process for the kill test: puts frames of about 50 KB into a store, one after another,
 * and prints {@code ACK <seq>} to stdout after each put returns (what an edge would ack), until it
 * is killed.
 *
 * <p>Arguments: store directory, capacity, sync (true/false), terminal, incarnation, first seq,
 * engine ({@code rocksdb} or {@code segments}).
 */
public final class StoreChild {
  private StoreChild() {}

  /** Runs until killed (or until a million frames are stored). */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long capacity = Long.parseLong(args[1]);
    boolean sync = Boolean.parseBoolean(args[2]);
    String terminal = args[3];
    long incarnation = Long.parseLong(args[4]);
    long first = Long.parseLong(args[5]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Random rnd = new Random(incarnation);
    byte[] jpeg = new byte[50_000];
    try (FrameStore store =
        args[6].equals("rocksdb")
            ? RocksDbFrameStore.open(dir, capacity, sync)
            : SegmentFrameStore.open(dir, capacity, sync, 4L << 20)) {
      out.println("READY");
      for (long seq = first; seq < first + 1_000_000; seq++) {
        rnd.nextBytes(jpeg);
        EncodedFrame f = new EncodedFrame(seq, seq * 40, jpeg, List.of());
        FrameStore.Put p = store.put(new FrameId(terminal, incarnation, seq), f, false);
        out.println("ACK " + seq + " " + p);
      }
    }
  }
}
