package org.divs.scene;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The 3-D geometry of one synthetic vehicle: extruded side profiles in metres.
 *
 * <p>Every part is a polygon in the vehicle's side plane (x from the rear bumper at 0 to the front
 * at {@link #length}, y up from the ground) extruded across the vehicle from depth {@code z0} (the
 * side that faces the camera) to {@code z1}. The classes differ only here, by geometry; colours are
 * assigned later from roles, the same way for every class.
 */
final class VehicleModel {

  /** What a surface is made of; the renderer maps roles to colours, identically for every class. */
  enum Role {
    BODY,
    CARGO,
    DARK,
    METAL,
    GLASS,
    TYRE,
    RIM,
    RIDER,
    HELMET,
    TROUSERS,
    HEADLIGHT,
    TAILLIGHT
  }

  /** A flat polygon painted on the camera side of its part (a window, a lamp, a seam). */
  record Overlay(float[] x, float[] y, Role role) {}

  /** One extruded polygon. */
  static final class Part {
    final float[] x;
    final float[] y;
    final float z0;
    final float z1;
    final Role role;
    final int layer;
    final boolean openTop;
    final boolean[] glassEdge;
    final List<Overlay> overlays = new ArrayList<>();

    /** Where the part sits along the vehicle, for the painter's order within a layer. */
    double sortX;

    Part(double[] xy, double z0, double z1, Role role, int layer, boolean openTop) {
      int n = xy.length / 2;
      this.x = new float[n];
      this.y = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) xy[2 * i];
        y[i] = (float) xy[2 * i + 1];
      }
      this.z0 = (float) z0;
      this.z1 = (float) z1;
      this.role = role;
      this.layer = layer;
      this.openTop = openTop;
      this.glassEdge = new boolean[n];
      this.sortX = centerX();
    }

    int size() {
      return x.length;
    }

    double centerX() {
      double s = 0;
      for (float v : x) {
        s += v;
      }
      return s / x.length;
    }
  }

  final VehicleClass vehicleClass;
  final double length;
  final double width;
  final double height;
  final List<Part> parts;

  private VehicleModel(
      VehicleClass c, double length, double width, double height, List<Part> parts) {
    this.vehicleClass = c;
    this.length = length;
    this.width = width;
    this.height = height;
    List<Part> sorted = new ArrayList<>(parts);
    sorted.sort((a, b) -> Integer.compare(a.layer, b.layer));
    this.parts = Collections.unmodifiableList(sorted);
  }

  /**
   * Builds a random instance of a class: nominal dimensions with jitter and a random body variant.
   *
   * @param c the class
   * @param rnd the source of randomness
   * @return the model
   */
  static VehicleModel build(VehicleClass c, RandomGenerator rnd) {
    Builder b = new Builder(c, rnd);
    switch (c) {
      case BIKE -> b.bike();
      case CAR -> b.car();
      case PICKUP -> b.pickup();
      case MINIBUS -> b.minibus();
      case TRUCK -> b.truck();
      case JUGGERNAUT -> b.juggernaut();
      default -> throw new IllegalStateException(c.name());
    }
    double top = 0;
    for (Part p : b.parts) {
      for (float v : p.y) {
        top = Math.max(top, v);
      }
    }
    return new VehicleModel(c, b.l, b.w, top, b.parts);
  }

  /** Accumulates the parts of one vehicle. */
  private static final class Builder {
    final RandomGenerator rnd;
    final double l;
    final double w;
    final double h;
    final List<Part> parts = new ArrayList<>();

    Builder(VehicleClass c, RandomGenerator rnd) {
      this.rnd = rnd;
      this.l = c.lengthMetres() * jit(0.08);
      this.w = c.widthMetres() * jit(0.06);
      this.h = c.heightMetres() * jit(0.07);
    }

    double jit(double frac) {
      return 1 + (rnd.nextDouble() * 2 - 1) * frac;
    }

    double u(double a, double b) {
      return a + rnd.nextDouble() * (b - a);
    }

    Part part(Role role, int layer, double z0, double z1, boolean openTop, double... xy) {
      Part p = new Part(xy, z0, z1, role, layer, openTop);
      parts.add(p);
      return p;
    }

    static void overlay(Part p, Role role, double... xy) {
      int n = xy.length / 2;
      float[] x = new float[n];
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) xy[2 * i];
        y[i] = (float) xy[2 * i + 1];
      }
      p.overlays.add(new Overlay(x, y, role));
    }

    static void rectOverlay(Part p, Role role, double x0, double y0, double x1, double y1) {
      overlay(p, role, x0, y0, x1, y0, x1, y1, x0, y1);
    }

    static double[] circle(double cx, double cy, double r, int n) {
      double[] xy = new double[2 * n];
      for (int i = 0; i < n; i++) {
        double a = 2 * Math.PI * i / n;
        xy[2 * i] = cx + r * Math.cos(a);
        xy[2 * i + 1] = cy + r * Math.sin(a);
      }
      return xy;
    }

    /** A thick segment from (x0,y0) to (x1,y1) as a quadrilateral. */
    static double[] limb(double x0, double y0, double x1, double y1, double t0, double t1) {
      double dx = x1 - x0;
      double dy = y1 - y0;
      double n = Math.hypot(dx, dy);
      double nx = -dy / n;
      double ny = dx / n;
      return new double[] {
        x0 + nx * t0 / 2,
        y0 + ny * t0 / 2,
        x1 + nx * t1 / 2,
        y1 + ny * t1 / 2,
        x1 - nx * t1 / 2,
        y1 - ny * t1 / 2,
        x0 - nx * t0 / 2,
        y0 - ny * t0 / 2
      };
    }

    /** A road wheel: the far one behind the body, the near one in front with its rim and hub. */
    void wheel(double x, double r, double tread) {
      part(Role.TYRE, -1, w - tread - 0.05, w - 0.05, false, circle(x, r, r, 16)).sortX = x;
      part(Role.TYRE, 3, 0.04, 0.04 + tread, false, circle(x, r, r, 16)).sortX = x;
      part(Role.RIM, 3, 0.03, 0.03, false, circle(x, r, r * 0.58, 12)).sortX = x;
      part(Role.DARK, 3, 0.02, 0.02, false, circle(x, r, r * 0.18, 8)).sortX = x;
    }

    void setGlass(Part p, int edge) {
      p.glassEdge[edge] = true;
    }

    void lights(Part p, double frontY, double rearY, double lampH) {
      double lw = Math.max(0.06, 0.025 * l);
      rectOverlay(p, Role.HEADLIGHT, l - lw, frontY, l - 0.005, frontY + lampH);
      rectOverlay(p, Role.TAILLIGHT, 0.005, rearY, 0.005 + lw * 0.8, rearY + lampH * 1.2);
    }

    // ------------------------------------------------------------------ classes

    void car() {
      double c = 0.26 * jit(0.1);
      double r = 0.31 * jit(0.08);
      int variant = rnd.nextInt(10); // 0-4 sedan, 5-7 hatchback, 8-9 estate
      double roofRear;
      double rwBaseX;
      double rwBaseY;
      double trunkX;
      if (variant < 5) {
        roofRear = u(0.38, 0.44);
        rwBaseX = u(0.24, 0.29);
        rwBaseY = 0.70;
        trunkX = 0.02;
      } else if (variant < 8) {
        roofRear = u(0.10, 0.15);
        rwBaseX = 0.025;
        rwBaseY = 0.72;
        trunkX = 0.0;
      } else {
        roofRear = u(0.04, 0.07);
        rwBaseX = 0.01;
        rwBaseY = 0.74;
        trunkX = 0.0;
      }
      double roofFront = u(0.62, 0.68);
      double wsBase = roofFront + u(0.13, 0.17);
      double hoodY = u(0.62, 0.68);
      double[] xy = {
        0.015 * l,
        c,
        0.0,
        0.40 * h,
        trunkX * l,
        0.67 * h,
        rwBaseX * l,
        rwBaseY * h,
        roofRear * l,
        h,
        roofFront * l,
        h,
        wsBase * l,
        0.69 * h,
        0.97 * l,
        hoodY * h,
        l,
        0.46 * h,
        0.985 * l,
        c
      };
      Part body = part(Role.BODY, 1, 0, w, false, xy);
      setGlass(body, 3);
      setGlass(body, 5);
      double belt = 0.71 * h;
      double top = 0.94 * h;
      double pillar = u(0.50, 0.56) * l;
      double rx = (rwBaseX + (roofRear - rwBaseX) * 0.15 + 0.035) * l;
      overlay(
          body,
          Role.GLASS,
          rx,
          belt,
          (roofRear + 0.02) * l,
          top,
          pillar - 0.015 * l,
          top,
          pillar - 0.015 * l,
          belt);
      overlay(
          body,
          Role.GLASS,
          pillar + 0.015 * l,
          belt,
          pillar + 0.015 * l,
          top,
          (roofFront - 0.01) * l,
          top,
          (wsBase - 0.03) * l,
          belt);
      lights(body, 0.52 * h, 0.52 * h, 0.07 * h);
      wheel(u(0.17, 0.2) * l, r, 0.22);
      wheel(u(0.79, 0.82) * l, r, 0.22);
    }

    void pickup() {
      double c = 0.40 * jit(0.1);
      double r = 0.37 * jit(0.08);
      boolean doubleCab = rnd.nextBoolean();
      double bedEnd = (doubleCab ? u(0.33, 0.37) : u(0.42, 0.47)) * l;
      double bedTop = u(0.58, 0.64) * h;
      Part bed =
          part(
              Role.BODY, 1, 0, w, true, 0, c + 0.08, bedEnd, c + 0.08, bedEnd, bedTop, 0.0, bedTop);
      rectOverlay(bed, Role.TAILLIGHT, 0.01, bedTop - 0.25, 0.08, bedTop - 0.08);
      double cabRear = bedEnd + 0.04;
      double roofFront = (doubleCab ? u(0.66, 0.70) : u(0.64, 0.68)) * l;
      double wsBase = roofFront + u(0.09, 0.12) * l;
      double hoodY = u(0.60, 0.66) * h;
      double[] xy = {
        cabRear,
        c,
        cabRear,
        0.96 * h,
        cabRear + 0.06,
        h,
        roofFront,
        h,
        wsBase,
        0.66 * h,
        0.97 * l,
        hoodY,
        l,
        0.40 * h,
        0.985 * l,
        c
      };
      Part cab = part(Role.BODY, 1, 0, w, false, xy);
      setGlass(cab, 3);
      double belt = 0.66 * h;
      double top = 0.93 * h;
      if (doubleCab) {
        double mid = (cabRear + roofFront) / 2;
        rectOverlay(cab, Role.GLASS, cabRear + 0.12, belt, mid - 0.04, top);
        overlay(
            cab,
            Role.GLASS,
            mid + 0.04,
            belt,
            mid + 0.04,
            top,
            roofFront - 0.03,
            top,
            wsBase - 0.12,
            belt);
      } else {
        overlay(
            cab,
            Role.GLASS,
            cabRear + 0.25,
            belt,
            cabRear + 0.25,
            top,
            roofFront - 0.03,
            top,
            wsBase - 0.12,
            belt);
      }
      rectOverlay(cab, Role.HEADLIGHT, l - 0.1, 0.5 * h, l - 0.01, 0.56 * h);
      if (rnd.nextInt(5) == 0) {
        double cx0 = u(0.05, 0.3) * bedEnd;
        double cx1 = bedEnd - u(0.05, 0.2) * bedEnd;
        part(
            Role.CARGO,
            1,
            0.25,
            w - 0.25,
            false,
            cx0,
            bedTop - 0.2,
            cx1,
            bedTop - 0.2,
            cx1,
            bedTop + u(0.2, 0.45),
            cx0,
            bedTop + u(0.2, 0.45));
      }
      wheel(u(0.16, 0.2) * l, r, 0.26);
      wheel(u(0.79, 0.82) * l, r, 0.26);
    }

    void minibus() {
      double c = 0.30 * jit(0.1);
      double r = 0.34 * jit(0.08);
      double roofFront = u(0.73, 0.79) * l;
      double wsBase = roofFront + u(0.11, 0.14) * l;
      double wsY = u(0.50, 0.57) * h;
      double[] xy = {
        0.01 * l,
        c,
        0.0,
        0.93 * h,
        0.03 * l,
        h,
        roofFront,
        h,
        wsBase,
        wsY,
        0.985 * l,
        wsY - 0.06 * h,
        l,
        0.28 * h,
        0.985 * l,
        c
      };
      Part body = part(Role.BODY, 1, 0, w, false, xy);
      setGlass(body, 3);
      double belt = u(0.55, 0.60) * h;
      double top = 0.90 * h;
      boolean passenger = rnd.nextInt(10) < 6;
      // cab door window
      double doorRear = roofFront - u(0.12, 0.16) * l;
      overlay(
          body,
          Role.GLASS,
          doorRear,
          belt,
          doorRear,
          top,
          roofFront - 0.03,
          top,
          wsBase - 0.15,
          wsY + 0.02);
      if (passenger) {
        int n = 3 + rnd.nextInt(2);
        double x0 = 0.05 * l;
        double x1 = doorRear - 0.12;
        double step = (x1 - x0) / n;
        for (int i = 0; i < n; i++) {
          rectOverlay(
              body, Role.GLASS, x0 + i * step + 0.05, belt, x0 + (i + 1) * step - 0.05, top);
        }
      } else {
        // panel van: a seam for the sliding door only
        double sx = doorRear - u(0.1, 0.25) * l;
        rectOverlay(body, Role.DARK, sx, c + 0.15, sx + 0.03, top);
      }
      lights(body, 0.38 * h, 0.55 * h, 0.06 * h);
      wheel(u(0.15, 0.19) * l, r, 0.24);
      wheel(u(0.78, 0.82) * l, r, 0.24);
    }

    void truck() {
      double r = 0.46 * jit(0.08);
      double cabLen = u(0.24, 0.28) * l;
      double cabH = u(0.80, 0.88) * h;
      double cabRear = l - cabLen;
      part(
          Role.DARK, 0, 0.3, w - 0.3, false, 0.02 * l, 0.55, l - 0.1, 0.55, l - 0.1, 1.0, 0.02 * l,
          1.0);
      double[] cabXy = {
        cabRear,
        0.55,
        cabRear,
        cabH,
        l - 0.25,
        cabH,
        l - 0.06,
        cabH * u(0.55, 0.62),
        l,
        0.95,
        l,
        0.55
      };
      Part cab = part(Role.BODY, 1, 0, w, false, cabXy);
      setGlass(cab, 3);
      overlay(
          cab,
          Role.GLASS,
          l - cabLen * 0.55,
          cabH * 0.6,
          l - cabLen * 0.55,
          cabH * 0.93,
          l - 0.35,
          cabH * 0.93,
          l - 0.18,
          cabH * 0.62);
      rectOverlay(cab, Role.DARK, l - cabLen * 0.6, 0.7, l - cabLen * 0.6 + 0.03, cabH * 0.93);
      rectOverlay(cab, Role.HEADLIGHT, l - 0.1, 0.75, l - 0.01, 0.92);
      double bodyEnd = cabRear - u(0.1, 0.25);
      double floor = 1.05;
      if (rnd.nextInt(10) < 6) {
        Part box = part(Role.CARGO, 1, 0, w, false, 0.0, floor, bodyEnd, floor, bodyEnd, h, 0.0, h);
        rectOverlay(box, Role.DARK, 0.0, floor, bodyEnd, floor + 0.08);
        rectOverlay(box, Role.TAILLIGHT, 0.01, floor + 0.1, 0.12, floor + 0.25);
      } else {
        double wallTop = floor + u(0.8, 1.3);
        Part open =
            part(
                Role.CARGO,
                1,
                0,
                w,
                true,
                0.0,
                floor,
                bodyEnd,
                floor,
                bodyEnd,
                wallTop,
                0.0,
                wallTop);
        int ribs = 3 + rnd.nextInt(3);
        for (int i = 1; i < ribs; i++) {
          double x = bodyEnd * i / ribs;
          rectOverlay(open, Role.DARK, x - 0.03, floor + 0.05, x + 0.03, wallTop - 0.05);
        }
        rectOverlay(open, Role.TAILLIGHT, 0.01, floor + 0.1, 0.12, floor + 0.25);
      }
      double rear = u(0.22, 0.27) * l;
      wheel(rear, r, 0.3);
      if (rnd.nextInt(10) < 4) {
        wheel(rear - 2.25 * r, r, 0.3);
      }
      wheel(l - cabLen * u(0.45, 0.55), r, 0.3);
    }

    void juggernaut() {
      double r = 0.50 * jit(0.06);
      double cabLen = u(2.2, 2.6);
      double cabH = u(3.2, 3.5);
      double cabRear = l - cabLen;
      double tractorRear = l - u(5.6, 6.4);
      part(
          Role.DARK,
          0,
          0.3,
          w - 0.3,
          false,
          tractorRear,
          0.6,
          l - 0.1,
          0.6,
          l - 0.1,
          1.15,
          tractorRear,
          1.15);
      double[] cabXy = {
        cabRear, 0.6, cabRear, cabH, l - 0.3, cabH, l - 0.08, cabH * u(0.55, 0.6), l, 1.0, l, 0.6
      };
      Part cab = part(Role.BODY, 2, 0, w, false, cabXy);
      setGlass(cab, 3);
      overlay(
          cab,
          Role.GLASS,
          l - cabLen * 0.5,
          cabH * 0.62,
          l - cabLen * 0.5,
          cabH * 0.92,
          l - 0.4,
          cabH * 0.92,
          l - 0.2,
          cabH * 0.64);
      rectOverlay(cab, Role.HEADLIGHT, l - 0.12, 0.8, l - 0.01, 1.0);
      if (rnd.nextInt(10) < 6) {
        double ft = Math.min(h - 0.05, cabH + u(0.4, 0.7));
        part(
            Role.BODY,
            2,
            0.1,
            w - 0.1,
            false,
            cabRear + 0.05,
            cabH,
            l - 0.7,
            cabH,
            cabRear + 0.05,
            ft);
      }
      double tEnd = cabRear - u(0.2, 0.4);
      double floor = 1.25;
      if (rnd.nextInt(10) < 7) {
        Part box = part(Role.CARGO, 1, 0, w, false, 0.0, floor, tEnd, floor, tEnd, h, 0.0, h);
        rectOverlay(box, Role.DARK, 0.0, floor, tEnd, floor + 0.1);
        rectOverlay(box, Role.TAILLIGHT, 0.01, floor + 0.12, 0.15, floor + 0.3);
        int ribs = 4 + rnd.nextInt(4);
        if (rnd.nextBoolean()) {
          for (int i = 1; i < ribs; i++) {
            double x = tEnd * i / ribs;
            rectOverlay(box, Role.DARK, x - 0.02, floor + 0.12, x + 0.02, h - 0.05);
          }
        }
      } else {
        // tanker: a long rounded barrel on a low frame
        double top = h * u(0.85, 0.92);
        double bottom = floor + 0.15;
        double rad = (top - bottom) / 2;
        double cy = (top + bottom) / 2;
        int n = 8;
        double[] xy = new double[4 * (n + 1)];
        int k = 0;
        for (int i = 0; i <= n; i++) {
          double a = -Math.PI / 2 + Math.PI * i / n;
          xy[k++] = tEnd - rad * 0.6 + rad * 0.6 * Math.cos(a);
          xy[k++] = cy + rad * Math.sin(a);
        }
        for (int i = 0; i <= n; i++) {
          double a = Math.PI / 2 + Math.PI * i / n;
          xy[k++] = 0.1 + rad * 0.6 + rad * 0.6 * Math.cos(a);
          xy[k++] = cy + rad * Math.sin(a);
        }
        part(
            Role.DARK,
            0,
            0.3,
            w - 0.3,
            false,
            0.0,
            floor - 0.2,
            tEnd,
            floor - 0.2,
            tEnd,
            floor + 0.2,
            0.0,
            floor + 0.2);
        Part tank = part(Role.CARGO, 1, 0.1, w - 0.1, false, xy);
        rectOverlay(tank, Role.DARK, tEnd * 0.3, cy - 0.05, tEnd * 0.3 + 0.05, top - 0.05);
        rectOverlay(tank, Role.DARK, tEnd * 0.65, cy - 0.05, tEnd * 0.65 + 0.05, top - 0.05);
      }
      int axles = 2 + rnd.nextInt(2);
      double first = u(0.9, 1.3);
      for (int i = 0; i < axles; i++) {
        wheel(first + i * 2.15 * r, r, 0.35);
      }
      wheel(tractorRear + u(0.9, 1.2), r, 0.35);
      if (rnd.nextBoolean()) {
        wheel(tractorRear + u(0.9, 1.2) + 2.15 * r, r, 0.35);
      }
      wheel(l - cabLen * 0.55, r, 0.35);
    }

    void bike() {
      boolean scooter = rnd.nextInt(10) < 4;
      double k = l / 2.0;
      double r = (scooter ? 0.24 : 0.31) * jit(0.06);
      double wr = r + 0.02;
      double wf = l - r - 0.02;
      double zb0 = 0.2;
      double zb1 = 0.55;
      // one track: each wheel sits in the middle of the bike, partly behind the body
      for (double wx : new double[] {wr, wf}) {
        part(Role.TYRE, 1, 0.27, 0.43, false, circle(wx, r, r, 16)).sortX = wx;
        part(Role.METAL, 1, 0.26, 0.26, false, circle(wx, r, r * 0.7, 12)).sortX = wx;
        part(Role.DARK, 1, 0.25, 0.25, false, circle(wx, r, r * 0.2, 8)).sortX = wx;
      }
      part(Role.METAL, 2, 0.33, 0.4, false, limb(wf, r, wf - 0.18 * k, 1.08 * k, 0.06, 0.06));
      if (scooter) {
        double[] xy = {
          0.15 * k, 0.55 * k,
          0.30 * k, 0.84 * k,
          0.85 * k, 0.86 * k,
          0.90 * k, 0.58 * k,
          1.22 * k, 0.50 * k,
          1.32 * k, 1.00 * k,
          1.52 * k, 1.12 * k,
          1.62 * k, 0.90 * k,
          1.50 * k, 0.42 * k,
          1.25 * k, 0.30 * k,
          0.55 * k, 0.32 * k
        };
        Part body = part(Role.BODY, 2, zb0, zb1, false, xy);
        rectOverlay(body, Role.HEADLIGHT, 1.50 * k, 0.98 * k, 1.58 * k, 1.06 * k);
      } else {
        part(
            Role.DARK, 2, 0.25, 0.5, false, 0.75 * k, 0.33 * k, 1.28 * k, 0.33 * k, 1.32 * k,
            0.70 * k, 0.78 * k, 0.70 * k);
        double[] xy = {
          0.15 * k, 0.62 * k,
          0.32 * k, 0.82 * k,
          0.55 * k, 0.84 * k,
          0.95 * k, 0.84 * k,
          1.12 * k, 0.99 * k,
          1.42 * k, 1.02 * k,
          1.60 * k, 1.10 * k,
          1.70 * k, 0.92 * k,
          1.45 * k, 0.80 * k,
          1.05 * k, 0.70 * k,
          0.50 * k, 0.66 * k
        };
        Part body = part(Role.BODY, 2, zb0, zb1, false, xy);
        rectOverlay(body, Role.HEADLIGHT, 1.60 * k, 0.98 * k, 1.68 * k, 1.06 * k);
        rectOverlay(body, Role.TAILLIGHT, 0.16 * k, 0.66 * k, 0.24 * k, 0.72 * k);
      }
      // rider: far leg, torso, head, near leg, near arm
      double lean = u(-0.05, 0.08);
      double hipX = (scooter ? 0.70 : 0.78) * k;
      double hipY = (scooter ? 0.98 : 0.98) * k;
      double shX = hipX + (0.24 + lean) * k;
      double shY = hipY + 0.52 * k;
      double kneeX = hipX + 0.42 * k;
      double kneeY = hipY - (scooter ? 0.05 : 0.02) * k;
      double footX = kneeX - (scooter ? 0.05 : 0.1) * k;
      double footY = (scooter ? 0.55 : 0.5) * k;
      double handX = (scooter ? 1.45 : 1.5) * k;
      double handY = 1.1 * k;
      part(Role.TROUSERS, 4, 0.5, 0.62, false, limb(hipX, hipY, kneeX, kneeY, 0.2 * k, 0.14 * k));
      part(
          Role.RIDER,
          4,
          0.18,
          0.62,
          false,
          limb(hipX, hipY + 0.05 * k, shX, shY, 0.3 * k, 0.34 * k));
      part(Role.HELMET, 4, 0.25, 0.55, false, circle(shX + 0.06 * k, shY + 0.2 * k, 0.15 * k, 12));
      part(Role.TROUSERS, 5, 0.05, 0.18, false, limb(hipX, hipY, kneeX, kneeY, 0.2 * k, 0.14 * k));
      part(
          Role.TROUSERS,
          5,
          0.05,
          0.16,
          false,
          limb(kneeX, kneeY, footX, footY, 0.13 * k, 0.11 * k));
      part(
          Role.RIDER,
          5,
          0.06,
          0.16,
          false,
          limb(shX, shY - 0.05 * k, handX, handY, 0.11 * k, 0.09 * k));
    }
  }
}
