package org.divs.scene;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * A seeded synthetic traffic camera: a two-lane road seen from a pole, with vehicles of the six
 * {@link VehicleClass}es driving through.
 *
 * <p>Each call to {@link #next()} advances the stream by one frame ({@code 1 / fps} seconds):
 * vehicles arrive as a Poisson process whose rate is the {@linkplain
 * #setArrivalRate(DoubleUnaryOperator) arrival rate} at the current stream time, enter from the
 * left (near lane) or the right (far lane), cross the frame and leave. At most {@link
 * #setMaxVehicles(int) maxVehicles} (default 4) are in the scene at once; arrivals beyond that wait
 * in a backlog and enter as soon as there is room, so the number of vehicles entering per window
 * follows the rate as long as the rate stays below the road's capacity (about 1 vehicle per second
 * with the defaults).
 *
 * <p>Per vehicle: the class is drawn from the configured class weights, the body colour uniformly
 * from the shared {@link Palette} (whatever the class), the size with a jitter of -25% to +30% on
 * top of the lane's perspective scale, its own brightness and contrast, sometimes a horizontal
 * motion blur. Per frame: a slowly drifting global gain, contrast and tint, and sensor noise. Lamp
 * poles and a sign stand in the foreground, and near-lane vehicles hide parts of far-lane ones.
 *
 * <p>The same seed and the same sequence of calls give pixel-identical frames and identical
 * annotations. Not thread-safe: one renderer per camera thread.
 */
public final class SceneRenderer {

  /** A vehicle is annotated only while at least this fraction of its box is inside the frame. */
  public static final double MIN_INSIDE = 0.9;

  private static final int NOISE_SIZE = 1 << 16;
  private static final int GRID = 16;

  private final int width;
  private final int height;
  private final SplittableRandom rnd;
  private final SceneBackground bg;
  private final short[] noise;
  private final SplittableRandom noiseOffsets;

  private double fps = 10;
  private DoubleUnaryOperator rate = t -> 0.4;
  private VehicleClass[] classes = VehicleClass.values();
  private double[] cumulative = uniform(classes.length);
  private int maxVehicles = 4;
  private double minVisibility = 0.7;

  /**
   * The vehicles of lane 0 (far, driving left) and lane 1 (near, driving right), in entry order.
   */
  private final List<List<SceneVehicle>> lanes = List.of(new ArrayList<>(), new ArrayList<>());

  private long index;
  private long nextId;
  private long entered;
  private long passed;
  private long dropped;
  private int backlog;

  private double gain;
  private double gainTarget;
  private double contrast;
  private double contrastTarget;
  private final double[] tint = new double[3];
  private final int[][] lut = new int[3][256];

  /**
   * A new camera. The seed fixes the street (background, camera geometry, foreground objects) and
   * the traffic.
   *
   * @param seed the seed
   * @param width frame width in pixels, at least 64
   * @param height frame height in pixels, at least 64
   */
  public SceneRenderer(long seed, int width, int height) {
    if (width < 64 || height < 64) {
      throw new IllegalArgumentException("frame too small: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    SplittableRandom root = new SplittableRandom(seed);
    this.bg = new SceneBackground(width, height, root.split());
    SplittableRandom noiseRnd = root.split();
    double sigma = 2 + 4 * noiseRnd.nextDouble();
    this.noise = new short[NOISE_SIZE];
    for (int i = 0; i < NOISE_SIZE; i++) {
      noise[i] = (short) Math.round(noiseRnd.nextGaussian() * sigma);
    }
    this.rnd = root.split();
    // noise offsets come from their own stream so that the traffic is the same at any frame size
    this.noiseOffsets = root.split();
    gain = gainTarget = 0.75 + 0.5 * rnd.nextDouble();
    contrast = contrastTarget = 0.82 + 0.35 * rnd.nextDouble();
    for (int c = 0; c < 3; c++) {
      tint[c] = 1 + (rnd.nextDouble() * 2 - 1) * 0.05;
    }
  }

  private static double[] uniform(int n) {
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      c[i] = (i + 1.0) / n;
    }
    return c;
  }

  // ------------------------------------------------------------------ configuration

  /**
   * Sets the frame rate of the stream: the time step of {@link #next()} and the timestamps.
   *
   * @param framesPerSecond frames per second, positive
   * @return this renderer
   */
  public SceneRenderer setFps(double framesPerSecond) {
    if (!(framesPerSecond > 0) || Double.isInfinite(framesPerSecond)) {
      throw new IllegalArgumentException("fps must be positive: " + framesPerSecond);
    }
    this.fps = framesPerSecond;
    return this;
  }

  /**
   * The frame rate.
   *
   * @return frames per second
   */
  public double fps() {
    return fps;
  }

  /**
   * Sets a constant arrival rate (default 0.4 vehicles per second).
   *
   * @param vehiclesPerSecond the mean number of vehicles arriving per second, at least 0
   * @return this renderer
   */
  public SceneRenderer setArrivalRate(double vehiclesPerSecond) {
    if (!(vehiclesPerSecond >= 0) || Double.isInfinite(vehiclesPerSecond)) {
      throw new IllegalArgumentException("rate must be finite and >= 0: " + vehiclesPerSecond);
    }
    this.rate = t -> vehiclesPerSecond;
    return this;
  }

  /**
   * Sets a time-varying arrival rate, e.g. a daily traffic profile.
   *
   * @param vehiclesPerSecondAt maps the stream time in seconds (frame index / fps) to the mean
   *     number of vehicles arriving per second; negative or non-finite values count as 0
   * @return this renderer
   */
  public SceneRenderer setArrivalRate(DoubleUnaryOperator vehiclesPerSecondAt) {
    this.rate = Objects.requireNonNull(vehiclesPerSecondAt, "rate");
    return this;
  }

  /**
   * Draws the classes uniformly from a list (the default is all six).
   *
   * @param classList the classes that may appear, not empty
   * @return this renderer
   */
  public SceneRenderer setClasses(List<VehicleClass> classList) {
    Map<VehicleClass, Double> w = new EnumMap<>(VehicleClass.class);
    for (VehicleClass c : classList) {
      w.put(c, 1.0);
    }
    return setClassWeights(w);
  }

  /**
   * Draws the classes with given relative probabilities.
   *
   * @param weights a non-negative weight per class; classes absent or weighted 0 never appear; the
   *     sum must be positive
   * @return this renderer
   */
  public SceneRenderer setClassWeights(Map<VehicleClass, Double> weights) {
    List<VehicleClass> cs = new ArrayList<>();
    List<Double> ws = new ArrayList<>();
    double sum = 0;
    for (VehicleClass c : VehicleClass.values()) {
      Double w = weights.get(c);
      if (w == null || w == 0) {
        continue;
      }
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("bad weight for " + c + ": " + w);
      }
      cs.add(c);
      ws.add(w);
      sum += w;
    }
    if (cs.isEmpty()) {
      throw new IllegalArgumentException("no class with a positive weight");
    }
    double[] cum = new double[cs.size()];
    double acc = 0;
    for (int i = 0; i < cum.length; i++) {
      acc += ws.get(i) / sum;
      cum[i] = acc;
    }
    cum[cum.length - 1] = 1.0;
    this.classes = cs.toArray(new VehicleClass[0]);
    this.cumulative = cum;
    return this;
  }

  /**
   * Sets how many vehicles may be in the scene at once (default 4).
   *
   * @param max between 1 and 8
   * @return this renderer
   */
  public SceneRenderer setMaxVehicles(int max) {
    if (max < 1 || max > 8) {
      throw new IllegalArgumentException("max vehicles must be in [1, 8]: " + max);
    }
    this.maxVehicles = max;
    return this;
  }

  /**
   * Sets the least visible fraction of a vehicle's box (inside the frame and not occluded) for it
   * to be annotated (default 0.7, i.e. at most about 30% hidden). Vehicles must also be at least
   * {@link #MIN_INSIDE} inside the frame.
   *
   * @param fraction in [0, 1]
   * @return this renderer
   */
  public SceneRenderer setMinVisibility(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("visibility must be in [0, 1]: " + fraction);
    }
    this.minVisibility = fraction;
    return this;
  }

  // ------------------------------------------------------------------ state

  /**
   * Frame width.
   *
   * @return pixels
   */
  public int width() {
    return width;
  }

  /**
   * Frame height.
   *
   * @return pixels
   */
  public int height() {
    return height;
  }

  /**
   * The index the next frame will carry.
   *
   * @return frames rendered so far
   */
  public long frameIndex() {
    return index;
  }

  /**
   * How many vehicles have entered the scene since the start.
   *
   * @return the cumulative count of entry events
   */
  public long enteredCount() {
    return entered;
  }

  /**
   * How many vehicles have fully crossed the scene and left it since the start.
   *
   * @return the cumulative count of exit events
   */
  public long passedCount() {
    return passed;
  }

  /**
   * How many arrivals were dropped because the backlog was full (1000 waiting vehicles).
   *
   * @return the cumulative count of dropped arrivals
   */
  public long droppedCount() {
    return dropped;
  }

  /**
   * How many arrived vehicles wait to enter because the scene is full.
   *
   * @return the current backlog
   */
  public int backlog() {
    return backlog;
  }

  /**
   * How many vehicles are in the scene now (some may still be just outside the frame).
   *
   * @return the number of vehicles
   */
  public int vehiclesInScene() {
    return lanes.get(0).size() + lanes.get(1).size();
  }

  // ------------------------------------------------------------------ stream

  /**
   * Renders the next frame of the stream and advances time by one frame.
   *
   * @return the frame with its annotations and entry/exit events
   */
  public Frame next() {
    double t = index / fps;
    double lambda = rate.applyAsDouble(t);
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      lambda = 0;
    }
    int arrivals = poisson(lambda / fps);
    int room = 1000 - backlog;
    if (arrivals > room) {
      dropped += arrivals - room;
      arrivals = room;
    }
    backlog += arrivals;
    int in = spawn();
    driftLighting();
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    List<Annotation> ann = render(img, lanes, null);
    // exits are reported with the frame in which the vehicle was last drawn
    int out = move();
    entered += in;
    passed += out;
    return newFrame(img, ann, in, out);
  }

  private Frame newFrame(BufferedImage img, List<Annotation> ann, int in, int out) {
    long ts = Math.round(index * 1000.0 / fps);
    return new Frame(index++, ts, img, ann, in, out);
  }

  private int spawn() {
    int in = 0;
    while (backlog > 0 && vehiclesInScene() < maxVehicles) {
      boolean clear0 = entryClear(0);
      boolean clear1 = entryClear(1);
      if (!clear0 && !clear1) {
        break;
      }
      int lane = clear0 && clear1 ? rnd.nextInt(2) : (clear0 ? 0 : 1);
      SceneVehicle v = newVehicle(pickClass(), lane);
      v.cx = v.dir > 0 ? -v.halfExtent() : width + v.halfExtent();
      lanes.get(lane).add(v);
      backlog--;
      in++;
    }
    return in;
  }

  private boolean entryClear(int lane) {
    List<SceneVehicle> l = lanes.get(lane);
    if (l.isEmpty()) {
      return true;
    }
    SceneVehicle last = l.get(l.size() - 1);
    double gap = 3.0 * bg.laneScale[lane];
    double rear =
        last.dir > 0 ? last.cx - last.halfExtent() : width - (last.cx + last.halfExtent());
    return rear >= gap;
  }

  private int move() {
    int out = 0;
    for (List<SceneVehicle> lane : lanes) {
      SceneVehicle leader = null;
      for (SceneVehicle v : lane) {
        v.curSpeed = v.speed;
        if (leader != null) {
          // keep at least 1.5 m behind the leader, which has already moved this step
          double gap =
              v.dir > 0
                  ? (leader.cx - leader.halfExtent()) - (v.cx + v.halfExtent())
                  : (v.cx - v.halfExtent()) - (leader.cx + leader.halfExtent());
          double allowed = gap - 1.5 * v.scale;
          v.curSpeed = Math.max(0, Math.min(v.speed, allowed));
        }
        v.cx += v.dir * v.curSpeed;
        leader = v;
      }
      var it = lane.iterator();
      while (it.hasNext()) {
        SceneVehicle v = it.next();
        boolean gone = v.dir > 0 ? v.cx - v.halfExtent() > width : v.cx + v.halfExtent() < 0;
        if (gone) {
          it.remove();
          out++;
        }
      }
    }
    return out;
  }

  private void driftLighting() {
    if (rnd.nextDouble() < 0.01) {
      gainTarget = 0.7 + 0.6 * rnd.nextDouble();
      contrastTarget = 0.8 + 0.4 * rnd.nextDouble();
    }
    gain += 0.05 * (gainTarget - gain) + 0.004 * rnd.nextGaussian();
    contrast += 0.05 * (contrastTarget - contrast) + 0.003 * rnd.nextGaussian();
    gain = Math.max(0.6, Math.min(1.4, gain));
    contrast = Math.max(0.7, Math.min(1.3, contrast));
  }

  // ------------------------------------------------------------------ stills for sample sets

  /**
   * Renders one frame around a single target vehicle of a given class, placed wholly inside the
   * frame, under fresh random lighting, sometimes with another vehicle or a foreground object
   * partly covering it (never more than {@code 1 - minVisibility} of its box). Does not touch the
   * stream's traffic but redraws the lighting, so a renderer used for stills should not also serve
   * a stream.
   *
   * @param target the class of the target vehicle
   * @return a frame whose only annotation is the target
   */
  Frame still(VehicleClass target) {
    gain = 0.7 + 0.6 * rnd.nextDouble();
    contrast = 0.8 + 0.4 * rnd.nextDouble();
    for (int c = 0; c < 3; c++) {
      tint[c] = 1 + (rnd.nextDouble() * 2 - 1) * 0.05;
    }
    int lane = rnd.nextInt(2);
    SceneVehicle v = newVehicle(target, lane);
    SceneVehicle other = null;
    int extra = rnd.nextInt(10);
    if (extra < 3) {
      other = newVehicle(pickClass(), 1 - lane);
    } else if (extra < 5) {
      other = newVehicle(pickClass(), lane);
    }
    for (int attempt = 0; ; attempt++) {
      double half = v.halfExtent();
      double room = width - 2 * half;
      v.cx = room > 0 ? half + rnd.nextDouble() * room : width / 2.0;
      v.pose(width, bg.cosE, bg.sinE);
      if (other != null) {
        if (other.lane == v.lane) {
          // the next vehicle in the same lane, a gap ahead or behind
          double gap = (1 + 4 * rnd.nextDouble()) * v.scale;
          double side = rnd.nextBoolean() ? 1 : -1;
          other.cx = v.cx + side * (v.halfExtent() + other.halfExtent() + gap);
        } else {
          other.cx = rnd.nextDouble() * width;
        }
        other.pose(width, bg.cosE, bg.sinE);
      }
      List<Rectangle2D> occ = occludersOf(v, other);
      double[] vis = visibility(v, occ);
      if (vis[0] >= MIN_INSIDE && vis[1] >= minVisibility) {
        break;
      }
      if (attempt >= 20) {
        other = null;
        if (attempt >= 40) {
          break;
        }
      }
    }
    List<SceneVehicle> far = new ArrayList<>();
    List<SceneVehicle> near = new ArrayList<>();
    (v.lane == 0 ? far : near).add(v);
    if (other != null) {
      (other.lane == 0 ? far : near).add(other);
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    return newFrame(img, render(img, List.of(far, near), v), 0, 0);
  }

  private List<Rectangle2D> occludersOf(SceneVehicle v, SceneVehicle other) {
    List<Rectangle2D> occ = new ArrayList<>();
    if (other != null && other.lane > v.lane) {
      occ.add(other.bounds());
    }
    for (SceneBackground.Occluder o : bg.occluders) {
      occ.addAll(o.rects());
    }
    return occ;
  }

  // ------------------------------------------------------------------ rendering

  /**
   * Draws the background, the vehicles lane by lane (far first), the foreground, lighting and noise
   * into {@code img}, and returns the annotations: of {@code only} if given, else of every vehicle
   * visible enough.
   */
  private List<Annotation> render(
      BufferedImage img, List<List<SceneVehicle>> byLane, SceneVehicle only) {
    byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(bg.pixels, 0, px, 0, px.length);
    List<SceneVehicle> drawn = new ArrayList<>();
    for (List<SceneVehicle> lane : byLane) {
      for (SceneVehicle v : lane) {
        v.pose(width, bg.cosE, bg.sinE);
        drawn.add(v);
      }
    }
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    for (SceneVehicle v : drawn) {
      if (v.maxX >= 0 && v.minX < width) {
        v.draw(g);
      }
    }
    bg.drawOccluders(g);
    g.dispose();
    lightAndNoise(px);

    List<Annotation> ann = new ArrayList<>();
    for (int i = 0; i < drawn.size(); i++) {
      SceneVehicle v = drawn.get(i);
      if (only != null && v != only) {
        continue;
      }
      List<Rectangle2D> occ = new ArrayList<>();
      for (int k = i + 1; k < drawn.size(); k++) {
        if (drawn.get(k).lane > v.lane) {
          occ.add(drawn.get(k).bounds());
        }
      }
      for (SceneBackground.Occluder o : bg.occluders) {
        occ.addAll(o.rects());
      }
      double[] vis = visibility(v, occ);
      if (only == null && (vis[0] < MIN_INSIDE || vis[1] < minVisibility)) {
        continue;
      }
      Box box = clip(v);
      if (box != null) {
        ann.add(new Annotation(v.model.vehicleClass, box, v.id, v.paletteIndex, vis[1]));
      }
    }
    return ann;
  }

  private Box clip(SceneVehicle v) {
    int x0 = (int) Math.max(0, Math.floor(v.minX));
    int y0 = (int) Math.max(0, Math.floor(v.minY));
    int x1 = (int) Math.min(width, Math.ceil(v.maxX));
    int y1 = (int) Math.min(height, Math.ceil(v.maxY));
    if (x1 <= x0 || y1 <= y0) {
      return null;
    }
    return new Box(x0, y0, x1 - x0, y1 - y0);
  }

  /** {fraction of the box inside the frame, fraction inside and not covered by an occluder}. */
  private double[] visibility(SceneVehicle v, List<Rectangle2D> occluders) {
    int inside = 0;
    int visible = 0;
    double w = v.maxX - v.minX;
    double h = v.maxY - v.minY;
    for (int i = 0; i < GRID; i++) {
      double y = v.minY + (i + 0.5) * h / GRID;
      for (int j = 0; j < GRID; j++) {
        double x = v.minX + (j + 0.5) * w / GRID;
        if (x < 0 || y < 0 || x >= width || y >= height) {
          continue;
        }
        inside++;
        boolean covered = false;
        for (Rectangle2D r : occluders) {
          if (r.contains(x, y)) {
            covered = true;
            break;
          }
        }
        if (!covered) {
          visible++;
        }
      }
    }
    double n = GRID * GRID;
    return new double[] {inside / n, visible / n};
  }

  private void lightAndNoise(byte[] px) {
    for (int c = 0; c < 3; c++) {
      // byte order is B, G, R; tint[] is indexed the same way
      double k = gain * tint[c];
      for (int v = 0; v < 256; v++) {
        lut[c][v] = SceneBackground.clamp((int) Math.round(((v - 128) * contrast + 128) * k));
      }
    }
    int[] lb = lut[0];
    int[] lg = lut[1];
    int[] lr = lut[2];
    int rowBytes = width * 3;
    int mask = NOISE_SIZE - 1;
    for (int y = 0; y < height; y++) {
      int off = y * rowBytes;
      int n = noiseOffsets.nextInt(NOISE_SIZE);
      for (int i = off, end = off + rowBytes; i < end; i += 3) {
        px[i] = (byte) clamp8(lb[px[i] & 255] + noise[n & mask]);
        px[i + 1] = (byte) clamp8(lg[px[i + 1] & 255] + noise[(n + 1) & mask]);
        px[i + 2] = (byte) clamp8(lr[px[i + 2] & 255] + noise[(n + 2) & mask]);
        n += 3;
      }
    }
  }

  private static int clamp8(int v) {
    return v < 0 ? 0 : (v > 255 ? 255 : v);
  }

  private SceneVehicle newVehicle(VehicleClass c, int lane) {
    VehicleModel m = VehicleModel.build(c, rnd);
    int pal = rnd.nextInt(Palette.size());
    int dir = lane == 1 ? 1 : -1;
    double jitter = 0.75 + 0.55 * rnd.nextDouble();
    double s = bg.laneScale[lane] * jitter;
    double gy =
        bg.laneGround[lane] + (rnd.nextDouble() * 2 - 1) * 0.4 * bg.sinE * bg.laneScale[lane];
    // motion blur relative to the vehicle's length, so that it is equally mild in every crop
    double blur = rnd.nextInt(10) < 3 ? (0.006 + 0.014 * rnd.nextDouble()) * m.length * s : 0;
    SceneVehicle v = new SceneVehicle(nextId++, m, pal, dir, lane, s, gy, blur, rnd);
    double metresPerSecond = 7 + 6 * rnd.nextDouble();
    v.speed = metresPerSecond * s / fps;
    v.curSpeed = v.speed;
    return v;
  }

  private VehicleClass pickClass() {
    double u = rnd.nextDouble();
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return classes[i];
      }
    }
    return classes[classes.length - 1];
  }

  private int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double p = rnd.nextDouble();
    while (p > l) {
      k++;
      p *= rnd.nextDouble();
    }
    return k;
  }
}
