package org.divs.source;

import java.util.ArrayList;
import java.util.List;
import org.divs.bus.Annotation;
import org.divs.scene.Box;
import org.divs.scene.Frame;
import org.divs.scene.SceneRenderer;
import org.divs.scene.VehicleClass;

/**
 * The seeded synthetic street scene as a terminal's source: JPEG frames with their annotations.
 *
 * <p>Each frame's {@link SourceFrame#count() count} is the number of vehicles that entered the
 * scene since the previous frame (the scene's ground truth, what its annotations show arriving), so
 * a window's count is the sum over its frames. With a {@linkplain #withProfile daily traffic
 * profile} the arrival rate follows the time of day and frames carry calendar fields.
 */
public final class SyntheticSource implements FrameSource {
  /** JPEG quality of encoded frames. */
  public static final float QUALITY = 0.85f;

  private final SceneRenderer renderer;
  private final long limit;
  private long lastEntered;
  private double startSecondOfDay;
  private double streamSecondsPerDay;
  private int startDayOfWeek;
  private boolean calendar;

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

  /**
   * Drives the arrival rate by a daily profile (replacing the constant rate) and stamps frames with
   * the profile's calendar.
   *
   * @param profile the profile; its peak should stay below the road's capacity (about 0.8/s)
   * @param startSecondOfDay time of day at stream time 0
   * @param secondsPerDay stream seconds that one profile day takes (86,400 = real time; e.g. 864
   *     replays a day in about 14 minutes)
   * @param startDay day of week at stream time 0 (0 = Monday)
   * @return this source
   */
  public SyntheticSource withProfile(
      TrafficProfile profile, double startSecondOfDay, double secondsPerDay, int startDay) {
    if (startDay < 0 || startDay > 6) {
      throw new IllegalArgumentException("day of week out of [0, 6]: " + startDay);
    }
    renderer.setArrivalRate(profile.overStreamTime(startSecondOfDay, secondsPerDay));
    this.startSecondOfDay = startSecondOfDay;
    this.streamSecondsPerDay = secondsPerDay;
    this.startDayOfWeek = startDay;
    this.calendar = true;
    return this;
  }

  /** The scene behind this source. */
  public SceneRenderer renderer() {
    return renderer;
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
    long entered = renderer.enteredCount();
    double count = entered - lastEntered;
    lastEntered = entered;
    return new SourceFrame(
        f.timestampMs(), Jpeg.encode(f.image(), QUALITY), anns, count, calendarAt(f.timestampMs()));
  }

  private CalendarFields calendarAt(long timeMs) {
    if (!calendar) {
      return null;
    }
    double dayS = startSecondOfDay + timeMs / 1000.0 * (86_400 / streamSecondsPerDay);
    long days = (long) Math.floor(dayS / 86_400);
    double tod = dayS - days * 86_400.0;
    int minute = Math.min(1439, (int) (tod / 60));
    return new CalendarFields(minute, (int) Math.floorMod(startDayOfWeek + days, 7L), false);
  }

  @Override
  public double fps() {
    return renderer.fps();
  }
}
