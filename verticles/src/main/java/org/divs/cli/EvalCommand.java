package org.divs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.divs.config.TaskSpec;
import org.divs.config.Topology;
import org.divs.experiment.FlowData;
import org.divs.experiment.Reports;
import org.divs.experiment.VehicleData;
import org.divs.flow.FlowSeries;
import org.divs.flow.ForecastMetrics;
import org.divs.flow.LastValue;
import org.divs.flow.LstmForecaster;
import org.divs.flow.SlotAverage;
import org.divs.model.DjlRuntime;
import org.divs.model.LocalTrainer;
import org.divs.model.ModelSpec;
import org.divs.node.HeldOutData;
import org.divs.sync.Checkpoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code divs eval}: loads the cloud's checkpoint of every task of a topology and evaluates it on
 * the task's {@code heldOut.test} when the topology gives one, else on the held-out part of the
 * real data.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Loads the cloud's checkpoint of each task (cloud.checkpoints of the topology) and evaluates",
      "it on the task's tasks[].heldOut.test, as the cloud scores it, or without one (or with",
      "--images or --flow given) on held-out real data:",
      "  cnn   the 20% of the vehicle crops held out per class (seeded), never streamed: top-1",
      "        accuracy, per-class recall, confusion matrix",
      "  lstm  the last 20% of the PeMS series: MAE, RMSE and MAPE at h=1, h=H and the mean over",
      "        1..H, beside the last-value and slot-average baselines (the slot average learnt",
      "        from the first 60%)",
      "Exit codes: 0 every task evaluated, 1 a checkpoint or data set missing or unreadable, 2 bad",
      "config or arguments."
    })
final class EvalCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Topology JSON (default: the embedded demo city).")
  Path config;

  @Option(
      names = "--checkpoints",
      paramLabel = "DIR",
      description = "Checkpoint folder (default: the topology's cloud.checkpoints).")
  Path checkpoints;

  @Option(
      names = "--best",
      description =
          "Evaluate each task's best global by validation (the checkpoint <task>.best, written"
              + " when the task has heldOut.validation) instead of its last.")
  boolean best;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "Vehicle crops of cnn tasks (default: ${DEFAULT-VALUE}).",
      defaultValue = "../shared/data/vehicles")
  Path images;

  @Option(
      names = "--split-seed",
      paramLabel = "S",
      description = "Seed of the crops' 80/20 split, as in cnn-real (default: ${DEFAULT-VALUE}).",
      defaultValue = "7")
  long splitSeed;

  @Option(
      names = "--flow",
      paramLabel = "CSV",
      description = "Count series of lstm tasks (default: ${DEFAULT-VALUE}).",
      defaultValue = "../shared/data/flow/pems04-sensor0-5min.csv")
  Path flow;

  @Option(
      names = "--column",
      paramLabel = "NAME",
      description = "Count column of the series (default: ${DEFAULT-VALUE}).",
      defaultValue = FlowData.DETECTOR)
  String column;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Topology topology = RunCommand.loadTopology(config, json -> json, err);
    if (topology == null) {
      return 2;
    }
    Path dir = checkpoints != null ? checkpoints : Path.of(topology.cloud().checkpoints());
    if (!Files.isDirectory(dir)) {
      err.println("no checkpoint folder at " + dir.toAbsolutePath().normalize());
      return 1;
    }
    DjlRuntime.loadFor(1);
    Checkpoints saved = new Checkpoints(dir);
    int status = 0;
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      for (TaskSpec task : topology.tasks()) {
        try {
          if (!evaluate(task, saved, topology, out, err, pool)) {
            status = 1;
          }
        } catch (IOException e) {
          err.println("task " + task.id() + ": " + e.getMessage());
          status = 1;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return status;
  }

  private boolean evaluate(
      TaskSpec task,
      Checkpoints saved,
      Topology topology,
      PrintWriter out,
      PrintWriter err,
      ExecutorService pool)
      throws IOException, InterruptedException {
    String name = best ? task.id() + ".best" : task.id();
    Optional<Checkpoints.Saved> checkpoint = saved.load(name);
    if (checkpoint.isEmpty()) {
      err.println("task " + task.id() + ": no checkpoint " + name + " in " + saved.dir());
      return false;
    }
    Checkpoints.Saved c = checkpoint.get();
    Optional<TaskSpec.Part> configured =
        task.heldOut()
            .filter(
                h ->
                    !spec.commandLine()
                        .getParseResult()
                        .hasMatchedOption(
                            task.model() == TaskSpec.Model.CNN ? "--images" : "--flow"))
            .map(TaskSpec.HeldOut::test);
    out.printf(
        "task %s (%s): checkpoint of round %d, run %s, %s%n",
        task.id(),
        task.model().name().toLowerCase(java.util.Locale.ROOT),
        c.round(),
        c.runId(),
        c.configHash().equals(topology.configHash())
            ? "written under this topology"
            : "written under another topology (" + c.configHash() + ")");
    try (LocalTrainer model =
        LocalTrainer.builder().setSpec(ModelSpec.of(task)).optSeed(topology.seed()).build()) {
      if (c.weights().size() != model.layout().size()) {
        err.printf(
            "task %s: the checkpoint holds %d floats, the %s model has %d%n",
            task.id(), c.weights().size(), task.model(), model.layout().size());
        return false;
      }
      model.setWeights(c.weights().toArray());
      if (configured.isPresent()) {
        evaluateConfigured(task, configured.get(), topology, model, out);
      } else if (task.model() == TaskSpec.Model.CNN) {
        VehicleData.Loaded test =
            VehicleData.load(VehicleData.split(images, splitSeed).test(), task.classes(), pool);
        if (test.size() == 0) {
          err.println(
              "task " + task.id() + ": none of its classes " + task.classes() + " is in " + images);
          return false;
        }
        out.printf(
            "  held out: %d crops of %s (20%% per class, split seed %d)%n",
            test.size(), images, splitSeed);
        Reports.classifier(out, model.evaluate(test.x(), test.y(), 100), task.classes());
      } else {
        FlowData.Split split = FlowData.chronological(flow, column);
        FlowSeries test = split.test();
        int h = task.horizon();
        int[] origins = test.origins(task.lookback(), h);
        out.printf(
            "  held out: the last 20%% of %s column %s (%d steps), count scale %.0f%n",
            flow, column, test.size(), task.countScale());
        Reports.forecasts(
            out,
            List.of("lstm (checkpoint)", "last value", "slot average"),
            List.of(
                ForecastMetrics.of(
                    new LstmForecaster("lstm", model, (float) task.countScale()), test, origins, h),
                ForecastMetrics.of(new LastValue(), test, origins, h),
                ForecastMetrics.of(SlotAverage.fit(split.train()), test, origins, h)));
      }
    }
    return true;
  }

  /**
   * Scores the model on the task's {@code heldOut.test}, read as the cloud reads it: a CNN's image
   * list cut as an edge cuts an {@code images} frame, an LSTM's CSV rows beside last value.
   */
  private static void evaluateConfigured(
      TaskSpec task, TaskSpec.Part part, Topology topology, LocalTrainer model, PrintWriter out)
      throws IOException {
    if (task.model() == TaskSpec.Model.CNN) {
      HeldOutData.Labelled test = HeldOutData.crops(topology, task, part);
      out.printf(
          "  held out: %d crops of %s (the task's heldOut.test)%n", test.y().length, part.path());
      Reports.classifier(out, model.evaluate(test.x(), test.y(), 100), task.classes());
      return;
    }
    FlowSeries test = HeldOutData.series(task, part);
    int h = task.horizon();
    int[] origins = test.origins(task.lookback(), h);
    if (origins.length == 0) {
      throw new IOException(
          "the task's heldOut.test holds "
              + test.size()
              + " steps, fewer than lookback + horizon = "
              + (task.lookback() + h));
    }
    out.printf(
        "  held out: %s column %s, rows %d to %s (%d steps, the task's heldOut.test), count scale"
            + " %.0f%n",
        part.path(),
        part.column(),
        part.fromRow(),
        part.toRow() == 0 ? "the end" : Integer.toString(part.toRow()),
        test.size(),
        task.countScale());
    Reports.forecasts(
        out,
        List.of("lstm (checkpoint)", "last value"),
        List.of(
            ForecastMetrics.of(
                new LstmForecaster("lstm", model, (float) task.countScale()), test, origins, h),
            ForecastMetrics.of(new LastValue(), test, origins, h)));
  }
}
