package org.divs.source;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.divs.bus.Annotation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A labelled image folder as a terminal's source: each image becomes one frame whose single
 * annotation is the whole frame with the image's class label.
 *
 * <p>The list comes from a list file ({@code path,label} per line after a header, paths relative to
 * the list file's folder), given directly or as {@code labels.csv} inside the folder; without one,
 * every {@code .jpg}/{@code .jpeg}/{@code .png} in a sub-folder is taken with the sub-folder's name
 * as its label. An optional class filter keeps some labels; a seeded shuffle and a subset size pick
 * the images.
 *
 * <p>Frame size: every frame is {@code size x size} (100 by default, the size of the vehicle crops
 * in the shared data). A JPEG of that size is passed through byte for byte (checked by decoding
 * it); any other image is scaled to fit, centred on a grey square, and re-encoded. An image that
 * cannot be read is skipped: the reason is logged and kept for {@link #drainErrors()}.
 *
 * <p>Not thread-safe; blocking: call from one worker thread.
 */
public final class ImagesSource implements FrameSource {
  private static final Logger LOG = LoggerFactory.getLogger(ImagesSource.class);

  /** The list file looked for inside a folder. */
  public static final String LIST_FILE = "labels.csv";

  /** One image of the list. */
  public record Item(Path path, String label) {}

  /**
   * How the images are replayed.
   *
   * @param classes labels to keep (empty: all)
   * @param seed seed of the shuffle
   * @param shuffle whether to shuffle (seeded); else list order
   * @param subset how many images to take after the filter and shuffle (0: all)
   * @param size side of the square frames in pixels
   * @param fps frames per second of stream time
   * @param loop start again at the end of the list
   * @param quality JPEG quality of re-encoded images
   */
  public record Options(
      List<String> classes,
      long seed,
      boolean shuffle,
      int subset,
      int size,
      double fps,
      boolean loop,
      float quality) {
    /** Checks the ranges and copies the class list. */
    public Options {
      classes = List.copyOf(classes);
      if (subset < 0 || size < 8 || !(fps > 0) || !(quality > 0 && quality <= 1)) {
        throw new IllegalArgumentException("bad images source options");
      }
    }

    /** All images in list order, 100x100, 10 frames per second, once. */
    public static Options defaults() {
      return new Options(List.of(), 0, false, 0, 100, 10, false, SyntheticSource.QUALITY);
    }

    /** These options keeping only {@code labels}. */
    public Options withClasses(List<String> labels) {
      return new Options(labels, seed, shuffle, subset, size, fps, loop, quality);
    }

    /** These options with a seeded shuffle and a subset ({@code n} = 0: all). */
    public Options withShuffle(long s, int n) {
      return new Options(classes, s, true, n, size, fps, loop, quality);
    }

    /** These options, looping or not. */
    public Options withLoop(boolean l) {
      return new Options(classes, seed, shuffle, subset, size, fps, l, quality);
    }

    /** These options with frames of {@code side x side}. */
    public Options withSize(int side) {
      return new Options(classes, seed, shuffle, subset, side, fps, loop, quality);
    }
  }

  private final Options options;
  private final List<Item> items;
  private final List<String> errors = new ArrayList<>();
  private int next;
  private long emitted;
  private int passSkipped;

  /**
   * Opens a list.
   *
   * @param location a list file, or a folder holding {@value #LIST_FILE} or one sub-folder per
   *     class
   * @param options the options
   * @throws IOException naming the location when the list cannot be read, has a bad line, or keeps
   *     no image
   */
  public ImagesSource(Path location, Options options) throws IOException {
    this.options = options;
    List<Item> all = list(location);
    if (!options.classes().isEmpty()) {
      Set<String> keep = new LinkedHashSet<>(options.classes());
      List<Item> kept = new ArrayList<>();
      Set<String> found = new LinkedHashSet<>();
      for (Item it : all) {
        if (keep.contains(it.label())) {
          kept.add(it);
          found.add(it.label());
        }
      }
      keep.removeAll(found);
      if (!keep.isEmpty()) {
        throw new IOException("no images of class " + keep + " in " + location);
      }
      all = kept;
    }
    if (options.shuffle()) {
      all = new ArrayList<>(all);
      Collections.shuffle(all, new Random(options.seed()));
    }
    if (options.subset() > 0 && options.subset() < all.size()) {
      all = all.subList(0, options.subset());
    }
    if (all.isEmpty()) {
      throw new IOException("no images in " + location);
    }
    this.items = List.copyOf(all);
  }

  /** Reads the list of a location (list file, folder with a list file, or class sub-folders). */
  public static List<Item> list(Path location) throws IOException {
    if (Files.isDirectory(location)) {
      Path lf = location.resolve(LIST_FILE);
      if (Files.isRegularFile(lf)) {
        return readList(lf);
      }
      return scanFolders(location);
    }
    if (Files.isRegularFile(location)) {
      return readList(location);
    }
    throw new IOException("cannot open images " + location + ": no such file or folder");
  }

  private static List<Item> readList(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Path base = file.toAbsolutePath().getParent();
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.equals("path,label"))) {
        continue;
      }
      int comma = line.lastIndexOf(',');
      if (comma <= 0 || comma == line.length() - 1) {
        throw new IOException(
            file + " line " + (i + 1) + ": expected 'path,label', found '" + line + "'");
      }
      out.add(
          new Item(
              base.resolve(line.substring(0, comma).strip()), line.substring(comma + 1).strip()));
    }
    return out;
  }

  private static List<Item> scanFolders(Path dir) throws IOException {
    List<Item> out = new ArrayList<>();
    try (Stream<Path> classes = Files.list(dir)) {
      for (Path c : classes.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.list(c)) {
          for (Path f : files.sorted().toList()) {
            String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png")) {
              out.add(new Item(f, c.getFileName().toString()));
            }
          }
        }
      }
    }
    return out;
  }

  /** The images this source replays, in order. */
  public List<Item> items() {
    return items;
  }

  @Override
  public SourceFrame next() {
    while (true) {
      if (next == items.size()) {
        if (!options.loop() || passSkipped == items.size()) {
          return null;
        }
        next = 0;
        passSkipped = 0;
      }
      Item it = items.get(next++);
      byte[] jpeg;
      try {
        jpeg = frameOf(it.path());
      } catch (IOException | RuntimeException e) {
        String msg = "skipped image " + it.path() + " (" + it.label() + "): " + e.getMessage();
        LOG.warn(msg);
        synchronized (errors) {
          errors.add(msg);
        }
        passSkipped++;
        continue;
      }
      long timeMs = Math.round(emitted * 1000.0 / options.fps());
      emitted++;
      int s = options.size();
      return new SourceFrame(timeMs, jpeg, List.of(new Annotation(it.label(), 0, 0, s, s)));
    }
  }

  private byte[] frameOf(Path p) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    BufferedImage img = Jpeg.decode(bytes);
    int s = options.size();
    if (img.getWidth() == s && img.getHeight() == s && Jpeg.check(bytes, s, s) == null) {
      return bytes;
    }
    BufferedImage out = new BufferedImage(s, s, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.GRAY);
      g.fillRect(0, 0, s, s);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      double k = Math.min((double) s / img.getWidth(), (double) s / img.getHeight());
      int w = Math.max(1, (int) Math.round(img.getWidth() * k));
      int h = Math.max(1, (int) Math.round(img.getHeight() * k));
      g.drawImage(img, (s - w) / 2, (s - h) / 2, w, h, null);
    } finally {
      g.dispose();
    }
    return Jpeg.encode(out, options.quality());
  }

  /** The errors of images skipped since the last call, oldest first. */
  @Override
  public List<String> drainErrors() {
    synchronized (errors) {
      List<String> out = List.copyOf(errors);
      errors.clear();
      return out;
    }
  }

  /** Side of the square frames in pixels (the terminal's declared width and height). */
  public int size() {
    return options.size();
  }

  @Override
  public double fps() {
    return options.fps();
  }
}
