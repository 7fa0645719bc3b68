package org.divs.bus;

/**
 * A frame's identity: the terminal, its incarnation (changes on every restart) and the sequence
 * number within that incarnation. Migrated frames keep their id.
 */
public record FrameId(String terminal, long incarnation, long seq) implements Comparable<FrameId> {
  @Override
  public int compareTo(FrameId o) {
    int c = terminal.compareTo(o.terminal);
    if (c != 0) {
      return c;
    }
    c = Long.compare(incarnation, o.incarnation);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }

  @Override
  public String toString() {
    return terminal + "/" + incarnation + "/" + seq;
  }
}
