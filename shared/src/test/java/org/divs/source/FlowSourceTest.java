package org.divs.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.divs.testing.SharedData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Flow source")
class FlowSourceTest {
  @TempDir Path tmp;

  private static List<SourceFrame> all(FrameSource s, int max) throws IOException {
    List<SourceFrame> out = new ArrayList<>();
    SourceFrame f;
    while (out.size() < max && (f = s.next()) != null) {
      out.add(f);
    }
    return out;
  }

  private static long ms(String t) {
    return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  @Test
  @DisplayName("The PeMS file replays 16,992 five-minute rows with counts and calendars")
  void pems() throws IOException {
    Path csv = SharedData.file("flow/pems04-sensor0-5min.csv");
    try (FlowSource s = new FlowSource(csv, FlowSource.Options.defaults())) {
      assertThat(s.stepMs()).isEqualTo(300_000);
      assertThat(s.fps()).isEqualTo(1 / 300.0);
      List<SourceFrame> fs = all(s, 100_000);
      assertThat(fs).hasSize(16_992);
      SourceFrame first = fs.get(0);
      assertThat(first.timeMs()).isEqualTo(ms("2018-01-01 00:00:00"));
      assertThat(first.count()).isEqualTo(62.0);
      assertThat(first.hasImage()).isFalse();
      assertThat(first.calendar()).isEqualTo(new CalendarFields(0, 0, true));
      SourceFrame last = fs.get(fs.size() - 1);
      assertThat(last.timeMs()).isEqualTo(ms("2018-02-28 23:55:00"));
      assertThat(last.calendar()).isEqualTo(new CalendarFields(23 * 60 + 55, 2, false));
      assertThat(s.drainErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("The neighbour column and a row range give a chronological split")
  void columnAndRange() throws IOException {
    Path csv = SharedData.file("flow/pems04-sensor0-5min.csv");
    FlowSource.Options o = FlowSource.Options.defaults().withColumn("neighbor_flow").withRows(3, 5);
    try (FlowSource s = new FlowSource(csv, o)) {
      List<SourceFrame> fs = all(s, 100);
      assertThat(fs).extracting(SourceFrame::count).containsExactly(80.0, 74.0);
      assertThat(fs.get(0).timeMs()).isEqualTo(ms("2018-01-01 00:15:00"));
    }
    assertThatThrownBy(() -> new FlowSource(csv, FlowSource.Options.defaults().withColumn("speed")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("speed");
  }

  @Test
  @DisplayName(
      "A bad row is skipped with an error naming its line and cause; looping keeps time growing")
  void badRowsAndLoop() throws IOException {
    Path csv = tmp.resolve("f.csv");
    Files.writeString(
        csv,
        """
        time,flow,hour,day_of_week,is_holiday,neighbor_flow
        2018-01-06 10:00:00,10.0,10,5,0,1.0
        2018-01-06 10:05:00,abc,10,5,0,1.0
        2018-01-06 10:10:00,12.0,10,3,0,1.0
        2018-01-06 10:15:00,13.0,10,5,0,1.0
        garbage
        """);
    try (FlowSource s = new FlowSource(csv, FlowSource.Options.defaults().withLoop(true))) {
      List<SourceFrame> fs = all(s, 4);
      assertThat(fs).extracting(SourceFrame::count).containsExactly(10.0, 13.0, 10.0, 13.0);
      assertThat(fs.get(0).calendar().weekendOrHoliday()).as("a Saturday").isTrue();
      assertThat(fs.get(2).timeMs()).isEqualTo(fs.get(1).timeMs() + 5 * 60_000);
      List<String> errors = s.drainErrors();
      assertThat(errors).hasSize(5);
      assertThat(errors.get(0)).contains("line 3").contains("bad flow 'abc'");
      assertThat(errors.get(1)).contains("line 4").contains("day_of_week 3");
      assertThat(errors.get(2)).contains("line 6").contains("fields");
    }
  }
}
