package org.divs.experiment;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.divs.bus.FrameId;
import org.divs.model.CnnBlock;
import org.divs.scene.Box;
import org.divs.scene.Crops;
import org.divs.scene.VehicleClass;
import org.divs.source.ImagesSource;
import org.divs.source.Jpeg;
import org.divs.train.CropStore;

/**
 * The real vehicle crops ({@code ../shared/data/vehicles}): the stratified held-out split, loading
 * as 3x64x64 model inputs the way an edge cuts an {@code images} terminal's frames (decode, the
 * whole frame as the box, {@link Crops#toChw}), and the non-IID placement on edges.
 */
public final class VehicleData {
  /** The default data folder, relative to the project root. */
  public static final Path DEFAULT_DIR = Path.of("..", "shared", "data", "vehicles");

  /** The seed of the 80/20 split unless given. */
  public static final long SPLIT_SEED = 7;

  /** The held-out fraction of every class. */
  public static final double TEST_FRACTION = 0.2;

  private VehicleData() {}

  /**
   * A split of the image list.
   *
   * @param train the training items
   * @param test the held-out items, never trained on
   */
  public record Split(List<ImagesSource.Item> train, List<ImagesSource.Item> test) {}

  /**
   * Crops loaded as model inputs.
   *
   * @param x {@code y.length * 3 * 64 * 64} floats, CHW in [0, 1]
   * @param y one class index per crop
   */
  public record Loaded(float[] x, int[] y) {
    /** The number of crops. */
    public int size() {
      return y.length;
    }
  }

  /**
   * Splits each class of the list on its own: a seeded shuffle, then the first {@code
   * round(TEST_FRACTION * n)} images of the class are held out.
   *
   * @param dir the data folder (with {@code labels.csv} or one sub-folder per class)
   * @param seed the split seed
   * @return the split, each part in class order
   * @throws IOException naming the folder when it cannot be listed
   */
  public static Split split(Path dir, long seed) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("vehicle crops not found at " + dir.toAbsolutePath().normalize());
    }
    Map<String, List<ImagesSource.Item>> byClass = new LinkedHashMap<>();
    for (ImagesSource.Item it : ImagesSource.list(dir)) {
      byClass.computeIfAbsent(it.label(), k -> new ArrayList<>()).add(it);
    }
    List<ImagesSource.Item> train = new ArrayList<>();
    List<ImagesSource.Item> test = new ArrayList<>();
    for (List<ImagesSource.Item> items : byClass.values()) {
      List<ImagesSource.Item> shuffled = new ArrayList<>(items);
      Collections.shuffle(shuffled, new Random(seed));
      int held = (int) Math.round(TEST_FRACTION * shuffled.size());
      test.addAll(shuffled.subList(0, held));
      train.addAll(shuffled.subList(held, shuffled.size()));
    }
    return new Split(train, test);
  }

  /**
   * Loads images of the given classes as model inputs, in list order, decoding on the pool.
   *
   * @param items the images
   * @param classes class names in output order; images of other classes are left out
   * @param pool decoding threads
   * @return the crops
   * @throws IOException naming the first image that cannot be decoded
   */
  public static Loaded load(
      List<ImagesSource.Item> items, List<String> classes, ExecutorService pool)
      throws IOException, InterruptedException {
    List<ImagesSource.Item> kept =
        items.stream().filter(it -> classes.contains(it.label())).toList();
    int len = (int) CnnBlock.SAMPLE_SHAPE.size();
    float[] x = new float[kept.size() * len];
    int[] y = new int[kept.size()];
    List<Future<?>> parts = new ArrayList<>();
    int chunk = Math.max(1, kept.size() / 8);
    for (int from = 0; from < kept.size(); from += chunk) {
      int start = from;
      int end = Math.min(kept.size(), from + chunk);
      parts.add(
          pool.submit(
              () -> {
                for (int i = start; i < end; i++) {
                  ImagesSource.Item it = kept.get(i);
                  BufferedImage img = Jpeg.decode(Files.readAllBytes(it.path()));
                  Box whole = new Box(0, 0, img.getWidth(), img.getHeight());
                  Crops.toChw(img, whole, CnnBlock.SIDE, x, i * len);
                  y[i] = classes.indexOf(it.label());
                }
                return null;
              }));
    }
    for (Future<?> f : parts) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new IOException("cannot load a vehicle crop: " + e.getCause().getMessage(), e);
      }
    }
    return new Loaded(x, y);
  }

  /**
   * Places crops on 4 edges so that each holds mostly 3 classes: class c's crops go, after a seeded
   * shuffle, 45% to each edge of its home pair (the 6 pairs of 4 edges, one per class, so every
   * edge is home to 3 classes) and 5% to each other edge.
   *
   * @param data the crops
   * @param classes the number of classes
   * @param seed the placement seed
   * @return per edge, a crop store holding its crops (quantised to bytes, as an edge stores them)
   */
  static List<CropStore> nonIid(Loaded data, int classes, long seed) {
    int len = (int) CnnBlock.SAMPLE_SHAPE.size();
    List<CropStore> stores = new ArrayList<>();
    for (List<Integer> idx : placement(data.y(), classes, seed)) {
      CropStore store = new CropStore(Math.max(1, idx.size()), len);
      float[] chw = new float[len];
      for (int i : idx) {
        System.arraycopy(data.x(), i * len, chw, 0, len);
        store.add(new FrameId("vehicles", 0, i), chw, data.y()[i]);
      }
      stores.add(store);
    }
    return stores;
  }

  /**
   * The placement of {@link #nonIid}: per edge, the indices of its crops, in a seeded order.
   *
   * @param labels each crop's class index
   * @param classes the number of classes
   * @param seed the placement seed
   * @return per edge (4), its crops' indices
   */
  static List<List<Integer>> placement(int[] labels, int classes, long seed) {
    int edges = 4;
    int[][] pairs = {{0, 1}, {2, 3}, {0, 2}, {1, 3}, {0, 3}, {1, 2}};
    List<List<Integer>> placed = new ArrayList<>();
    for (int e = 0; e < edges; e++) {
      placed.add(new ArrayList<>());
    }
    Random random = new Random(seed);
    for (int c = 0; c < classes; c++) {
      List<Integer> mine = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          mine.add(i);
        }
      }
      Collections.shuffle(mine, random);
      int[] home = pairs[c % pairs.length];
      List<Integer> away = new ArrayList<>();
      for (int e = 0; e < edges; e++) {
        if (e != home[0] && e != home[1]) {
          away.add(e);
        }
      }
      int homeCount = (int) Math.round(0.9 * mine.size());
      for (int k = 0; k < mine.size(); k++) {
        int edge = k < homeCount ? home[k % 2] : away.get(k % away.size());
        placed.get(edge).add(mine.get(k));
      }
    }
    for (List<Integer> idx : placed) {
      Collections.shuffle(idx, random);
    }
    return placed;
  }

  /**
   * Writes an image list file ({@code path,label} lines after a header, absolute paths), as an
   * {@code images} terminal or a task's {@code heldOut} reads it.
   *
   * @param file the list file to write
   * @param items the images, in order
   * @return the file
   * @throws IOException when it cannot be written
   */
  static Path writeList(Path file, List<ImagesSource.Item> items) throws IOException {
    StringBuilder b = new StringBuilder("path,label\n");
    for (ImagesSource.Item it : items) {
      b.append(it.path().toAbsolutePath().normalize()).append(',').append(it.label()).append('\n');
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, b.toString());
    return file;
  }

  /**
   * The crops as the real-data experiments use them: split, loaded and the training part placed on
   * 4 non-IID edges.
   *
   * @param classes the class labels, in output order
   * @param test the held-out crops
   * @param names the edges' names
   * @param stores per edge, its crops
   */
  record Placed(List<String> classes, Loaded test, List<String> names, List<CropStore> stores) {}

  /**
   * Splits, loads and places the crops ({@link #split}, {@link #load}, {@link #nonIid}), printing
   * what it did and each edge's crops per class.
   *
   * @param experiment the experiment's name for the first line
   * @param dir the crops folder
   * @param splitSeed seed of the split and the placement
   * @param pool threads that decode
   * @param out where to print
   * @return the placed crops
   * @throws IOException when the folder cannot be read
   * @throws InterruptedException when interrupted while decoding
   */
  static Placed placeNonIid(
      String experiment, Path dir, long splitSeed, ExecutorService pool, PrintWriter out)
      throws IOException, InterruptedException {
    List<String> classes = new ArrayList<>();
    for (VehicleClass c : VehicleClass.values()) {
      classes.add(c.label());
    }
    Split split = split(dir, splitSeed);
    out.printf(
        "%s: %d training and %d held-out crops from %s (stratified 80/20, split seed %d)%n",
        experiment, split.train().size(), split.test().size(), dir, splitSeed);
    out.println(PairedRun.IN_PROCESS);
    out.flush();
    long t0 = System.nanoTime();
    Loaded train = load(split.train(), classes, pool);
    Loaded test = load(split.test(), classes, pool);
    out.printf(
        Locale.ROOT, "  decoded and cropped to 64x64 in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    List<CropStore> stores = nonIid(train, classes.size(), splitSeed);
    List<String> names = new ArrayList<>();
    for (int e = 0; e < stores.size(); e++) {
      names.add("edge-" + (e + 1));
      out.printf(
          "  edge-%d: %d crops, per class %s%n",
          e + 1, stores.get(e).size(), perClass(stores.get(e), classes));
    }
    return new Placed(classes, test, names, stores);
  }

  private static String perClass(CropStore store, List<String> classes) {
    int[] n = new int[classes.size()];
    float[] scratch = new float[store.cropLength()];
    CropStore.Snapshot held = store.snapshot();
    for (int i = 0; i < held.size(); i++) {
      n[held.copy(i, scratch, 0)]++;
    }
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < n.length; c++) {
      b.append(c == 0 ? "" : " ").append(classes.get(c)).append(' ').append(n[c]);
    }
    return b.toString();
  }
}
