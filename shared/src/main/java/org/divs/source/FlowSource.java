package org.divs.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSV of vehicle counts per time step as a terminal's source: one frame per row, with no image.
 *
 * <p>The file has a header naming at least {@code time}, {@code day_of_week}, {@code is_holiday}
 * and the count column (the shared PeMS file: {@code time,flow,hour,day_of_week,is_holiday,
 * neighbor_flow}, times as {@code yyyy-MM-dd HH:mm:ss}, Monday = 0). A frame carries:
 *
 * <ul>
 *   <li>{@code timeMs}: the row's local time read as if it were UTC, in ms since the epoch (so time
 *       of day is {@code timeMs mod 86,400,000}); a looping source adds the span of the replayed
 *       rows plus one step per pass, so time only grows;
 *   <li>{@code jpeg}: empty; {@code annotations}: none;
 *   <li>{@code count}: the value of the chosen column;
 *   <li>{@code calendar}: minute of day, day of week and holiday flag of the row.
 * </ul>
 *
 * <p>A row range [{@code fromRow}, {@code toRow}) over the data rows (0 = first row after the
 * header) gives chronological splits. A bad row is skipped; its error names the file, the line
 * number and the cause, is logged, and is kept for {@link #drainErrors()}.
 *
 * <p>Not thread-safe; blocking: call from one worker thread.
 */
public final class FlowSource implements FrameSource {
  private static final Logger LOG = LoggerFactory.getLogger(FlowSource.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /**
   * How the counts are replayed.
   *
   * @param column the count column ({@code flow} or {@code neighbor_flow} in the shared file)
   * @param fromRow first data row replayed (0-based, inclusive)
   * @param toRow data row where the replay stops (exclusive); 0 = the end of the file
   * @param loop start again at {@code fromRow} after the range
   */
  public record Options(String column, int fromRow, int toRow, boolean loop) {
    /** Checks the range. */
    public Options {
      if (column == null || column.isBlank() || fromRow < 0 || toRow < 0) {
        throw new IllegalArgumentException("bad flow source options");
      }
      if (toRow > 0 && toRow <= fromRow) {
        throw new IllegalArgumentException("empty row range [" + fromRow + ", " + toRow + ")");
      }
    }

    /** The {@code flow} column, every row, once. */
    public static Options defaults() {
      return new Options("flow", 0, 0, false);
    }

    /** These options reading another column. */
    public Options withColumn(String c) {
      return new Options(c, fromRow, toRow, loop);
    }

    /** These options replaying rows [{@code from}, {@code to}) (to = 0: to the end). */
    public Options withRows(int from, int to) {
      return new Options(column, from, to, loop);
    }

    /** These options, looping or not. */
    public Options withLoop(boolean l) {
      return new Options(column, fromRow, toRow, l);
    }
  }

  private final Path path;
  private final Options options;
  private final List<String> lines;
  private final int firstLine;
  private final int endLine;
  private final int timeCol;
  private final int countCol;
  private final int dowCol;
  private final int holidayCol;
  private final long stepMs;
  private final List<String> errors = new ArrayList<>();
  private int line;
  private long passOffsetMs;
  private long firstTimeMs = Long.MIN_VALUE;
  private long lastTimeMs = Long.MIN_VALUE;
  private int passEmitted;

  /**
   * Opens a CSV.
   *
   * @param path the file
   * @param options the options
   * @throws IOException naming the path when the file cannot be read, lacks a column, or the range
   *     holds no row
   */
  public FlowSource(Path path, Options options) throws IOException {
    this.path = path;
    this.options = options;
    if (!Files.isRegularFile(path)) {
      throw new IOException("cannot open flow CSV " + path + ": no such file");
    }
    lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IOException("flow CSV " + path + " is empty");
    }
    List<String> header = List.of(lines.get(0).strip().split(",", -1));
    timeCol = column(header, "time");
    countCol = column(header, options.column());
    dowCol = column(header, "day_of_week");
    holidayCol = column(header, "is_holiday");
    firstLine = 1 + options.fromRow();
    endLine = options.toRow() == 0 ? lines.size() : Math.min(lines.size(), 1 + options.toRow());
    if (firstLine >= endLine) {
      throw new IOException(
          "flow CSV "
              + path
              + " has no data row in ["
              + options.fromRow()
              + ", "
              + options.toRow()
              + ")");
    }
    stepMs = probeStep();
    line = firstLine;
  }

  private int column(List<String> header, String name) throws IOException {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IOException("flow CSV " + path + " has no column '" + name + "': " + header);
    }
    return i;
  }

  /** The time step: the smallest positive difference between the first times of the range. */
  private long probeStep() {
    long prev = Long.MIN_VALUE;
    long best = Long.MAX_VALUE;
    for (int i = firstLine, n = 0; i < endLine && n < 100; i++) {
      String[] f = lines.get(i).split(",", -1);
      if (f.length <= timeCol) {
        continue;
      }
      try {
        long t =
            LocalDateTime.parse(f[timeCol].strip(), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        if (prev != Long.MIN_VALUE && t > prev) {
          best = Math.min(best, t - prev);
        }
        prev = t;
        n++;
      } catch (DateTimeParseException e) {
        // a bad row: reported when replayed
      }
    }
    return best == Long.MAX_VALUE ? 300_000 : best;
  }

  private SourceFrame parse(String text, int index) {
    String[] f = text.split(",", -1);
    int need = Math.max(Math.max(timeCol, countCol), Math.max(dowCol, holidayCol));
    if (f.length <= need) {
      throw new IllegalArgumentException(
          "expected at least " + (need + 1) + " fields, found " + f.length);
    }
    LocalDateTime time;
    try {
      time = LocalDateTime.parse(f[timeCol].strip(), TIME);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("bad time '" + f[timeCol] + "'");
    }
    double count;
    try {
      count = Double.parseDouble(f[countCol].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad " + options.column() + " '" + f[countCol] + "'");
    }
    if (!(count >= 0) || Double.isInfinite(count)) {
      throw new IllegalArgumentException(options.column() + " must be finite and >= 0: " + count);
    }
    int dow;
    try {
      dow = Integer.parseInt(f[dowCol].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad day_of_week '" + f[dowCol] + "'");
    }
    if (dow != time.getDayOfWeek().getValue() - 1) {
      throw new IllegalArgumentException(
          "day_of_week " + dow + " does not match " + time.toLocalDate() + " (Monday = 0)");
    }
    String h = f[holidayCol].strip();
    if (!h.equals("0") && !h.equals("1")) {
      throw new IllegalArgumentException("bad is_holiday '" + h + "'");
    }
    long ms = time.toInstant(ZoneOffset.UTC).toEpochMilli();
    CalendarFields cal =
        new CalendarFields(time.getHour() * 60 + time.getMinute(), dow, h.equals("1"));
    return new SourceFrame(ms, new byte[0], List.of(), count, cal);
  }

  @Override
  public SourceFrame next() {
    while (true) {
      if (line >= endLine) {
        if (!options.loop() || passEmitted == 0) {
          return null;
        }
        passOffsetMs += lastTimeMs - firstTimeMs + stepMs;
        line = firstLine;
        passEmitted = 0;
        firstTimeMs = Long.MIN_VALUE;
      }
      int i = line++;
      SourceFrame f;
      try {
        f = parse(lines.get(i), i);
      } catch (IllegalArgumentException e) {
        String msg = "skipped " + path + " line " + (i + 1) + ": " + e.getMessage();
        LOG.warn(msg);
        synchronized (errors) {
          errors.add(msg);
        }
        continue;
      }
      if (firstTimeMs == Long.MIN_VALUE) {
        firstTimeMs = f.timeMs();
      }
      lastTimeMs = f.timeMs();
      passEmitted++;
      if (passOffsetMs == 0) {
        return f;
      }
      return new SourceFrame(
          f.timeMs() + passOffsetMs, f.jpeg(), f.annotations(), f.count(), f.calendar());
    }
  }

  /** The errors of rows skipped since the last call, oldest first. */
  @Override
  public List<String> drainErrors() {
    synchronized (errors) {
      List<String> out = List.copyOf(errors);
      errors.clear();
      return out;
    }
  }

  /** The time step between rows in ms (the smallest gap between the range's first times). */
  public long stepMs() {
    return stepMs;
  }

  /** Rows per second of stream time: one per step. */
  @Override
  public double fps() {
    return 1000.0 / stepMs;
  }
}
