package org.divs.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.divs.bus.FrameId;

/**
 * Every frame id a store has ever taken, compact: per terminal incarnation, the sequence numbers as
 * disjoint ranges (a terminal sends its frames in order, so a stream is a handful of ranges even
 * with drops). Not thread-safe: its store synchronizes.
 */
final class SeenIds {
  private final Map<String, Map<Long, TreeMap<Long, Long>>> ranges = new HashMap<>();
  private long count;

  /** Adds an id; false when it was there already. */
  boolean add(FrameId id) {
    TreeMap<Long, Long> r =
        ranges
            .computeIfAbsent(id.terminal(), k -> new HashMap<>())
            .computeIfAbsent(id.incarnation(), k -> new TreeMap<>());
    long s = id.seq();
    Map.Entry<Long, Long> below = r.floorEntry(s);
    if (below != null && below.getValue() > s) {
      return false;
    }
    long lo = s;
    long hi = s + 1;
    if (below != null && below.getValue() == s) {
      lo = below.getKey();
    }
    Long aboveHi = r.remove(hi);
    if (aboveHi != null) {
      hi = aboveHi;
    }
    r.put(lo, hi);
    count++;
    return true;
  }

  /** Whether the id was added. */
  boolean contains(FrameId id) {
    Map<Long, TreeMap<Long, Long>> byInc = ranges.get(id.terminal());
    TreeMap<Long, Long> r = byInc == null ? null : byInc.get(id.incarnation());
    if (r == null) {
      return false;
    }
    Map.Entry<Long, Long> below = r.floorEntry(id.seq());
    return below != null && below.getValue() > id.seq();
  }

  /** Ids added. */
  long count() {
    return count;
  }

  /** Ranges held, over all incarnations (a measure of the memory used). */
  int rangeCount() {
    int n = 0;
    for (Map<Long, TreeMap<Long, Long>> m : ranges.values()) {
      for (TreeMap<Long, Long> r : m.values()) {
        n += r.size();
      }
    }
    return n;
  }

  void writeTo(DataOutputStream out) throws IOException {
    out.writeLong(count);
    out.writeInt(ranges.size());
    for (Map.Entry<String, Map<Long, TreeMap<Long, Long>>> t : ranges.entrySet()) {
      out.writeUTF(t.getKey());
      out.writeInt(t.getValue().size());
      for (Map.Entry<Long, TreeMap<Long, Long>> inc : t.getValue().entrySet()) {
        out.writeLong(inc.getKey());
        out.writeInt(inc.getValue().size());
        for (Map.Entry<Long, Long> r : inc.getValue().entrySet()) {
          out.writeLong(r.getKey());
          out.writeLong(r.getValue());
        }
      }
    }
  }

  static SeenIds readFrom(DataInputStream in) throws IOException {
    SeenIds s = new SeenIds();
    s.count = in.readLong();
    int terminals = in.readInt();
    for (int i = 0; i < terminals; i++) {
      Map<Long, TreeMap<Long, Long>> byInc = new HashMap<>();
      s.ranges.put(in.readUTF(), byInc);
      int incs = in.readInt();
      for (int j = 0; j < incs; j++) {
        TreeMap<Long, Long> r = new TreeMap<>();
        byInc.put(in.readLong(), r);
        int n = in.readInt();
        for (int k = 0; k < n; k++) {
          r.put(in.readLong(), in.readLong());
        }
      }
    }
    return s;
  }
}
