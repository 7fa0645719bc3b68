package org.divs.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code divs} command line: {@code divs [run] [--config FILE] [--rounds N] [--seed S]}. */
@Command(
    name = "divs",
    mixinStandardHelpOptions = true,
    version = "DIVS 0.1.0",
    description =
        "Distributed intelligent video surveillance: a city of cameras, edges and a cloud.",
    subcommands = {
      RunCommand.class,
      BenchCommand.class,
      ExperimentCommand.class,
      CalibrateCommand.class,
      SimulateCommand.class,
      EvalCommand.class,
      WarmupCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Divs implements Runnable {
  private static final Set<String> TOP_LEVEL = Set.of("-h", "--help", "-V", "--version");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code; no subcommand means {@code run}. */
  public static int execute(String... args) {
    String[] effective = args;
    if (args.length == 0 || (args[0].startsWith("-") && !TOP_LEVEL.contains(args[0]))) {
      effective = new String[args.length + 1];
      effective[0] = "run";
      System.arraycopy(args, 0, effective, 1, args.length);
    }
    return new CommandLine(new Divs()).execute(effective);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
