package org.divs.scene;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Balanced sets of labelled crops rendered directly, for training and held-out evaluation.
 *
 * <p>Each crop comes from a still frame around one vehicle of the wanted class (see {@link
 * SceneRenderer}): the same palette, jitter, lighting, blur, noise and partial occlusion as the
 * stream, with a new street (background and camera geometry) every few crops. Sets rendered from
 * different seeds share no street and no vehicle.
 */
public final class SampleSet {

  /** Crops rendered on one street before the next street is drawn. */
  static final int PER_STREET = 12;

  private SampleSet() {}

  /**
   * Renders {@code perClass} crops of each class, interleaved (class 0, class 1, ..., class 0,
   * ...).
   *
   * @param seed the seed; the same seed gives the same crops
   * @param perClass crops per class, at least 1
   * @param classes the classes, in label-index order, not empty, no duplicates
   * @param frameW width of the frames the crops are cut from
   * @param frameH height of the frames the crops are cut from
   * @return {@code perClass * classes.size()} crops of {@link Crops#SIZE}
   */
  public static LabelledCrops render(
      long seed, int perClass, List<VehicleClass> classes, int frameW, int frameH) {
    if (perClass < 1
        || classes.isEmpty()
        || classes.stream().distinct().count() != classes.size()) {
      throw new IllegalArgumentException("need perClass >= 1 and distinct, non-empty classes");
    }
    int n = perClass * classes.size();
    int len = 3 * Crops.SIZE * Crops.SIZE;
    float[] features = new float[n * len];
    int[] labels = new int[n];
    SplittableRandom streets = new SplittableRandom(seed);
    SceneRenderer renderer = null;
    for (int k = 0; k < n; k++) {
      if (k % PER_STREET == 0) {
        renderer = new SceneRenderer(streets.nextLong(), frameW, frameH);
      }
      int label = k % classes.size();
      Frame f = renderer.still(classes.get(label));
      Crops.toChw(f.image(), f.annotations().get(0).box(), Crops.SIZE, features, k * len);
      labels[k] = label;
    }
    return new LabelledCrops(classes, Crops.SIZE, features, labels);
  }
}
