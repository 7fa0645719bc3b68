package org.divs.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.divs.bus.FrameId;
import org.divs.config.SourceSpec;
import org.divs.config.TaskSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.flow.FlowSeries;
import org.divs.source.FrameSource;
import org.divs.source.SourceFrame;
import org.divs.source.Sources;
import org.divs.train.SeriesStore;
import org.divs.window.FrameEntry;
import org.divs.window.Window;
import org.divs.window.WindowAssembler;

/**
 * The count series the cloud evaluates an LSTM task's globals on: data of the kind the terminals
 * stream, never streamed. Plain Java; blocking (renders scenes or reads a file).
 *
 * <ul>
 *   <li>The first {@code synthetic} terminal: a scene with its settings but a seed disjoint from
 *       every terminal's, cut into its windows as an edge cuts them: {@value #SYNTHETIC_WINDOWS}
 *       windows, or as many as {@value #MAX_SYNTHETIC_FRAMES} frames hold.
 *   <li>Else the first training {@code flow} terminal: the {@value #FLOW_ROWS} rows of its CSV
 *       after the rows it replays ({@code toRow}).
 * </ul>
 */
final class FlowHeldOut {
  /** Windows of the held-out synthetic scene. */
  static final int SYNTHETIC_WINDOWS = 100;

  /** The most frames of the held-out synthetic scene rendered. */
  static final int MAX_SYNTHETIC_FRAMES = 1000;

  /** Rows of a flow CSV held out (two weeks of 5-minute rows). */
  static final int FLOW_ROWS = 2 * 7 * 288;

  private FlowHeldOut() {}

  /**
   * The held-out series of an LSTM task of {@code t}.
   *
   * @param t the topology
   * @param task the task
   * @param seed the held-out seed (disjoint from the terminals')
   * @return the series, one per run
   * @throws IOException when the scene or file cannot be read
   * @throws IllegalArgumentException naming the task when no terminal feeds it held-out data
   */
  static List<FlowSeries> of(Topology t, TaskSpec task, long seed) throws IOException {
    Optional<TerminalSpec> synthetic =
        t.terminals().stream()
            .filter(x -> x.source().type() == SourceSpec.Type.SYNTHETIC)
            .findFirst();
    if (synthetic.isPresent()) {
      return synthetic(synthetic.get(), seed);
    }
    TerminalSpec flow =
        t.terminals().stream()
            .filter(x -> x.source().type() == SourceSpec.Type.FLOW && x.source().train())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "task '"
                            + task.id()
                            + "': no synthetic or flow terminal to hold count data out from"));
    SourceSpec.Flow f = flow.source().flow();
    if (f.toRow() == 0) {
      throw new IllegalArgumentException(
          "task '"
              + task.id()
              + "': terminal '"
              + flow.id()
              + "' replays its CSV to the end; set source.toRow so the cloud can hold out the rows"
              + " after it");
    }
    Path csv = Path.of(flow.source().path().orElseThrow());
    return List.of(FlowSeries.read(csv, f.column(), f.toRow(), f.toRow() + FLOW_ROWS));
  }

  private static List<FlowSeries> synthetic(TerminalSpec cam, long seed) throws IOException {
    SourceSpec s = cam.source();
    TerminalSpec.Window w = cam.window();
    long frames =
        Math.min(
            MAX_SYNTHETIC_FRAMES,
            (long) Math.ceil((SYNTHETIC_WINDOWS * w.strideMs() + w.lengthMs()) * s.fps() / 1000));
    SourceSpec heldOut =
        new SourceSpec(
            s.type(),
            s.path(),
            seed,
            s.fps(),
            SourceSpec.Pace.MAX,
            false,
            s.classes(),
            false,
            frames,
            s.rate(),
            s.subset(),
            s.line(),
            s.flow(),
            s.daySeconds());
    String id = "held-out";
    WindowAssembler windows = new WindowAssembler(id, 0, 0, w.lengthMs(), w.strideMs(), 0);
    SeriesStore series = new SeriesStore(MAX_SYNTHETIC_FRAMES);
    List<FrameEntry> chunk = new ArrayList<>();
    long chunkStart = 0;
    try (FrameSource src =
        Sources.open(
            new TerminalSpec(
                id,
                cam.edge(),
                cam.node(),
                heldOut,
                cam.frame(),
                w,
                cam.delivery(),
                Optional.empty()))) {
      SourceFrame f;
      long seq = 0;
      while ((f = src.next()) != null) {
        while (f.timeMs() >= chunkStart + w.strideMs()) {
          addAll(series, windows.add(chunkStart, chunkStart + w.strideMs(), chunk), w);
          chunk.clear();
          chunkStart += w.strideMs();
        }
        chunk.add(new FrameEntry(new FrameId(id, 0, seq++), f.timeMs(), f.count(), f.calendar()));
      }
    }
    return series.snapshot();
  }

  private static void addAll(SeriesStore series, List<Window> done, TerminalSpec.Window w) {
    for (Window x : done) {
      series.add(x, w.strideMs());
    }
  }
}
