package org.divs.scene;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The static part of one camera's view: the camera geometry (elevation, scale per lane, ground
 * lines), the pre-rendered background (facades, pavements, kerbs, the road and its markings) and
 * the foreground occluders (lamp poles, a sign) drawn over the vehicles.
 */
final class SceneBackground {

  /** A foreground object: its occluding rectangles and how to draw it. */
  record Occluder(List<Rectangle2D> rects, List<java.awt.Shape> shapes, List<Color> colors) {}

  final int width;
  final int height;
  final double cosE;
  final double sinE;

  /** Pixels per metre of the two lanes: 0 = far lane, 1 = near lane. */
  final double[] laneScale = new double[2];

  /** Ground line of the camera-side face of vehicles in each lane. */
  final double[] laneGround = new double[2];

  final byte[] pixels;
  final List<Occluder> occluders = new ArrayList<>();

  SceneBackground(int width, int height, RandomGenerator rnd) {
    this.width = width;
    this.height = height;
    // the layout follows the height; the vehicle scale also shrinks for frames narrower than 16:9,
    // so
    // that the longest vehicle always fits across the frame
    double unit = Math.min(height / 180.0, width / 320.0);
    double elev = Math.toRadians(30 + 12 * rnd.nextDouble());
    cosE = Math.cos(elev);
    sinE = Math.sin(elev);
    double sNear = unit * (10.5 + 2.0 * rnd.nextDouble());
    double sFar = sNear * (0.74 + 0.06 * rnd.nextDouble());
    double yNear = height * (0.83 + 0.04 * rnd.nextDouble());
    double dFar = 5.0 + 1.5 * rnd.nextDouble();
    double yFar = yNear - sinE * dFar * (sNear + sFar) / 2;
    laneScale[0] = sFar;
    laneScale[1] = sNear;
    laneGround[0] = yFar;
    laneGround[1] = yNear;

    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);

    double kerbNear = yNear + sinE * 0.9 * sNear;
    double kerbFar = yFar - sinE * 3.4 * sFar;
    double farWalkTop = kerbFar - sinE * (3.0 + 2.0 * rnd.nextDouble()) * sFar;

    // facades
    int road = 88 + rnd.nextInt(40);
    int tint = rnd.nextInt(9) - 4;
    g.setColor(new Color(clamp(road + 20), clamp(road + 18 + tint), clamp(road + 16 + 2 * tint)));
    g.fill(new Rectangle2D.Double(0, 0, width, farWalkTop));
    double x = -rnd.nextDouble() * 40 * unit;
    while (x < width) {
      double w = (40 + 90 * rnd.nextDouble()) * unit;
      Color wall = muted(rnd, 0.35, 0.75);
      g.setColor(wall);
      g.fill(new Rectangle2D.Double(x, 0, w, farWalkTop));
      Color win = muted(rnd, 0.12, 0.35);
      double ww = (5 + 6 * rnd.nextDouble()) * unit;
      double wh = (6 + 8 * rnd.nextDouble()) * unit;
      double gap = ww * (0.6 + rnd.nextDouble());
      double shopTop = farWalkTop - (14 + 10 * rnd.nextDouble()) * unit;
      for (double wy = (2 + 4 * rnd.nextDouble()) * unit;
          wy + wh < shopTop - 3 * unit;
          wy += wh * 1.6) {
        for (double wx = x + gap; wx + ww < x + w - 2 * unit; wx += ww + gap) {
          g.setColor(win);
          g.fill(new Rectangle2D.Double(wx, wy, ww, wh));
        }
      }
      // shop front: awning and a dark window
      if (shopTop > 4 * unit) {
        g.setColor(muted(rnd, 0.15, 0.45));
        g.fill(new Rectangle2D.Double(x + 3 * unit, shopTop, w - 6 * unit, farWalkTop - shopTop));
        g.setColor(muted(rnd, 0.3, 0.7));
        g.fill(new Rectangle2D.Double(x + 2 * unit, shopTop - 3 * unit, w - 4 * unit, 4 * unit));
      }
      x += w;
    }

    // far pavement and kerb
    Color walk = muted(rnd, 0.5, 0.72);
    g.setColor(walk);
    g.fill(new Rectangle2D.Double(0, farWalkTop, width, kerbFar - farWalkTop));
    pavers(g, rnd, walk, farWalkTop, kerbFar, sFar);
    kerb(g, rnd, kerbFar - 0.3 * sFar * sinE - 1, 0.3 * sFar * sinE + 2, sFar);

    // road
    g.setColor(new Color(road, clamp(road + tint), clamp(road + 2 * tint)));
    g.fill(new Rectangle2D.Double(0, kerbFar + 1, width, kerbNear - kerbFar));
    for (int i = 0; i < 6 + rnd.nextInt(6); i++) {
      int d = rnd.nextInt(24) - 12;
      g.setColor(new Color(clamp(road + d), clamp(road + tint + d), clamp(road + 2 * tint + d)));
      double py = kerbFar + rnd.nextDouble() * (kerbNear - kerbFar);
      double pw = (10 + 60 * rnd.nextDouble()) * unit;
      g.fill(
          new Rectangle2D.Double(
              rnd.nextDouble() * width - pw / 2, py, pw, (2 + 5 * rnd.nextDouble()) * unit));
    }
    Color paint = new Color(clamp(road + 95), clamp(road + 95), clamp(road + 88));
    g.setColor(paint);
    double lineH = Math.max(1, 0.15 * sinE * (sNear + sFar) / 2);
    g.fill(new Rectangle2D.Double(0, kerbNear - 0.45 * sNear * sinE, width, lineH));
    g.fill(new Rectangle2D.Double(0, kerbFar + 0.35 * sFar * sinE, width, lineH));
    double yMid = (yFar + yNear - sinE * 2.6 * sNear) / 2 + sinE * 0.8 * sFar;
    double dash = 3 * (sNear + sFar) / 2;
    double off = -rnd.nextDouble() * 2 * dash;
    boolean solid = rnd.nextInt(4) == 0;
    for (double dx = off; dx < width; dx += 2 * dash) {
      g.fill(new Rectangle2D.Double(dx, yMid, solid ? 2 * dash + 1 : dash, lineH));
    }

    // near kerb and pavement
    kerb(g, rnd, kerbNear, 0.35 * sNear * sinE + 2, sNear);
    double walkTop = kerbNear + 0.35 * sNear * sinE + 2;
    Color nearWalk = muted(rnd, 0.5, 0.75);
    g.setColor(nearWalk);
    g.fill(new Rectangle2D.Double(0, walkTop, width, height - walkTop));
    pavers(g, rnd, nearWalk, walkTop, height, sNear);
    g.dispose();

    // texture
    byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < px.length; i += 3) {
      int d = (int) Math.round(rnd.nextGaussian() * 5);
      for (int c = 0; c < 3; c++) {
        px[i + c] = (byte) clamp((px[i + c] & 255) + d);
      }
    }
    this.pixels = px;

    // foreground occluders: lamp poles and a sign, standing on the near pavement
    int poles = rnd.nextInt(3);
    for (int i = 0; i < poles; i++) {
      double pw = (0.18 + 0.1 * rnd.nextDouble()) * sNear * 1.2;
      double px0 = rnd.nextDouble() * (width - pw);
      Rectangle2D r = new Rectangle2D.Double(px0, 0, pw, height);
      occluders.add(new Occluder(List.of(r), List.of(r), List.of(muted(rnd, 0.25, 0.55))));
    }
    if (rnd.nextInt(10) < 5) {
      double s = sNear * 1.15;
      double pw = 0.1 * s + 1;
      double px0 = rnd.nextDouble() * (width - pw);
      double panel = (0.7 + 0.3 * rnd.nextDouble()) * s;
      double top = yNear - (2.6 + 1.2 * rnd.nextDouble()) * s * cosE - panel;
      Rectangle2D pole = new Rectangle2D.Double(px0, top + panel, pw, height - top - panel);
      Rectangle2D box = new Rectangle2D.Double(px0 + pw / 2 - panel / 2, top, panel, panel);
      java.awt.Shape face =
          rnd.nextBoolean() ? box : new Ellipse2D.Double(box.getX(), box.getY(), panel, panel);
      Color faceColor = muted(rnd, 0.4, 0.9);
      occluders.add(
          new Occluder(
              List.of(pole, box),
              List.of(pole, face),
              List.of(new Color(110, 112, 115), faceColor)));
    }
  }

  /** Draws the foreground occluders. */
  void drawOccluders(Graphics2D g) {
    for (Occluder o : occluders) {
      for (int i = 0; i < o.shapes().size(); i++) {
        g.setColor(o.colors().get(i));
        g.fill(o.shapes().get(i));
      }
    }
  }

  private void pavers(
      Graphics2D g, RandomGenerator rnd, Color base, double top, double bottom, double scale) {
    Color line =
        new Color(
            (int) (base.getRed() * 0.88),
            (int) (base.getGreen() * 0.88),
            (int) (base.getBlue() * 0.88));
    g.setColor(line);
    g.setStroke(new BasicStroke(1f));
    double step = (0.4 + 0.4 * rnd.nextDouble()) * scale;
    for (double y = top + step * 0.5; y < bottom; y += step * 0.6) {
      g.draw(new java.awt.geom.Line2D.Double(0, y, width, y));
    }
  }

  private void kerb(Graphics2D g, RandomGenerator rnd, double y, double h, double scale) {
    boolean striped = rnd.nextBoolean();
    Color a = muted(rnd, 0.55, 0.8);
    Color b = striped ? muted(rnd, 0.3, 0.6) : a;
    double seg = 1.0 * scale;
    int i = 0;
    for (double x = -rnd.nextDouble() * seg; x < width; x += seg, i++) {
      g.setColor(i % 2 == 0 ? a : b);
      g.fill(new Rectangle2D.Double(x, y, seg, h));
    }
  }

  private static Color muted(RandomGenerator rnd, double minB, double maxB) {
    float h = rnd.nextFloat();
    float s = 0.05f + 0.25f * rnd.nextFloat();
    float b = (float) (minB + (maxB - minB) * rnd.nextDouble());
    return Color.getHSBColor(h, s, b);
  }

  static int clamp(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }
}
