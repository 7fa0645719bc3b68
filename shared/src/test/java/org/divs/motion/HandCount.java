package org.divs.motion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A hand count CSV: {@code id,frames_on_line,centre_frame,direction,vehicle}, # comments. */
record HandCount(int id, int centreFrame, Direction direction) {
  static List<HandCount> read(Path csv) throws IOException {
    return parse(Files.readAllLines(csv, StandardCharsets.UTF_8));
  }

  static List<HandCount> parse(List<String> lines) {
    List<HandCount> out = new ArrayList<>();
    for (String l : lines) {
      if (l.isBlank() || l.startsWith("#") || l.startsWith("id,")) {
        continue;
      }
      String[] f = l.split(",", 5);
      out.add(
          new HandCount(
              Integer.parseInt(f[0]),
              Integer.parseInt(f[2]),
              Direction.valueOf(f[3].strip().toUpperCase(java.util.Locale.ROOT))));
    }
    return out;
  }
}
