package org.divs.source;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;
import org.divs.motion.CountingLine;
import org.divs.motion.MotionCounter;
import org.divs.motion.MotionSettings;
import org.divs.store.RocksDbFrameStore;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, on the calling thread: per video, frames per second of decoding alone, decoding with
 * motion counting, decoding with RGB and JPEG, and all three (wall time and thread CPU time, best
 * of the measured passes after a warm-up pass); and the frame store's put rate for 50 KB frames
 * with and without fsync. Not a test: run its main with the test classpath (pin it to one core with
 * {@code taskset -c 1}). Arguments: data directory, scratch directory.
 */
public final class IngestBench {
  private static final Logger LOG = LoggerFactory.getLogger(IngestBench.class);
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private IngestBench() {}

  interface Pass {
    int run() throws Exception;
  }

  private static void measure(String what, Pass pass, int passes) throws Exception {
    pass.run();
    double bestWall = 0;
    double bestCpu = 0;
    for (int i = 0; i < passes; i++) {
      long c0 = MX.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      int n = pass.run();
      double wall = n / ((System.nanoTime() - t0) / 1e9);
      double cpu = n / ((MX.getCurrentThreadCpuTime() - c0) / 1e9);
      bestWall = Math.max(bestWall, wall);
      bestCpu = Math.max(bestCpu, cpu);
    }
    LOG.info(
        String.format("%-55s %6.1f fps wall, %6.1f fps per CPU-second", what, bestWall, bestCpu));
  }

  private static int decode(Path file, MotionSettings ms) throws Exception {
    try (FileChannelWrapper ch = NIOUtils.readableChannel(new File(file.toString()))) {
      FrameGrab g = FrameGrab.createFrameGrab(ch);
      MotionCounter c = null;
      int n = 0;
      Picture p;
      while ((p = g.getNativeFrame()) != null) {
        if (ms != null) {
          if (c == null) {
            c = new MotionCounter(ms, p.getCroppedWidth(), p.getCroppedHeight());
          }
          c.update(p.getPlaneData(0), p.getPlaneWidth(0), true, n * 40L);
        }
        n++;
      }
      return n;
    }
  }

  private static int source(Path file, MotionSettings ms) throws Exception {
    try (VideoSource s = new VideoSource(file, VideoSource.Options.defaults().withMotion(ms))) {
      int n = 0;
      while (s.next() != null) {
        n++;
      }
      return n;
    }
  }

  /** Runs the measurements. */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    Path scratch = Path.of(args[1]);
    for (String[] v :
        new String[][] {{"intel_car-detection.mp4", "216"}, {"ozlu_input_video.mp4", "211"}}) {
      Path f = data.resolve("video").resolve(v[0]);
      MotionSettings ms = MotionSettings.defaults(CountingLine.horizontal(Integer.parseInt(v[1])));
      measure(v[0] + ": decode", () -> decode(f, null), 2);
      measure(v[0] + ": decode + count", () -> decode(f, ms), 2);
      measure(v[0] + ": decode + RGB + JPEG", () -> source(f, null), 2);
      measure(v[0] + ": decode + RGB + JPEG + count", () -> source(f, ms), 2);
    }
    byte[] jpeg = new byte[50_000];
    new Random(1).nextBytes(jpeg);
    for (boolean sync : new boolean[] {false, true}) {
      Path dir = scratch.resolve("store-" + sync);
      int n = sync ? 300 : 3000;
      try (RocksDbFrameStore s = RocksDbFrameStore.open(dir, 100_000, sync)) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          s.put(new FrameId("bench", 1, i), new EncodedFrame(i, i * 40L, jpeg, List.of()), false);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        LOG.info(
            String.format(
                "store put, 50 KB frames, sync %-5s: %7.0f puts/s, %6.1f MB/s (%d puts)",
                sync, n / secs, n * 50_000 / secs / 1e6, n));
      }
      try (Stream<Path> w = Files.walk(dir)) {
        w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
