package org.divs.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rows of an experiment, written as CSV (comma-separated, numbers in a fixed format). */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these columns. */
  public Table(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row: numbers as integers or with 3 decimals, text as is (no commas). */
  public Table add(Object... values) {
    if (values.length != header.size()) {
      throw new IllegalArgumentException(
          "row of " + values.length + " values for " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object v : values) {
      row.add(format(v));
    }
    rows.add(row);
    return this;
  }

  /** The rows added so far. */
  public List<List<String>> rows() {
    return rows;
  }

  /** The value of {@code column} in row {@code i}, parsed as a number. */
  public double number(int i, String column) {
    return Double.parseDouble(rows.get(i).get(header.indexOf(column)));
  }

  /** The text of {@code column} in row {@code i}. */
  public String text(int i, String column) {
    return rows.get(i).get(header.indexOf(column));
  }

  /** Writes the CSV, creating its directory. */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
    for (List<String> row : rows) {
      sb.append(String.join(",", row)).append('\n');
    }
    Files.writeString(file, sb.toString());
  }

  private static String format(Object v) {
    if (v instanceof Integer || v instanceof Long) {
      return v.toString();
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.3f", d);
    }
    String s = String.valueOf(v);
    if (s.contains(",") || s.contains("\n")) {
      throw new IllegalArgumentException("CSV value with a comma or newline: " + s);
    }
    return s;
  }
}
