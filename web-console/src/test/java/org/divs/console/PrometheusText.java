package org.divs.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict little parser of the Prometheus text exposition format (version 0.0.4): comment lines
 * ({@code # HELP}, {@code # TYPE}) and samples {@code name{label="value",...} value [timestamp]}.
 * Any other line is an error.
 */
final class PrometheusText {
  /** One sample. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private PrometheusText() {}

  /**
   * Parses every line of {@code text}.
   *
   * @throws IllegalArgumentException naming the first line that is not valid
   */
  static List<Sample> parse(String text) {
    List<Sample> out = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        boolean typeLine = line.startsWith("# TYPE ");
        if (typeLine
            && !line.matches(
                "# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|summary|histogram|untyped)")) {
          throw new IllegalArgumentException("line " + (n + 1) + ": bad TYPE line: " + line);
        }
        if (line.startsWith("# HELP ") && !line.matches("# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*")) {
          throw new IllegalArgumentException("line " + (n + 1) + ": bad HELP line: " + line);
        }
        continue;
      }
      try {
        out.add(sample(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + (n + 1) + ": " + e.getMessage() + ": " + line);
      }
    }
    return out;
  }

  private static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && isNameChar(line.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("no metric name");
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int start = i;
        while (isNameChar(line.charAt(i), i == start)) {
          i++;
        }
        String key = line.substring(start, i);
        if (key.isEmpty() || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
          throw new IllegalArgumentException("bad label at column " + i);
        }
        i += 2;
        StringBuilder value = new StringBuilder();
        while (line.charAt(i) != '"') {
          char c = line.charAt(i);
          if (c == '\\') {
            char next = line.charAt(++i);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
          i++;
        }
        i++;
        labels.put(key, value.toString());
        if (line.charAt(i) == ',') {
          i++;
        } else if (line.charAt(i) != '}') {
          throw new IllegalArgumentException("expected , or } at column " + i);
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new IllegalArgumentException("expected a space before the value");
    }
    String[] rest = line.substring(i + 1).trim().split(" ");
    if (rest.length > 2) {
      throw new IllegalArgumentException("trailing text after value and timestamp");
    }
    double value =
        switch (rest[0]) {
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          case "NaN" -> Double.NaN;
          default -> Double.parseDouble(rest[0]);
        };
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    return new Sample(name, labels, value);
  }

  private static boolean isNameChar(char c, boolean first) {
    return Character.isLetter(c) || c == '_' || c == ':' || (!first && Character.isDigit(c));
  }

  /** The sum of the samples named {@code name} over all their labels (0 when none). */
  static double sum(List<Sample> samples, String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }
}
