package org.divs.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.divs.calibrate.CalibrationFile;
import org.divs.config.ConfigException;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.experiments.CalibrationCheck;
import org.divs.experiments.Experiments;
import org.divs.sim.Calibration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code divs simulate NAME}: the paper's experiments on the simulator, and its check. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an experiment on the simulator, calibrated by config/calibration.json, writing a CSV,",
      "a chart and the parameters under --out/NAME:",
      "  fig8a  total time for 50..200 cameras as street edges go 5 -> 30",
      "  fig8b  total time for 1, 2 and 3 tasks",
      "  fig9   balance B and bytes moved, migration on and off",
      "  lbbsp  no balancing, migration and LB-BSP",
      "  all    the four above",
      "  check  a real city in this JVM (--config, default the demo) beside the simulator"
    })
final class SimulateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "fig8a, fig8b, fig9, lbbsp, all or check")
  String name;

  @Option(
      names = "--calibration",
      paramLabel = "FILE",
      description = "Calibration (default: config/calibration.json, else the one in the JAR).")
  Path calibration;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Seed of the camera spread (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/experiments",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--no-charts", description = "Write the CSV only.")
  boolean noCharts;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "check: the real city's topology (default: the embedded demo).")
  Path config;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "20",
      description = "check: rounds of the real run (default: ${DEFAULT-VALUE}).")
  long rounds;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> names = new ArrayList<>();
    if (name.equals("all")) {
      names.addAll(Experiments.NAMES);
    } else if (Experiments.NAMES.contains(name) || name.equals("check")) {
      names.add(name);
    } else {
      err.println(
          "unknown experiment '" + name + "': one of " + Experiments.NAMES + ", all, check");
      return 2;
    }
    Calibration cal;
    try {
      cal = CalibrationFile.read(calibration);
    } catch (IOException | IllegalArgumentException e) {
      err.println("Cannot use the calibration: " + e.getMessage());
      return 2;
    }
    if (name.equals("check")) {
      return check(cal, stdout, err);
    }
    for (String n : names) {
      stdout.println("== " + n + " ==");
      Path csv = Experiments.run(n, cal, Experiments.PAPER, seed, out, !noCharts, stdout);
      stdout.println("wrote " + csv.getParent());
    }
    return 0;
  }

  private int check(Calibration cal, PrintWriter stdout, PrintWriter err) throws Exception {
    Topology t;
    try {
      JsonObject json = new JsonObject(RunCommand.readTopology(config));
      json.getJsonObject("cloud")
          .put(
              "checkpoints",
              out.resolve("check")
                  .resolve("checkpoints")
                  .resolve(UUID.randomUUID().toString())
                  .toString());
      t = TopologyLoader.parse(json.encode());
    } catch (ConfigException e) {
      err.println("Invalid topology " + (config == null ? RunCommand.DEMO : config) + ":");
      e.faults().forEach(f -> err.println("  " + f));
      return 2;
    }
    Path csv = out.resolve("check").resolve("check.csv");
    CalibrationCheck.Outcome o = CalibrationCheck.run(t, cal, rounds, csv, stdout);
    stdout.println("wrote " + csv);
    return o.within() ? 0 : 1;
  }
}
