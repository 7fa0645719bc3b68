package org.divs.scene;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A set of labelled float crops: {@code size()} crops of {@code 3 x cropSize x cropSize} (CHW, RGB,
 * [0, 1]) stored back to back, each with the index of its class in {@link #classes()}.
 *
 * <p>Immutable: accessors return copies.
 */
public final class LabelledCrops {

  private final List<VehicleClass> classes;
  private final int cropSize;
  private final float[] features;
  private final int[] labels;

  /**
   * Wraps crops and labels (both copied).
   *
   * @param classes the classes, in label-index order
   * @param cropSize the crop side
   * @param features {@code labels.length * 3 * cropSize * cropSize} values
   * @param labels one index into {@code classes} per crop
   */
  public LabelledCrops(List<VehicleClass> classes, int cropSize, float[] features, int[] labels) {
    this.classes = List.copyOf(classes);
    this.cropSize = cropSize;
    if (features.length != (long) labels.length * 3 * cropSize * cropSize) {
      throw new IllegalArgumentException("features do not match labels x 3 x size x size");
    }
    for (int l : labels) {
      if (l < 0 || l >= this.classes.size()) {
        throw new IllegalArgumentException("label out of range: " + l);
      }
    }
    this.features = features.clone();
    this.labels = labels.clone();
  }

  /**
   * The classes; a label is an index into this list.
   *
   * @return the classes
   */
  public List<VehicleClass> classes() {
    return classes;
  }

  /**
   * The number of crops.
   *
   * @return the count
   */
  public int size() {
    return labels.length;
  }

  /**
   * The crop side.
   *
   * @return pixels
   */
  public int cropSize() {
    return cropSize;
  }

  /**
   * The number of floats per crop.
   *
   * @return {@code 3 * cropSize * cropSize}
   */
  public int cropLength() {
    return 3 * cropSize * cropSize;
  }

  /**
   * One crop.
   *
   * @param i the crop index
   * @return a copy of its {@code 3 * cropSize * cropSize} values
   */
  public float[] crop(int i) {
    float[] out = new float[cropLength()];
    copyCrop(i, out, 0);
    return out;
  }

  /**
   * Copies one crop into an array, e.g. a batch.
   *
   * @param i the crop index
   * @param dst the destination
   * @param offset where to write
   */
  public void copyCrop(int i, float[] dst, int offset) {
    System.arraycopy(features, i * cropLength(), dst, offset, cropLength());
  }

  /**
   * The label of one crop.
   *
   * @param i the crop index
   * @return its index in {@link #classes()}
   */
  public int label(int i) {
    return labels[i];
  }

  /**
   * The class of one crop.
   *
   * @param i the crop index
   * @return its class
   */
  public VehicleClass vehicleClass(int i) {
    return classes.get(labels[i]);
  }

  /**
   * All crops back to back.
   *
   * @return a copy of the {@code size() * cropLength()} values
   */
  public float[] features() {
    return features.clone();
  }

  /**
   * All labels.
   *
   * @return a copy
   */
  public int[] labels() {
    return labels.clone();
  }

  /**
   * One crop as an image, to look at.
   *
   * @param i the crop index
   * @return a new image
   */
  public BufferedImage image(int i) {
    return Crops.chwToImage(features, i * cropLength(), cropSize);
  }
}
