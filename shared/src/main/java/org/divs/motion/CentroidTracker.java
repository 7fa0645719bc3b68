package org.divs.motion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Follows blobs from frame to frame by their centroids and counts the tracks whose centre crosses a
 * {@link CountingLine}.
 *
 * <p>Each frame, tracks are matched greedily to the nearest blob (closest pairs first) within
 * {@code maxJump} pixels of where the track's last velocity puts it; an unmatched blob starts a
 * track, and a track unmatched for more than {@code maxMissed} frames ends. The line has a band of
 * {@code minTravel} pixels on each side: a track's side is where its centre was first seen outside
 * the band, and it counts once, when its centre is first seen outside the band on the other side,
 * provided it has been seen in at least {@code minAge} frames (so a swaying tree or a blob
 * jittering on the line does not count, and a track born inside the band takes its side from where
 * it goes first). Works on any boxes: motion blobs, or the annotations of a synthetic scene.
 *
 * <p>Not thread-safe: one tracker per stream.
 */
public final class CentroidTracker {
  /** How many of the latest crossings are kept for {@link #recentCrossings()}. */
  public static final int RECENT = 1024;

  private final CountingLine line;
  private final double maxJump;
  private final int maxMissed;
  private final int minAge;
  private final double minTravel;
  private final List<Track> tracks = new ArrayList<>();
  private final Map<Direction, Long> counts = new EnumMap<>(Direction.class);
  private final ArrayDeque<Crossing> recent = new ArrayDeque<>();
  private long nextId = 1;

  /**
   * A tracker.
   *
   * @param line the counting line
   * @param maxJump how far (pixels) a centre may move between two frames and stay the same track
   * @param maxMissed frames a track may go unseen before it ends
   * @param minAge frames a track must have been seen before it can count
   * @param minTravel half-width of the band around the line, in pixels
   */
  public CentroidTracker(
      CountingLine line, double maxJump, int maxMissed, int minAge, double minTravel) {
    if (!(maxJump > 0) || maxMissed < 0 || minAge < 1 || minTravel < 0) {
      throw new IllegalArgumentException("bad tracker settings");
    }
    this.line = line;
    this.maxJump = maxJump;
    this.maxMissed = maxMissed;
    this.minAge = minAge;
    this.minTravel = minTravel;
    for (Direction d : Direction.values()) {
      counts.put(d, 0L);
    }
  }

  private static final class Track {
    final long id;
    double cx;
    double cy;
    double vx;
    double vy;

    /** -1 or 1: the side of the line (outside the band) where it was first seen; 0: not yet. */
    int side;

    int seen = 1;
    int missed;
    boolean counted;
    Blob blob;

    Track(long id, Blob b, CountingLine line, double band) {
      this.id = id;
      this.cx = b.cx();
      this.cy = b.cy();
      this.blob = b;
      double a = line.across(cx, cy);
      this.side = a <= line.position() - band ? -1 : a >= line.position() + band ? 1 : 0;
    }
  }

  /**
   * Advances by one frame.
   *
   * @param blobs the blobs seen in this frame
   * @param timeMs the frame's stream time
   * @param matched receives the blobs that continue a track seen before (moving objects)
   * @return the crossings completed at this frame
   */
  public List<Crossing> update(List<Blob> blobs, long timeMs, List<Blob> matched) {
    int nt = tracks.size();
    int nb = blobs.size();
    List<double[]> pairs = new ArrayList<>();
    for (int t = 0; t < nt; t++) {
      Track tr = tracks.get(t);
      double px = tr.cx + tr.vx;
      double py = tr.cy + tr.vy;
      for (int b = 0; b < nb; b++) {
        Blob bl = blobs.get(b);
        double d = Math.hypot(bl.cx() - px, bl.cy() - py);
        if (d <= maxJump) {
          pairs.add(new double[] {d, t, b});
        }
      }
    }
    pairs.sort((a, b) -> Double.compare(a[0], b[0]));
    boolean[] trackTaken = new boolean[nt];
    boolean[] blobTaken = new boolean[nb];
    List<Crossing> crossings = new ArrayList<>();
    for (double[] p : pairs) {
      int t = (int) p[1];
      int b = (int) p[2];
      if (trackTaken[t] || blobTaken[b]) {
        continue;
      }
      trackTaken[t] = true;
      blobTaken[b] = true;
      Track tr = tracks.get(t);
      Blob bl = blobs.get(b);
      int gap = tr.missed + 1;
      tr.vx = 0.5 * tr.vx + 0.5 * (bl.cx() - tr.cx) / gap;
      tr.vy = 0.5 * tr.vy + 0.5 * (bl.cy() - tr.cy) / gap;
      tr.cx = bl.cx();
      tr.cy = bl.cy();
      tr.blob = bl;
      tr.seen++;
      tr.missed = 0;
      matched.add(bl);
      Crossing c = check(tr, timeMs);
      if (c != null) {
        crossings.add(c);
      }
    }
    List<Track> next = new ArrayList<>(nt + nb);
    for (int t = 0; t < nt; t++) {
      Track tr = tracks.get(t);
      if (!trackTaken[t]) {
        tr.missed++;
        if (tr.missed > maxMissed) {
          continue;
        }
      }
      next.add(tr);
    }
    for (int b = 0; b < nb; b++) {
      if (!blobTaken[b]) {
        Blob bl = blobs.get(b);
        next.add(new Track(nextId++, bl, line, minTravel));
      }
    }
    tracks.clear();
    tracks.addAll(next);
    return crossings;
  }

  private Crossing check(Track tr, long timeMs) {
    double pos = line.position();
    double now = line.across(tr.cx, tr.cy);
    int region = now <= pos - minTravel ? -1 : now >= pos + minTravel ? 1 : 0;
    if (region == 0) {
      return null;
    }
    if (tr.side == 0) {
      tr.side = region;
      return null;
    }
    if (tr.counted || region == tr.side || tr.seen < minAge) {
      return null;
    }
    double along = line.along(tr.cx, tr.cy);
    if (along < line.from() || along >= line.to()) {
      return null;
    }
    tr.counted = true;
    Direction d = line.direction(tr.side, region);
    counts.merge(d, 1L, Long::sum);
    Crossing c = new Crossing(tr.id, d, timeMs, tr.blob);
    if (recent.size() == RECENT) {
      recent.pollFirst();
    }
    recent.addLast(c);
    return c;
  }

  /** The latest crossings (at most {@value #RECENT}), oldest first. */
  public List<Crossing> recentCrossings() {
    return List.copyOf(recent);
  }

  /** Crossings counted so far in one direction. */
  public long count(Direction d) {
    return counts.get(d);
  }

  /** Crossings counted so far in all directions. */
  public long total() {
    long n = 0;
    for (long c : counts.values()) {
      n += c;
    }
    return n;
  }

  /** Tracks alive now. */
  public int liveTracks() {
    return tracks.size();
  }
}
