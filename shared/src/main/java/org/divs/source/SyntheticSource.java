package org.divs.source;

import java.util.ArrayList;
import java.util.List;
import org.divs.bus.Annotation;
import org.divs.scene.Box;
import org.divs.scene.Frame;
import org.divs.scene.SceneRenderer;
import org.divs.scene.VehicleClass;

/** The seeded synthetic street scene as a terminal's source: JPEG frames with their annotations. */
public final class SyntheticSource implements FrameSource {
  /** JPEG quality of encoded frames. */
  public static final float QUALITY = 0.85f;

  private final SceneRenderer renderer;
  private final long limit;

  /**
   * A scene of {@code width x height} at {@code fps}, seeded, with {@code rate} vehicles arriving
   * per second, of {@code classes} (all classes when empty), ending after {@code limit} frames (0 =
   * never).
   */
  public SyntheticSource(
      long seed, int width, int height, double fps, double rate, List<String> classes, long limit) {
    renderer = new SceneRenderer(seed, width, height).setFps(fps).setArrivalRate(rate);
    if (!classes.isEmpty()) {
      List<VehicleClass> list = new ArrayList<>();
      for (String c : classes) {
        list.add(VehicleClass.fromLabel(c));
      }
      renderer.setClasses(list);
    }
    this.limit = limit;
  }

  @Override
  public SourceFrame next() {
    if (limit > 0 && renderer.frameIndex() >= limit) {
      return null;
    }
    Frame f = renderer.next();
    List<Annotation> anns = new ArrayList<>(f.annotations().size());
    for (org.divs.scene.Annotation a : f.annotations()) {
      Box b = a.box();
      anns.add(new Annotation(a.vehicleClass().label(), b.x(), b.y(), b.w(), b.h()));
    }
    return new SourceFrame(f.timestampMs(), Jpeg.encode(f.image(), QUALITY), anns);
  }

  @Override
  public double fps() {
    return renderer.fps();
  }
}
