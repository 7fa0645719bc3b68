package org.divs.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import org.divs.motion.CountingLine;
import org.divs.motion.MotionSettings;
import org.divs.source.VideoSource;

/**
 * How many {@code video} cameras one core sustains at their native frame rate, per sample file: one
 * pass over the whole file on the calling thread through the terminal's {@link VideoSource} (decode
 * every frame, RGB, JPEG, motion counting at the hand-counted line), frames per CPU-second of this
 * thread divided by the file's rate. A first pass over 100 frames warms up.
 */
final class VideoBench {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  /** The sample files and their counting lines (the hand counts' lines). */
  static final String[][] FILES = {
    {"intel_car-detection.mp4", "216"}, {"ozlu_input_video.mp4", "211"}
  };

  /** Target: cameras per core for each file. */
  static final int TARGET = 2;

  private VideoBench() {}

  private static int pass(Path file, MotionSettings ms, int limit) throws Exception {
    try (VideoSource s = new VideoSource(file, VideoSource.Options.defaults().withMotion(ms))) {
      int n = 0;
      while ((limit == 0 || n < limit) && s.next() != null) {
        n++;
      }
      return n;
    }
  }

  /** Measures each sample file in {@code videoDir} and prints one line per file. */
  static void cameras(PrintWriter out, Path videoDir) throws Exception {
    out.println(
        "video cameras per core (decode + RGB + JPEG + motion counting, one thread, whole file):");
    for (String[] f : FILES) {
      Path file = videoDir.resolve(f[0]);
      MotionSettings ms = MotionSettings.defaults(CountingLine.horizontal(Integer.parseInt(f[1])));
      pass(file, ms, 100);
      long c0 = MX.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      int n = pass(file, ms, 0);
      double wall = n / ((System.nanoTime() - t0) / 1e9);
      double cpu = n / ((MX.getCurrentThreadCpuTime() - c0) / 1e9);
      double nativeFps;
      try (VideoSource s = new VideoSource(file, VideoSource.Options.defaults())) {
        nativeFps = s.nativeFps();
      }
      int cams = (int) Math.floor(cpu / nativeFps);
      out.printf(
          "  %-26s %4d frames at %5.2f fps: %6.1f fps per CPU-second (%6.1f wall) = %d camera(s)"
              + " per core (target %d: %s)%n",
          f[0], n, nativeFps, cpu, wall, cams, TARGET, cams >= TARGET ? "met" : "NOT met");
      out.flush();
    }
  }
}
