package org.divs.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a terminal's frames come from.
 *
 * @param type the kind of source
 * @param path file or folder of a {@code video}, {@code images} or {@code flow} source; for {@code
 *     synthetic} an optional flow CSV whose daily shape drives the arrival rate
 * @param seed seed of the source's randomness (synthetic scenes, shuffles)
 * @param fps frames per second of the stream; for {@code video} the sampling rate, 0 = the file's
 *     own rate; for {@code flow} rows per second at {@link Pace#REAL}
 * @param pace {@link Pace#REAL} waits between frames; {@link Pace#MAX} sends as fast as acked
 * @param loop whether a finite source starts again at its end
 * @param classes class filter of an {@code images} source; empty means every class
 * @param train whether its data may be used for training ({@code false}: live inference only)
 * @param limit frames the terminal sends before it stops; 0 = no limit
 * @param rate synthetic scene: vehicles arriving per second of stream time; with a profile CSV the
 *     rate at the busiest time of day
 * @param subset {@code images}: how many images of the seeded shuffle to take; 0 = all
 * @param line {@code video}: the counting line; empty = horizontal through the frame's middle
 * @param flow {@code flow}: the count column and the row range replayed; {@code synthetic}: the
 *     profile CSV's column
 * @param daySeconds {@code synthetic} with a profile CSV: stream seconds one profile day takes
 */
public record SourceSpec(
    Type type,
    Optional<String> path,
    long seed,
    double fps,
    Pace pace,
    boolean loop,
    List<String> classes,
    boolean train,
    long limit,
    double rate,
    int subset,
    Optional<Line> line,
    Flow flow,
    double daySeconds) {

  /** Checks that every part is present and copies the class list. */
  public SourceSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pace, "pace");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(flow, "flow");
    classes = List.copyOf(classes);
  }

  /** The kinds of source; the JSON names are the lower-case constant names. */
  public enum Type {
    /** Generated scenes with annotations. */
    SYNTHETIC,
    /** An MP4/H.264 file. */
    VIDEO,
    /** A labelled image folder or list file. */
    IMAGES,
    /** A CSV of vehicle counts. */
    FLOW
  }

  /** How fast a source is replayed; the JSON names are the lower-case constant names. */
  public enum Pace {
    /** At {@code fps}, like a live camera. */
    REAL,
    /** As fast as the edge acks, for tests and experiments. */
    MAX
  }

  /**
   * A counting line of a video in full-frame pixels.
   *
   * @param horizontal true for {@code y = at}, false for {@code x = at}
   * @param at the line's y (horizontal) or x (vertical)
   * @param from start of the counted segment along the line
   * @param to end of the counted segment along the line (exclusive)
   */
  public record Line(boolean horizontal, double at, double from, double to) {}

  /**
   * What a {@code flow} source replays.
   *
   * @param column the count column
   * @param fromRow first data row replayed (0-based)
   * @param toRow data row where the replay stops (exclusive); 0 = the end of the file
   */
  public record Flow(String column, int fromRow, int toRow) {
    /** Checks that the column is present. */
    public Flow {
      Objects.requireNonNull(column, "column");
    }
  }
}
