package org.divs.node;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.divs.bus.Annotation;
import org.divs.config.SourceSpec;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.flow.FlowSeries;
import org.divs.model.CnnBlock;
import org.divs.scene.Box;
import org.divs.scene.Crops;
import org.divs.source.ImagesSource;
import org.divs.source.Jpeg;
import org.divs.source.SourceFrame;

/**
 * A task's {@code heldOut} files read as the cloud scores them, the way an edge would have cut them
 * had they been streamed: images through an {@link ImagesSource} at the terminals' frame side, each
 * frame decoded and its whole-frame box cut by {@link Crops#toChw}; count rows by {@link
 * FlowSeries#read}. Plain Java; blocking.
 */
public final class HeldOutData {
  /** Frame side of an images source when the topology has no {@code images} terminal. */
  static final int DEFAULT_SIDE = 100;

  private HeldOutData() {}

  /**
   * Crops as model inputs.
   *
   * @param x {@code y.length} CHW crops of 3x64x64, in [0, 1]
   * @param y class index of each, in the task's class order
   */
  public record Labelled(float[] x, int[] y) {}

  /**
   * The crops of an image list: every image of the task's classes (others are left out).
   *
   * @param t the topology (the first {@code images} terminal's frame side)
   * @param task the {@code cnn} task
   * @param part the list file or folder
   * @return the crops
   * @throws IOException naming the task and file when the list cannot be read or keeps no image
   */
  public static Labelled crops(Topology t, TaskSpec task, TaskSpec.Part part) throws IOException {
    int side =
        t.terminals().stream()
            .filter(x -> x.source().type() == SourceSpec.Type.IMAGES)
            .map(x -> x.frame().width())
            .findFirst()
            .orElse(DEFAULT_SIDE);
    try {
      return crops(Path.of(part.path()), side, task.classes());
    } catch (IOException e) {
      throw new IOException(
          "task '" + task.id() + "': held-out images " + part.path() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The crops of an image list as an edge cuts them from an {@code images} terminal of frame side
   * {@code side}: every image of the given classes, in list order (others are left out).
   *
   * @param list the list file or folder
   * @param side the frame side
   * @param classes class labels in output order
   * @return the crops
   * @throws IOException when the list cannot be read, an image cannot, or none is of the classes
   */
  public static Labelled crops(Path list, int side, List<String> classes) throws IOException {
    int len = (int) CnnBlock.SAMPLE_SHAPE.size();
    List<float[]> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    ImagesSource src = new ImagesSource(list, ImagesSource.Options.defaults().withSize(side));
    SourceFrame f;
    while ((f = src.next()) != null) {
      BufferedImage img = Jpeg.decode(f.jpeg());
      for (Annotation a : f.annotations()) {
        int label = classes.indexOf(a.label());
        if (label >= 0) {
          xs.add(Crops.toChw(img, new Box(a.x(), a.y(), a.width(), a.height())));
          ys.add(label);
        }
      }
    }
    List<String> skipped = src.drainErrors();
    if (!skipped.isEmpty()) {
      throw new IOException(skipped.size() + " image(s) unreadable, first: " + skipped.get(0));
    }
    if (ys.isEmpty()) {
      throw new IOException("no image of the classes " + classes);
    }
    float[] x = new float[ys.size() * len];
    int[] y = new int[ys.size()];
    for (int i = 0; i < y.length; i++) {
      System.arraycopy(xs.get(i), 0, x, i * len, len);
      y[i] = ys.get(i);
    }
    return new Labelled(x, y);
  }

  /**
   * The held-out rows of a count CSV.
   *
   * @param task the {@code lstm} task
   * @param part the CSV, column and rows
   * @return the series
   * @throws IOException naming the task and file when it cannot be read
   */
  public static FlowSeries series(TaskSpec task, TaskSpec.Part part) throws IOException {
    try {
      return FlowSeries.read(Path.of(part.path()), part.column(), part.fromRow(), part.toRow());
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "task '"
              + task.id()
              + "': held-out rows of "
              + part.path()
              + " column "
              + part.column()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
