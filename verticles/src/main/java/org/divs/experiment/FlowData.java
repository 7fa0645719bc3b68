package org.divs.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.divs.flow.FlowSeries;

/**
 * The real PeMS series ({@code ../shared/data/flow}): chronological 60/20/20 split of one count
 * column into training, validation and test parts.
 */
public final class FlowData {
  /** The default CSV, relative to the project root. */
  public static final Path DEFAULT_CSV =
      Path.of("..", "shared", "data", "flow", "pems04-sensor0-5min.csv");

  /** Detector 0's column. */
  public static final String DETECTOR = "flow";

  /** Its neighbour's column (detector 117). */
  public static final String NEIGHBOUR = "neighbor_flow";

  private FlowData() {}

  /**
   * One column split chronologically.
   *
   * @param train the first 60% of the rows
   * @param validation the next 20%
   * @param test the last 20%
   */
  public record Split(FlowSeries train, FlowSeries validation, FlowSeries test) {}

  /**
   * Reads a column and splits it 60/20/20 by time (row boundaries {@code floor(0.6 n)} and {@code
   * floor(0.8 n)}).
   *
   * @param csv the file
   * @param column the count column
   * @return the split
   * @throws IOException naming the file when it cannot be read
   */
  public static Split chronological(Path csv, String column) throws IOException {
    if (!Files.isRegularFile(csv)) {
      throw new IOException("flow CSV not found at " + csv.toAbsolutePath().normalize());
    }
    FlowSeries all = FlowSeries.read(csv, column, 0, 0);
    int n = all.size();
    int a = (int) (0.6 * n);
    int b = (int) (0.8 * n);
    return new Split(all.slice(0, a), all.slice(a, b), all.slice(b, n));
  }
}
