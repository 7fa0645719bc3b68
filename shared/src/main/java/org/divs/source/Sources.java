package org.divs.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.divs.config.SourceSpec;
import org.divs.config.TerminalSpec;
import org.divs.motion.CountingLine;
import org.divs.motion.MotionSettings;

/**
 * Opens the {@link FrameSource} a terminal's config names, with its {@code limit} applied. Plain
 * Java; opening reads files (blocking).
 */
public final class Sources {
  private Sources() {}

  /**
   * Opens the terminal's source.
   *
   * @param t the terminal
   * @return the source, ending after {@code limit} frames when a limit is set
   * @throws IOException naming the file and the cause when it cannot be opened, or when a video's
   *     frames are not of the declared size
   */
  public static FrameSource open(TerminalSpec t) throws IOException {
    SourceSpec s = t.source();
    FrameSource source =
        switch (s.type()) {
          case SYNTHETIC -> synthetic(t, s);
          case VIDEO -> video(t, s);
          case IMAGES ->
              new ImagesSource(
                  path(s),
                  new ImagesSource.Options(
                      s.classes(),
                      s.seed(),
                      true,
                      s.subset(),
                      t.frame().width(),
                      s.fps(),
                      s.loop(),
                      SyntheticSource.QUALITY));
          case FLOW ->
              new FlowSource(
                  path(s),
                  new FlowSource.Options(
                      s.flow().column(), s.flow().fromRow(), s.flow().toRow(), s.loop()));
        };
    return s.limit() > 0 ? new Limited(source, s.limit()) : source;
  }

  /**
   * A synthetic scene; with a {@code path}, its arrival rate follows the daily shape of that flow
   * CSV's {@code column}, peaking at {@code rate}, one profile day every {@code daySeconds} of
   * stream time from Monday midnight, and its frames carry the calendar.
   */
  private static SyntheticSource synthetic(TerminalSpec t, SourceSpec s) throws IOException {
    SyntheticSource source =
        new SyntheticSource(
            s.seed(),
            t.frame().width(),
            t.frame().height(),
            s.fps(),
            s.rate(),
            s.classes(),
            s.limit());
    if (s.path().isPresent()) {
      TrafficProfile profile;
      try {
        profile = TrafficProfile.fromFlowCsv(path(s), s.flow().column(), s.rate());
      } catch (IllegalArgumentException e) {
        throw new IOException("traffic profile " + path(s) + ": " + e.getMessage(), e);
      }
      source.withProfile(profile, 0, s.daySeconds(), 0);
    }
    return source;
  }

  private static Path path(SourceSpec s) throws IOException {
    return Path.of(s.path().orElseThrow(() -> new IOException(s.type() + " source has no path")));
  }

  private static FrameSource video(TerminalSpec t, SourceSpec s) throws IOException {
    Path file = path(s);
    VideoSource.Options o = VideoSource.Options.defaults().withLoop(s.loop());
    if (s.fps() > 0) {
      o = o.withTargetFps(s.fps());
    }
    CountingLine line =
        s.line()
            .map(l -> new CountingLine(l.horizontal(), l.at(), l.from(), l.to()))
            .orElse(CountingLine.horizontal(t.frame().height() / 2.0));
    VideoSource v = new VideoSource(file, o.withMotion(MotionSettings.defaults(line)));
    if (v.width() != t.frame().width() || v.height() != t.frame().height()) {
      v.close();
      throw new IOException(
          "video "
              + file
              + " is "
              + v.width()
              + "x"
              + v.height()
              + ", the terminal declares "
              + t.frame().width()
              + "x"
              + t.frame().height());
    }
    return v;
  }

  /**
   * How many ms of stream time pass per ms of wall time at {@code pace: real}: 1, except for a
   * {@code flow} source, whose rows (minutes apart) are replayed at {@code fps} rows per second.
   */
  public static double streamMsPerWallMs(TerminalSpec t, FrameSource source) {
    if (t.source().type() == SourceSpec.Type.FLOW) {
      return t.source().fps() * (1000.0 / source.fps()) / 1000.0;
    }
    return 1;
  }

  /** A source cut after {@code limit} frames. */
  private static final class Limited implements FrameSource {
    private final FrameSource inner;
    private final long limit;
    private long read;

    Limited(FrameSource inner, long limit) {
      this.inner = inner;
      this.limit = limit;
    }

    @Override
    public SourceFrame next() throws IOException {
      if (read >= limit) {
        return null;
      }
      SourceFrame f = inner.next();
      if (f != null) {
        read++;
      }
      return f;
    }

    @Override
    public double fps() {
      return inner.fps();
    }

    @Override
    public List<String> drainErrors() {
      return inner.drainErrors();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
