package org.divs.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Line charts of experiment results as PNG files (JFreeChart, headless). */
public final class Charts {
  private static final Color[] COLOURS = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0x9467bd),
    new Color(0xff7f0e),
    new Color(0x8c564b)
  };
  private static final int WIDTH = 720;
  private static final int HEIGHT = 450;

  private Charts() {}

  /** Named series of (x, y) points, each with a colour index and a solid or dashed line. */
  public static final class Lines {
    private record Style(int colour, boolean dashed) {}

    private final Map<String, XYSeries> series = new LinkedHashMap<>();
    private final Map<String, Style> styles = new LinkedHashMap<>();

    /** Adds a point to series {@code name}, created with the given style on first use. */
    public Lines add(String name, int colour, boolean dashed, double x, double y) {
      series.computeIfAbsent(name, n -> new XYSeries(n, false, true)).add(x, y);
      styles.putIfAbsent(name, new Style(colour, dashed));
      return this;
    }

    XYPlot plot(String yLabel) {
      XYSeriesCollection data = new XYSeriesCollection();
      series.values().forEach(data::addSeries);
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
      int i = 0;
      for (Style style : styles.values()) {
        renderer.setSeriesPaint(i, COLOURS[style.colour() % COLOURS.length]);
        renderer.setSeriesStroke(
            i,
            style.dashed()
                ? new BasicStroke(
                    2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                : new BasicStroke(2f));
        i++;
      }
      NumberAxis y = new NumberAxis(yLabel);
      y.setAutoRangeIncludesZero(true);
      XYPlot plot = new XYPlot(data, null, y, renderer);
      plot.setBackgroundPaint(Color.WHITE);
      plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
      plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
      return plot;
    }
  }

  /** One plot. */
  public static void write(Path file, String title, String xLabel, String yLabel, Lines lines)
      throws IOException {
    XYPlot plot = lines.plot(yLabel);
    plot.setDomainAxis(domain(xLabel));
    save(file, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), HEIGHT);
  }

  /** Plots stacked over one x axis, each with its y label. */
  public static void write(
      Path file, String title, String xLabel, List<String> yLabels, List<Lines> panels)
      throws IOException {
    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(domain(xLabel));
    for (int i = 0; i < panels.size(); i++) {
      combined.add(panels.get(i).plot(yLabels.get(i)), 1);
    }
    save(
        file,
        new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true),
        HEIGHT + 200 * (panels.size() - 1));
  }

  private static NumberAxis domain(String label) {
    NumberAxis x = new NumberAxis(label);
    x.setAutoRangeIncludesZero(false);
    return x;
  }

  private static void save(Path file, JFreeChart chart, int height) throws IOException {
    System.setProperty("java.awt.headless", "true");
    chart.setBackgroundPaint(Color.WHITE);
    Files.createDirectories(file.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, height);
  }
}
