package org.divs.scene;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.random.RandomGenerator;

/**
 * One vehicle of the scene: its model, colours, lighting, lane and position, and how to draw it.
 */
final class SceneVehicle {

  private static final int SIDE = 0;
  private static final int TOP = 1;
  private static final int END = 2;
  private static final int INTERIOR = 3;

  final long id;
  final VehicleModel model;
  final int paletteIndex;

  /** +1 when driving to the right (front on the right), -1 to the left. */
  final int dir;

  final int lane;

  /** Pixels per metre. */
  final double scale;

  /** Screen row of the ground line under the camera-side face. */
  final double groundY;

  /** Desired speed in pixels per frame. */
  double speed;

  double curSpeed;

  /** Screen column of the middle of the vehicle's length. */
  double cx;

  /** Horizontal motion blur radius in pixels, 0 for none. */
  final double blur;

  private final Color[][] colors;
  private final double shadowAlpha;
  private final Path2D.Float path = new Path2D.Float();

  // the current projection, set by pose()
  private double kx;
  private double cosE;
  private double sinE;
  double minX;
  double minY;
  double maxX;
  double maxY;

  SceneVehicle(
      long id,
      VehicleModel model,
      int paletteIndex,
      int dir,
      int lane,
      double scale,
      double groundY,
      double blur,
      RandomGenerator rnd) {
    this.id = id;
    this.model = model;
    this.paletteIndex = paletteIndex;
    this.dir = dir;
    this.lane = lane;
    this.scale = scale;
    this.groundY = groundY;
    this.blur = blur;
    this.shadowAlpha = 0.25 + 0.25 * rnd.nextDouble();
    this.colors = colours(paletteIndex, rnd);
  }

  /** Per-role, per-face colours with this vehicle's own lighting (brightness and contrast). */
  private static Color[][] colours(int paletteIndex, RandomGenerator rnd) {
    VehicleModel.Role[] roles = VehicleModel.Role.values();
    int[] base = new int[roles.length];
    int body = Palette.rgb(paletteIndex);
    int cargo = rnd.nextBoolean() ? body : Palette.rgb(rnd.nextInt(Palette.size()));
    int glassTint = 8 + rnd.nextInt(22);
    for (VehicleModel.Role r : roles) {
      base[r.ordinal()] =
          switch (r) {
            case BODY -> body;
            case CARGO -> cargo;
            case DARK -> grey(38 + rnd.nextInt(18));
            case METAL -> grey(120 + rnd.nextInt(50));
            case GLASS -> rgb(30 + glassTint, 38 + glassTint, 50 + glassTint);
            case TYRE -> grey(24 + rnd.nextInt(10));
            case RIM -> grey(130 + rnd.nextInt(60));
            case RIDER, HELMET -> Palette.rgb(rnd.nextInt(Palette.size()));
            case TROUSERS -> Palette.rgb(rnd.nextInt(Palette.size()));
            case HEADLIGHT -> rgb(235, 232, 210);
            case TAILLIGHT -> rgb(170, 35, 30);
          };
    }
    double brightness = 0.78 + 0.4 * rnd.nextDouble();
    double contrast = 0.8 + 0.35 * rnd.nextDouble();
    double top = 1.08 + 0.25 * rnd.nextDouble();
    double end = 0.62 + 0.25 * rnd.nextDouble();
    double[] face = {1.0, top, end, 0.45};
    Color[][] out = new Color[roles.length][face.length];
    for (int r = 0; r < roles.length; r++) {
      for (int f = 0; f < face.length; f++) {
        int c = base[r];
        out[r][f] =
            new Color(
                light((c >> 16) & 255, face[f], contrast, brightness),
                light((c >> 8) & 255, face[f], contrast, brightness),
                light(c & 255, face[f], contrast, brightness));
      }
    }
    return out;
  }

  private static int light(int v, double face, double contrast, double brightness) {
    double x = ((v * face - 110) * contrast + 110) * brightness;
    return (int) Math.max(0, Math.min(255, Math.round(x)));
  }

  private static int grey(int v) {
    return rgb(v, v, v);
  }

  private static int rgb(int r, int g, int b) {
    return (r << 16) | (g << 8) | b;
  }

  /** Half of the widest horizontal extent the vehicle can take on screen. */
  double halfExtent() {
    return (model.length + 0.45 * model.width) * scale / 2 + 2;
  }

  /**
   * Sets the projection for the current position and computes the screen box.
   *
   * @param frameWidth frame width, for the horizontal perspective
   * @param cosElev cosine of the camera elevation
   * @param sinElev sine of the camera elevation
   */
  void pose(int frameWidth, double cosElev, double sinElev) {
    double half = frameWidth / 2.0;
    this.kx = Math.max(-0.4, Math.min(0.4, 0.4 * (half - cx) / half));
    this.cosE = cosElev;
    this.sinE = sinElev;
    minX = Double.MAX_VALUE;
    minY = Double.MAX_VALUE;
    maxX = -Double.MAX_VALUE;
    maxY = -Double.MAX_VALUE;
    for (VehicleModel.Part p : model.parts) {
      for (int i = 0; i < p.size(); i++) {
        extend(sx(p.x[i], p.z0), sy(p.y[i], p.z0));
        extend(sx(p.x[i], p.z1), sy(p.y[i], p.z1));
      }
    }
  }

  private void extend(double x, double y) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }

  Rectangle2D.Double bounds() {
    return new Rectangle2D.Double(minX, minY, maxX - minX, maxY - minY);
  }

  private double sx(double x, double z) {
    return cx + scale * (dir * (x - model.length / 2) + kx * z);
  }

  private double sy(double y, double z) {
    return groundY - scale * (cosE * y + sinE * z);
  }

  /**
   * Draws the shadow, then the vehicle (through a blurred sprite when it has motion blur).
   *
   * @param g the frame's graphics
   */
  void draw(Graphics2D g) {
    drawShadow(g);
    if (blur < 0.25) {
      drawBody(g);
      return;
    }
    int pad = (int) Math.ceil(blur) + 2;
    int x0 = (int) Math.floor(minX) - pad;
    int y0 = (int) Math.floor(minY) - 2;
    int w = (int) Math.ceil(maxX) + pad - x0;
    int h = (int) Math.ceil(maxY) + 2 - y0;
    BufferedImage sprite = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
    Graphics2D sg = sprite.createGraphics();
    sg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    sg.translate(-x0, -y0);
    drawBody(sg);
    sg.dispose();
    boxBlurHorizontal(((DataBufferInt) sprite.getRaster().getDataBuffer()).getData(), w, h, blur);
    g.drawImage(sprite, x0, y0, null);
  }

  private void drawShadow(Graphics2D g) {
    double l = model.length;
    double w = model.width;
    path.reset();
    path.moveTo(sx(-0.1, -0.35), sy(0, -0.35));
    path.lineTo(sx(l + 0.1, -0.35), sy(0, -0.35));
    path.lineTo(sx(l + 0.1, w + 0.1), sy(0, w + 0.1));
    path.lineTo(sx(-0.1, w + 0.1), sy(0, w + 0.1));
    path.closePath();
    Composite old = g.getComposite();
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) shadowAlpha));
    g.setColor(Color.BLACK);
    g.fill(path);
    g.setComposite(old);
  }

  private void drawBody(Graphics2D g) {
    // parts are sorted by layer; within a layer the part nearer the camera (horizontally) goes last
    var parts = model.parts;
    int i = 0;
    while (i < parts.size()) {
      int j = i;
      while (j < parts.size() && parts.get(j).layer == parts.get(i).layer) {
        j++;
      }
      if (j - i == 1) {
        drawPart(g, parts.get(i));
      } else {
        Integer[] order = new Integer[j - i];
        for (int k = 0; k < order.length; k++) {
          order[k] = i + k;
        }
        // kx > 0: the camera sees the right-hand ends, so right-hand parts are nearer
        double sign = kx * dir >= 0 ? 1 : -1;
        java.util.Arrays.sort(
            order, (a, b) -> Double.compare(sign * parts.get(a).sortX, sign * parts.get(b).sortX));
        for (Integer k : order) {
          drawPart(g, parts.get(k));
        }
      }
      i = j;
    }
  }

  private void drawPart(Graphics2D g, VehicleModel.Part p) {
    int n = p.size();
    double[] nx = new double[n];
    double[] ny = new double[n];
    for (int i = 0; i < n; i++) {
      nx[i] = sx(p.x[i], p.z0);
      ny[i] = sy(p.y[i], p.z0);
    }
    int role = p.role.ordinal();
    if (p.z1 > p.z0) {
      double dx = scale * kx * (p.z1 - p.z0);
      double dy = -scale * sinE * (p.z1 - p.z0);
      double area = 0;
      for (int i = 0; i < n; i++) {
        int k = (i + 1) % n;
        area += nx[i] * ny[k] - nx[k] * ny[i];
      }
      for (int i = 0; i < n; i++) {
        int k = (i + 1) % n;
        double ex = nx[k] - nx[i];
        double ey = ny[k] - ny[i];
        double cross = ex * dy - ey * dx;
        boolean visible = area > 0 ? cross < 0 : cross > 0;
        if (!visible) {
          continue;
        }
        boolean flat = Math.abs(ey) < 0.6 * Math.abs(ex);
        Color c;
        if (p.glassEdge[i]) {
          c = colors[VehicleModel.Role.GLASS.ordinal()][TOP];
        } else if (p.openTop && flat) {
          c = colors[role][INTERIOR];
        } else {
          c = colors[role][flat ? TOP : END];
        }
        path.reset();
        path.moveTo(nx[i], ny[i]);
        path.lineTo(nx[k], ny[k]);
        path.lineTo(nx[k] + dx, ny[k] + dy);
        path.lineTo(nx[i] + dx, ny[i] + dy);
        path.closePath();
        g.setColor(c);
        g.fill(path);
      }
    }
    fillPolygon(g, nx, ny, n, colors[role][SIDE]);
    for (VehicleModel.Overlay o : p.overlays) {
      int m = o.x().length;
      double[] ox = new double[m];
      double[] oy = new double[m];
      for (int i = 0; i < m; i++) {
        ox[i] = sx(o.x()[i], p.z0);
        oy[i] = sy(o.y()[i], p.z0);
      }
      fillPolygon(g, ox, oy, m, colors[o.role().ordinal()][SIDE]);
    }
  }

  private void fillPolygon(Graphics2D g, double[] x, double[] y, int n, Color c) {
    path.reset();
    path.moveTo(x[0], y[0]);
    for (int i = 1; i < n; i++) {
      path.lineTo(x[i], y[i]);
    }
    path.closePath();
    g.setColor(c);
    g.fill(path);
  }

  /**
   * In-place horizontal box blur of premultiplied ARGB pixels with a fractional radius: the taps
   * within {@code floor(radius)} weigh 1, the two next ones {@code radius - floor(radius)}.
   */
  static void boxBlurHorizontal(int[] px, int w, int h, double radius) {
    int n = (int) Math.floor(radius);
    float frac = (float) (radius - n);
    int reach = frac > 0 ? n + 1 : n;
    float[] kernel = new float[2 * reach + 1];
    float total = 0;
    for (int k = -reach; k <= reach; k++) {
      kernel[k + reach] = Math.abs(k) <= n ? 1f : frac;
      total += kernel[k + reach];
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      int off = y * w;
      System.arraycopy(px, off, row, 0, w);
      for (int x = 0; x < w; x++) {
        float a = 0;
        float r = 0;
        float gg = 0;
        float b = 0;
        for (int k = -reach; k <= reach; k++) {
          int xx = x + k;
          if (xx < 0 || xx >= w) {
            continue;
          }
          int p = row[xx];
          float wt = kernel[k + reach];
          a += wt * (p >>> 24);
          r += wt * ((p >> 16) & 255);
          gg += wt * ((p >> 8) & 255);
          b += wt * (p & 255);
        }
        px[off + x] =
            (Math.round(a / total) << 24)
                | (Math.round(r / total) << 16)
                | (Math.round(gg / total) << 8)
                | Math.round(b / total);
      }
    }
  }
}
