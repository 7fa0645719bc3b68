package org.divs.source;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.divs.bus.Annotation;
import org.divs.motion.Blob;
import org.divs.motion.MotionCounter;
import org.divs.motion.MotionResult;
import org.divs.motion.MotionSettings;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MP4/H.264 file as a terminal's source, decoded in pure Java with jcodec.
 *
 * <p>Every frame of the file is decoded (H.264 frames depend on the ones before); a sampling option
 * emits only every n-th frame, or frames at a target rate. Emitted frames are converted to RGB and
 * JPEG-encoded. Timestamps come from the file's frame rate (frame count over duration): frame
 * {@code i} is at {@code round(i * 1000 / fps)} ms, and a looping source goes on counting frames
 * across the restart, so time only grows.
 *
 * <p>With a {@link MotionSettings}, a {@link MotionCounter} sees every decoded frame (its luma
 * plane, before any RGB conversion). An emitted frame then carries the crossings counted since the
 * previous emitted frame as its {@link SourceFrame#count() count}, and the moving blobs in it as
 * annotations labelled {@link MotionCounter#LABEL} (their class is unknown: for live inference,
 * never for training).
 *
 * <p>Not thread-safe; blocking: call from one worker thread.
 */
public final class VideoSource implements FrameSource {
  private static final Logger LOG = LoggerFactory.getLogger(VideoSource.class);

  /**
   * How a video is replayed.
   *
   * @param every emit every n-th decoded frame (1 = all)
   * @param targetFps emit frames at about this rate (0 = the file's rate); not with {@code every}
   * @param loop start again at the end of the file
   * @param quality JPEG quality in (0, 1]
   * @param motion count vehicles by motion with these settings, or null
   */
  public record Options(
      int every, double targetFps, boolean loop, float quality, MotionSettings motion) {
    /** Checks the ranges. */
    public Options {
      if (every < 1) {
        throw new IllegalArgumentException("every must be at least 1: " + every);
      }
      if (!(targetFps >= 0) || Double.isInfinite(targetFps)) {
        throw new IllegalArgumentException("target fps must be finite and >= 0: " + targetFps);
      }
      if (every > 1 && targetFps > 0) {
        throw new IllegalArgumentException("sample by every n-th frame or by target fps, not both");
      }
      if (!(quality > 0 && quality <= 1)) {
        throw new IllegalArgumentException("JPEG quality must be in (0, 1]: " + quality);
      }
    }

    /** All frames, once, JPEG quality 0.85, no counting. */
    public static Options defaults() {
      return new Options(1, 0, false, SyntheticSource.QUALITY, null);
    }

    /** These options emitting every n-th frame. */
    public Options withEvery(int n) {
      return new Options(n, 0, loop, quality, motion);
    }

    /** These options emitting about {@code fps} frames per second. */
    public Options withTargetFps(double fps) {
      return new Options(1, fps, loop, quality, motion);
    }

    /** These options, looping or not. */
    public Options withLoop(boolean l) {
      return new Options(every, targetFps, l, quality, motion);
    }

    /** These options with another JPEG quality. */
    public Options withQuality(float q) {
      return new Options(every, targetFps, loop, q, motion);
    }

    /** These options counting by motion (null: no counting). */
    public Options withMotion(MotionSettings m) {
      return new Options(every, targetFps, loop, quality, m);
    }
  }

  private final Path path;
  private final Options options;
  private final double nativeFps;
  private final int frameCount;
  private final int width;
  private final int height;
  private final MotionCounter counter;
  private FileChannelWrapper channel;
  private FrameGrab grab;
  private BufferedImage rgb;
  private long decoded;
  private long emitted;
  private double nextEmitMs;
  private double pendingCount;
  private boolean ended;

  /**
   * Opens a video.
   *
   * @param path the MP4 file
   * @param options how to replay it
   * @throws IOException naming the path and the cause when the file is missing or not a video
   *     jcodec can decode
   */
  public VideoSource(Path path, Options options) throws IOException {
    this.path = path;
    this.options = options;
    if (!Files.isRegularFile(path)) {
      throw new IOException("cannot open video " + path + ": no such file");
    }
    open();
    DemuxerTrackMeta meta = grab.getVideoTrack().getMeta();
    frameCount = meta.getTotalFrames();
    double duration = meta.getTotalDuration();
    if (frameCount <= 0 || !(duration > 0)) {
      close();
      throw new IOException("cannot open video " + path + ": no frames in its video track");
    }
    nativeFps = frameCount / duration;
    Picture first;
    try {
      first = grab.getNativeFrame();
    } catch (IOException | RuntimeException e) {
      close();
      throw new IOException("cannot decode video " + path + ": " + describe(e), e);
    }
    if (first == null) {
      close();
      throw new IOException("cannot decode video " + path + ": no decodable frame");
    }
    width = first.getCroppedWidth();
    height = first.getCroppedHeight();
    counter = options.motion() == null ? null : new MotionCounter(options.motion(), width, height);
    // start over so that next() returns frame 0
    close();
    open();
    LOG.debug("opened {}: {}x{}, {} frames at {} fps", path, width, height, frameCount, nativeFps);
  }

  private void open() throws IOException {
    try {
      channel = NIOUtils.readableChannel(new File(path.toString()));
      grab = FrameGrab.createFrameGrab(channel);
    } catch (IOException | JCodecException | RuntimeException e) {
      closeChannel();
      throw new IOException("cannot open video " + path + ": " + describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
  }

  @Override
  public SourceFrame next() throws IOException {
    while (!ended) {
      Picture p = decodeNext();
      if (p == null) {
        break;
      }
      long index = decoded++;
      long timeMs = Math.round(index * 1000.0 / nativeFps);
      MotionResult motion = null;
      if (counter != null) {
        motion = counter.update(p.getPlaneData(0), p.getPlaneWidth(0), true, timeMs);
        pendingCount += motion.crossings().size();
      }
      if (!emit(index, timeMs)) {
        continue;
      }
      emitted++;
      rgb = YuvImages.toBgr(p, rgb);
      byte[] jpeg = Jpeg.encode(rgb, options.quality());
      if (counter == null) {
        return new SourceFrame(timeMs, jpeg, List.of());
      }
      List<Annotation> anns = new ArrayList<>(motion.moving().size());
      for (Blob b : motion.moving()) {
        anns.add(new Annotation(MotionCounter.LABEL, b.x(), b.y(), b.width(), b.height()));
      }
      double count = pendingCount;
      pendingCount = 0;
      return new SourceFrame(timeMs, jpeg, anns, count, null);
    }
    return null;
  }

  private boolean emit(long index, long timeMs) {
    if (options.targetFps() > 0 && options.targetFps() < nativeFps) {
      if (timeMs + 1e-6 < nextEmitMs) {
        return false;
      }
      nextEmitMs += 1000.0 / options.targetFps();
      return true;
    }
    return index % options.every() == 0;
  }

  private Picture decodeNext() throws IOException {
    Picture p = decodeOrFail();
    if (p == null && options.loop() && decoded > 0) {
      close();
      open();
      p = decodeOrFail();
    }
    if (p == null) {
      ended = true;
    }
    return p;
  }

  private Picture decodeOrFail() throws IOException {
    try {
      return grab.getNativeFrame();
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "cannot decode frame " + decoded + " of video " + path + ": " + describe(e), e);
    }
  }

  @Override
  public double fps() {
    if (options.targetFps() > 0 && options.targetFps() < nativeFps) {
      return options.targetFps();
    }
    return nativeFps / options.every();
  }

  /** The file's own frame rate. */
  public double nativeFps() {
    return nativeFps;
  }

  /** Frames in the file, from its index. */
  public int frameCount() {
    return frameCount;
  }

  /** Frame width in pixels. */
  public int width() {
    return width;
  }

  /** Frame height in pixels. */
  public int height() {
    return height;
  }

  /** Frames decoded so far (all loops). */
  public long decoded() {
    return decoded;
  }

  /** Frames emitted so far. */
  public long emitted() {
    return emitted;
  }

  /** The motion counter, or null when the source does not count. */
  public MotionCounter counter() {
    return counter;
  }

  @Override
  public void close() {
    grab = null;
    closeChannel();
  }

  private void closeChannel() {
    if (channel != null) {
      NIOUtils.closeQuietly(channel);
      channel = null;
    }
  }
}
