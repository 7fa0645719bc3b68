package org.divs.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.divs.bus.LocalUpdate;

/**
 * Collects one task's updates from an aggregator's children for the current round and merges them.
 * Plain Java: the aggregator and cloud verticles feed it, tests drive it directly.
 *
 * <p>An update is refused, never merged, when it names another run, a node that is not a child, a
 * round other than the current one, a child that already answered, the wrong number of floats, or a
 * NaN/Inf value, or a delta against another round than the one before. Deltas (float16 or int8, see
 * {@link EncodedWeights}) are checked on arrival against the base given to {@link #begin(long,
 * Weights)} and kept encoded: the merge decodes them a block at a time straight into its
 * accumulator, so no decoded copy of an update is ever made; the merge and the partial sent up are
 * full float32. An update with zero samples means "no data": the child answered but is left out of
 * the weights.
 */
public final class RoundCollector {
  private final String runId;
  private final Map<String, List<String>> children;
  private final int size;
  private final Map<String, LocalUpdate> received = new LinkedHashMap<>();
  private long round = -1;
  private boolean sent;
  private Weights base;
  private double baseMaxAbs = -1;

  /**
   * A collector for {@code children}, expecting weight sets of {@code size} floats.
   *
   * @param runId the run id updates must carry
   * @param children each child with the street edges (leaves) of its subtree
   */
  public RoundCollector(String runId, Map<String, List<String>> children, int size) {
    if (children.isEmpty()) {
      throw new IllegalArgumentException("an aggregator needs at least one child");
    }
    this.runId = runId;
    this.children = Map.copyOf(children);
    this.size = size;
  }

  /**
   * Starts collecting round {@code r}, dropping anything held for an earlier round; updates must
   * carry full weights.
   */
  public void begin(long r) {
    begin(r, null);
  }

  /**
   * Starts collecting round {@code r} with {@code base}, W(r - 1) as the children received it:
   * updates may then be deltas against round r - 1, decoded on arrival.
   */
  public void begin(long r, Weights base) {
    round = r;
    this.base = base;
    this.baseMaxAbs = -1;
    received.clear();
    sent = false;
  }

  /** Records that this round's merge was sent on; later updates of the round are refused. */
  public void markSent() {
    sent = true;
  }

  /** Whether this round's merge was sent on. */
  public boolean sent() {
    return sent;
  }

  /** The round being collected. */
  public long round() {
    return round;
  }

  /**
   * Offers an update; returns null when it is accepted, or the reason it was refused, naming what
   * and where.
   */
  public String offer(LocalUpdate u) {
    String why = refusal(u);
    if (why != null) {
      return why;
    }
    LocalUpdate kept = u;
    if (u.samples() > 0 && u.payload().isDelta() && !decodesFinite(u.payload())) {
      // it might overflow (or a float16 value is infinite or NaN): decode it to find out where
      kept = u.withWeights(u.payload().decode(base));
      why = nonFinite(kept);
      if (why != null) {
        return why;
      }
    }
    received.put(u.from(), kept);
    return null;
  }

  /**
   * Whether a delta decodes to finite values only, judged from bounds without decoding it: the
   * base's largest magnitude (found once a round) plus the delta's largest step. Such a delta is
   * kept encoded and decoded inside the merge, a block at a time.
   */
  private boolean decodesFinite(EncodedWeights delta) {
    if (baseMaxAbs < 0) {
      baseMaxAbs = base.maxAbs();
    }
    return baseMaxAbs + delta.largestStep() <= Float.MAX_VALUE;
  }

  private String refusal(LocalUpdate u) {
    String who = "update from '" + u.from() + "' for " + u.task() + " round " + u.round();
    if (!runId.equals(u.runId())) {
      return who + ": run " + u.runId() + " is not the current run " + runId;
    }
    if (!children.containsKey(u.from())) {
      return who
          + ": not a child of this aggregator (children "
          + new TreeSet<>(children.keySet())
          + ")";
    }
    if (u.round() != round) {
      return who + ": the current round is " + round;
    }
    if (received.containsKey(u.from())) {
      return who + ": already received";
    }
    if (sent) {
      return who + ": too late, the round was closed at its deadline";
    }
    if (u.samples() > 0) {
      EncodedWeights p = u.payload();
      if (p.size() != size) {
        return who + ": " + p.size() + " floats, the model has " + size;
      }
      if (!Double.isFinite(u.logMass())) {
        return who + ": log-mass " + u.logMass();
      }
      if (p.isDelta()) {
        if (base == null) {
          return who + ": a delta, but this round has no base weights";
        }
        if (p.baseRound() != round - 1) {
          return who + ": a delta against round " + p.baseRound() + ", not " + (round - 1);
        }
        if (base.size() != size) {
          return who + ": the base has " + base.size() + " floats, the model " + size;
        }
        return null;
      }
      return nonFinite(u);
    }
    return null;
  }

  private static String nonFinite(LocalUpdate u) {
    Weights w = u.weights();
    int bad = w.firstNonFinite();
    if (bad >= 0) {
      return "update from '"
          + u.from()
          + "' for "
          + u.task()
          + " round "
          + u.round()
          + ": value "
          + w.get(bad)
          + " at index "
          + bad;
    }
    return null;
  }

  /** Whether every child has answered the current round. */
  public boolean complete() {
    return received.size() == children.size();
  }

  /** Children that have not answered yet. */
  public Set<String> missing() {
    Set<String> m = new TreeSet<>(children.keySet());
    m.removeAll(received.keySet());
    return m;
  }

  /** Children that answered with data. */
  public List<String> participants() {
    List<String> p = new ArrayList<>();
    for (LocalUpdate u : received.values()) {
      if (u.samples() > 0) {
        p.addAll(u.leaves());
      }
    }
    return p;
  }

  /**
   * The merge of what was received, as an update from {@code self}: samples summed, loss weighted
   * by samples, training time the slowest. With no data anywhere, an update of zero samples.
   */
  public LocalUpdate merged(String task, String self) {
    List<String> absent = new ArrayList<>();
    for (String child : missing()) {
      absent.addAll(children.get(child));
    }
    for (LocalUpdate u : received.values()) {
      absent.addAll(u.missing());
    }
    List<WeightedMerge.Input> parts = new ArrayList<>();
    long samples = 0;
    double lossSum = 0;
    long trainMs = 0;
    for (LocalUpdate u : received.values()) {
      trainMs = Math.max(trainMs, u.trainMs());
      if (u.samples() > 0) {
        parts.add(
            u.payload().isDelta()
                ? WeightedMerge.Input.ofDelta(
                    u.logMass(), u.samples(), u.leaves(), u.payload(), base)
                : new WeightedMerge.Input(
                    u.logMass(), u.samples(), u.leaves(), u.weights(), null, null));
        samples += u.samples();
        lossSum += u.loss() * u.samples();
      }
    }
    if (parts.isEmpty()) {
      return new LocalUpdate(
          runId,
          task,
          round,
          self,
          0,
          0,
          List.of(),
          absent,
          Double.NaN,
          trainMs,
          Weights.wrap(new float[0]));
    }
    Contribution m = WeightedMerge.mergeInputs(parts);
    return new LocalUpdate(
        runId,
        task,
        round,
        self,
        samples,
        m.logMass(),
        m.leaves(),
        absent,
        lossSum / samples,
        trainMs,
        m.weights());
  }
}
