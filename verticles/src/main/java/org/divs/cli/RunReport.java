package org.divs.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.divs.bus.ConsoleEvent;

/** Progress lines while a run goes, and its summary table and confusion matrices at the end. */
final class RunReport {
  private final PrintWriter out;
  private final long rounds;
  private final long startNanos = System.nanoTime();
  private final List<JsonObject> log = new ArrayList<>();
  private final Map<String, Long> counted = new HashMap<>();
  private JsonObject last;

  RunReport(PrintWriter out, long rounds) {
    this.out = out;
    this.rounds = rounds;
  }

  /** Takes one console event; true when the run is done. */
  boolean onEvent(ConsoleEvent e) {
    switch (e.type()) {
      case "round" -> {
        JsonObject r = new JsonObject(e.json());
        log.add(r);
        progress(r);
      }
      case "round-empty" -> {
        JsonObject r = new JsonObject(e.json());
        out.printf(
            "[%s] round %d: no edge has data yet%n", r.getString("task"), r.getLong("round"));
      }
      case "round-retry" -> {
        JsonObject r = new JsonObject(e.json());
        out.printf(
            "[%s] round %d below quorum (missing %s), retry %d%n",
            r.getString("task"),
            r.getLong("round"),
            r.getJsonArray("missing"),
            r.getInteger("attempt"));
      }
      case "task" -> {
        JsonObject r = new JsonObject(e.json());
        out.printf(
            "[%s] %s at round %d%s%n",
            r.getString("task"),
            r.getString("state"),
            r.getLong("round"),
            r.containsKey("reason") ? " (" + r.getString("reason") + ")" : "");
      }
      case "node" -> {
        JsonObject n = new JsonObject(e.json());
        if ("node".equals(n.getString("kind"))) {
          out.printf(
              "node %s %s (units %s)%n",
              n.getString("id"), n.getString("state"), n.getJsonArray("units", new JsonArray()));
        }
      }
      case "error" ->
          out.println("! " + e.source() + ": " + new JsonObject(e.json()).getString("message"));
      case "done" -> {
        last = new JsonObject(e.json());
        return true;
      }
      default -> {}
    }
    out.flush();
    return false;
  }

  private void progress(JsonObject r) {
    long round = r.getLong("round");
    long done = round == 0 ? 0 : counted.merge(r.getString("task"), 1L, Long::sum);
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    String eta = "";
    if (rounds > 0 && done > 0) {
      double perRound = elapsed / done;
      eta =
          String.format(
              " | %.1f rounds/min, ~%.0f s left",
              60 / perRound, perRound * Math.max(0, rounds - done));
    }
    out.printf(
        "[%s] round %d (%d%s done): accuracy %.3f, loss %s, %d participants, %d ms%s%n",
        r.getString("task"),
        round,
        done,
        rounds > 0 ? " of " + rounds : "",
        r.getDouble("accuracy"),
        r.getValue("loss") == null ? "-" : String.format("%.4f", r.getDouble("loss")),
        r.getJsonArray("participants").size(),
        r.getLong("ms"),
        eta);
  }

  void printSummary() {
    out.println();
    out.printf(
        "%-8s %6s %13s %9s %9s %12s %8s%n",
        "task", "round", "participants", "loss", "accuracy", "bytes", "ms");
    for (JsonObject r : log) {
      out.printf(
          "%-8s %6d %13d %9s %9.3f %12d %8d%n",
          r.getString("task"),
          r.getLong("round"),
          r.getJsonArray("participants").size(),
          r.getValue("loss") == null ? "-" : String.format("%.4f", r.getDouble("loss")),
          r.getDouble("accuracy"),
          r.getLong("bytesUp") + r.getLong("bytesDown"),
          r.getLong("ms"));
    }
    if (last != null) {
      JsonObject tasks = last.getJsonObject("tasks");
      for (String task : tasks.fieldNames()) {
        printConfusion(task, tasks.getJsonObject(task));
      }
    }
    out.flush();
  }

  private void printConfusion(String task, JsonObject r) {
    JsonArray classes = r.getJsonArray("classes");
    JsonArray m = r.getJsonArray("confusion");
    out.printf(
        "%nConfusion matrix of %s at round %d (rows: true class, columns: predicted)%n",
        task, r.getLong("round"));
    out.printf("%-11s", "");
    for (int j = 0; j < classes.size(); j++) {
      out.printf("%11s", classes.getString(j));
    }
    out.println();
    for (int i = 0; i < m.size(); i++) {
      out.printf("%-11s", classes.getString(i));
      JsonArray row = m.getJsonArray(i);
      for (int j = 0; j < row.size(); j++) {
        out.printf("%11d", row.getInteger(j));
      }
      out.println();
    }
  }
}
