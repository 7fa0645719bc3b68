package org.divs.node;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.divs.bus.Annotation;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;
import org.divs.config.TaskSpec;
import org.divs.motion.MotionCounter;
import org.divs.scene.Box;
import org.divs.scene.Crops;
import org.divs.source.Jpeg;
import org.divs.train.CropStore;
import org.divs.train.LiveCrops;

/**
 * Cuts the crops of stored frames: decode once, cut each box at 3x64x64. Labelled boxes of a
 * terminal whose data may train go to each CNN task's crop store that knows the label; moving blobs
 * (unlabelled) and boxes of terminals kept out of training go to the live crops. Blocking: runs on
 * the edge's crop worker.
 */
public final class CropCutter {
  /**
   * One crop as cut, for live inference.
   *
   * @param timeMs its frame's stream time
   * @param label the annotation's label ({@code moving} for a moving blob)
   * @param chw the crop, CHW bytes 0-255 ({@link CropStore#toBytes})
   */
  public record Crop(long timeMs, String label, byte[] chw) {}

  private final Map<String, Map<String, Integer>> labelsByTask = new HashMap<>();
  private final Map<String, CropStore> stores;
  private final LiveCrops live;

  /**
   * A cutter.
   *
   * @param tasks the tasks; each CNN task with a store in {@code stores} gets the crops its classes
   *     name
   * @param stores the training crop store of each CNN task, by task id
   * @param live where unlabelled and held-out crops go
   */
  public CropCutter(List<TaskSpec> tasks, Map<String, CropStore> stores, LiveCrops live) {
    this.stores = stores;
    this.live = live;
    for (TaskSpec t : tasks) {
      if (stores.containsKey(t.id())) {
        Map<String, Integer> labels = new HashMap<>();
        for (int i = 0; i < t.classes().size(); i++) {
          labels.put(t.classes().get(i), i);
        }
        labelsByTask.put(t.id(), labels);
      }
    }
  }

  /**
   * Cuts every frame's crops; returns one message per frame that could not be decoded.
   *
   * @param terminal the frames' terminal
   * @param incarnation the terminal incarnation of the frames (their crops carry the frame id)
   * @param train whether the terminal's data may train
   * @param frames the frames just stored
   */
  public List<String> cut(
      String terminal, long incarnation, boolean train, List<EncodedFrame> frames) {
    return cut(terminal, incarnation, train, frames, null);
  }

  /**
   * Cuts every frame's crops as {@link #cut(String, long, boolean, List)} does, and also hands
   * every crop cut, in frame order, to {@code collect} (for live inference).
   *
   * @param terminal the frames' terminal
   * @param incarnation the terminal incarnation of the frames
   * @param train whether the terminal's data may train
   * @param frames the frames just stored
   * @param collect where every crop goes as well; null for none
   * @return one message per frame that could not be decoded
   */
  public List<String> cut(
      String terminal,
      long incarnation,
      boolean train,
      List<EncodedFrame> frames,
      List<Crop> collect) {
    List<String> errors = new ArrayList<>();
    for (EncodedFrame f : frames) {
      if (f.annotations().isEmpty()) {
        continue;
      }
      BufferedImage img;
      try {
        img = Jpeg.decode(f.jpeg());
      } catch (IOException | RuntimeException e) {
        errors.add(
            "terminal "
                + terminal
                + " frame "
                + f.seq()
                + " not decodable, skipped: "
                + e.getMessage());
        continue;
      }
      for (Annotation a : f.annotations()) {
        Box box = new Box(a.x(), a.y(), a.width(), a.height());
        float[] chw = collect == null ? null : Crops.toChw(img, box);
        if (collect != null) {
          collect.add(new Crop(f.timeMs(), a.label(), CropStore.toBytes(chw)));
        }
        if (!train || a.label().equals(MotionCounter.LABEL)) {
          live.add(terminal, f.timeMs(), a.label(), chw != null ? chw : Crops.toChw(img, box));
          continue;
        }
        for (Map.Entry<String, Map<String, Integer>> task : labelsByTask.entrySet()) {
          Integer label = task.getValue().get(a.label());
          if (label != null) {
            if (chw == null) {
              chw = Crops.toChw(img, box);
            }
            stores.get(task.getKey()).add(new FrameId(terminal, incarnation, f.seq()), chw, label);
          }
        }
      }
    }
    return errors;
  }
}
