package org.divs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.divs.motion.CountingLine;
import org.divs.motion.Crossing;
import org.divs.motion.MotionSettings;
import org.divs.source.Jpeg;
import org.divs.source.SourceFrame;
import org.divs.source.VideoSource;

/**
 * One full pass over each real video (decode, JPEG, motion counting at its hand-counted line), made
 * once per test JVM and shared by the source and motion tests, since decoding is the slow part.
 */
public final class RealVideos {
  /** The intel video's counting line (our hand count, {@code counts-intel.csv}). */
  public static final int INTEL_LINE = 216;

  /** The ozlu video's counting line (the team's hand count, {@code counts-ozlu.csv}). */
  public static final int OZLU_LINE = 211;

  /**
   * What one pass saw.
   *
   * @param frames frames decoded
   * @param emitted frames emitted (every {@value #EVERY}th)
   * @param width frame width
   * @param height frame height
   * @param fps the file's frame rate
   * @param times each emitted frame's stream time
   * @param badJpegs frames whose JPEG failed the ingest check
   * @param crossings the counted crossings
   * @param counted sum of the frames' counts
   * @param annotatedFrames frames with at least one moving-blob annotation
   */
  public record Pass(
      int frames,
      int emitted,
      int width,
      int height,
      double fps,
      long[] times,
      int badJpegs,
      List<Crossing> crossings,
      double counted,
      int annotatedFrames) {}

  /** Frames are JPEG-encoded and checked one in this many. */
  public static final int EVERY = 5;

  private static final Map<String, CompletableFuture<Pass>> PASSES = new ConcurrentHashMap<>();

  private RealVideos() {}

  /** The pass over {@code video/<name>} with a counting line at {@code y}. */
  public static Pass pass(String name, int y) {
    Path intel = SharedData.file("video/intel_car-detection.mp4");
    Path ozlu = SharedData.file("video/ozlu_input_video.mp4");
    start(intel, INTEL_LINE);
    start(ozlu, OZLU_LINE);
    return start(SharedData.file("video/" + name), y).join();
  }

  private static CompletableFuture<Pass> start(Path file, int y) {
    return PASSES.computeIfAbsent(
        file.getFileName() + "@" + y,
        k -> {
          CompletableFuture<Pass> f = new CompletableFuture<>();
          Thread t =
              new Thread(
                  () -> {
                    try {
                      f.complete(run(file, y));
                    } catch (RuntimeException e) {
                      f.completeExceptionally(e);
                    }
                  },
                  "decode-" + k);
          t.setDaemon(true);
          t.start();
          return f;
        });
  }

  private static Pass run(Path file, int y) {
    List<Crossing> crossings = new ArrayList<>();
    MotionSettings ms = MotionSettings.defaults(CountingLine.horizontal(y));
    try (VideoSource src =
        new VideoSource(file, VideoSource.Options.defaults().withMotion(ms).withEvery(EVERY))) {
      List<Long> times = new ArrayList<>();
      int bad = 0;
      int annotated = 0;
      double counted = 0;
      SourceFrame f;
      while ((f = src.next()) != null) {
        times.add(f.timeMs());
        if (Jpeg.check(f.jpeg(), src.width(), src.height()) != null) {
          bad++;
        }
        if (!f.annotations().isEmpty()) {
          annotated++;
        }
        counted += f.count();
      }
      crossings.addAll(src.counter().recentCrossings());
      return new Pass(
          (int) src.decoded(),
          times.size(),
          src.width(),
          src.height(),
          src.nativeFps(),
          times.stream().mapToLong(Long::longValue).toArray(),
          bad,
          crossings,
          counted,
          annotated);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
