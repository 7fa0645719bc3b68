package org.divs.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The page's files, read once from the classpath ({@code webroot/} and the ECharts WebJar) and
 * served from memory: no request touches the file system or Vert.x's file cache, whose lock an
 * event loop would otherwise wait on while a jar is unpacked.
 */
final class Assets {
  /** The ECharts WebJar version on the classpath. */
  static final String ECHARTS_VERSION = "5.3.1";

  /** Classpath location of the ECharts bundle in its WebJar. */
  static final String ECHARTS_RESOURCE =
      "META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";

  private record Asset(Buffer body, String type, boolean cache) {}

  private final Map<String, Asset> byPath = new LinkedHashMap<>();

  private Assets() {}

  /**
   * Reads every asset (blocking: call off the event loop).
   *
   * @throws IOException when one is missing from the classpath
   */
  static Assets load() throws IOException {
    Assets a = new Assets();
    a.add("/", "webroot/index.html", "text/html; charset=utf-8", false);
    a.add("/index.html", "webroot/index.html", "text/html; charset=utf-8", false);
    a.add("/app.js", "webroot/app.js", "text/javascript; charset=utf-8", false);
    a.add("/console.css", "webroot/console.css", "text/css; charset=utf-8", false);
    a.add("/favicon.svg", "webroot/favicon.svg", "image/svg+xml", true);
    a.add("/favicon.ico", "webroot/favicon.svg", "image/svg+xml", true);
    a.add(
        "/vendor/echarts/echarts.min.js", ECHARTS_RESOURCE, "text/javascript; charset=utf-8", true);
    return a;
  }

  /** The request paths served. */
  Iterable<String> paths() {
    return byPath.keySet();
  }

  /** Serves the asset of the request's path. */
  void serve(RoutingContext rc) {
    Asset a = byPath.get(rc.request().path());
    if (a == null) {
      rc.next();
      return;
    }
    rc.response()
        .putHeader("Content-Type", a.type())
        .putHeader("Cache-Control", a.cache() ? "public, max-age=86400" : "no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .end(a.body());
  }

  private void add(String path, String resource, String type, boolean cache) throws IOException {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("console asset " + resource + " is not on the classpath");
      }
      byPath.put(path, new Asset(Buffer.buffer(in.readAllBytes()), type, cache));
    }
  }
}
