package org.divs.sync;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.divs.config.SourceSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;

/**
 * Holds round 1 until the streams are in ({@code sync.startAfterStreams}): the gate knows the
 * finite training streams of the street edges and opens once each has been reported stored. Plain
 * Java; not thread-safe (the cloud uses it from its event loop).
 */
public final class StreamGate {
  private final Set<String> waiting;
  private final Set<String> expected;

  /**
   * A gate waiting for the given terminals.
   *
   * @param terminals ids of the terminals whose streams must end first; empty: open at once
   */
  public StreamGate(Collection<String> terminals) {
    this.expected = Set.copyOf(terminals);
    this.waiting = new LinkedHashSet<>(terminals);
  }

  /**
   * The gate of a topology: every terminal of a street edge whose data trains and whose stream ends
   * (a {@code limit}, or a finite source that does not {@code loop}).
   *
   * @param t the topology
   * @return the gate
   */
  public static StreamGate of(Topology t) {
    List<String> finite =
        t.terminals().stream().filter(StreamGate::endsAndTrains).map(TerminalSpec::id).toList();
    return new StreamGate(finite);
  }

  /**
   * Whether a terminal's stream trains and ends by itself.
   *
   * @param term the terminal
   * @return true for a training source with a {@code limit}, or a {@code video}, {@code images} or
   *     {@code flow} source that does not loop
   */
  public static boolean endsAndTrains(TerminalSpec term) {
    SourceSpec s = term.source();
    boolean finite = s.limit() > 0 || (s.type() != SourceSpec.Type.SYNTHETIC && !s.loop());
    return s.train() && finite;
  }

  /**
   * The outcome of a report: whether the terminal was awaited, and whether the gate just opened.
   */
  public enum Outcome {
    /** The terminal is not one the gate waits for (a looping, live or unknown one). */
    NOT_AWAITED,
    /** Its stream was reported before. */
    AGAIN,
    /** Counted; others are still awaited. */
    COUNTED,
    /** Counted, and it was the last: the gate is open now. */
    OPENED
  }

  /**
   * Takes the report that a terminal's stream is stored.
   *
   * @param terminal the terminal's id
   * @return what the report did
   */
  public Outcome ended(String terminal) {
    if (!expected.contains(terminal)) {
      return Outcome.NOT_AWAITED;
    }
    if (!waiting.remove(terminal)) {
      return Outcome.AGAIN;
    }
    return waiting.isEmpty() ? Outcome.OPENED : Outcome.COUNTED;
  }

  /** Whether every awaited stream is in. */
  public boolean open() {
    return waiting.isEmpty();
  }

  /** The terminals still awaited, sorted. */
  public Set<String> waitingFor() {
    return new TreeSet<>(waiting);
  }
}
