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
        "[%s] round %d (%d%s done): %s, loss %s, %d participants, %d ms%s%n",
        r.getString("task"),
        round,
        done,
        rounds > 0 ? " of " + rounds : "",
        score(r, true),
        r.getValue("loss") == null ? "-" : String.format("%.4f", r.getDouble("loss")),
        r.getJsonArray("participants").size(),
        r.getLong("ms"),
        eta);
  }

  void printSummary() {
    out.println();
    out.printf(
        "%-8s %6s %13s %9s %-15s %12s %8s%n",
        "task", "round", "participants", "loss", "held-out", "bytes", "ms");
    for (JsonObject r : log) {
      out.printf(
          "%-8s %6d %13d %9s %-15s %12d %8d%n",
          r.getString("task"),
          r.getLong("round"),
          r.getJsonArray("participants").size(),
          r.getValue("loss") == null ? "-" : String.format("%.4f", r.getDouble("loss")),
          score(r, false),
          r.getLong("bytesUp") + r.getLong("bytesDown"),
          r.getLong("ms"));
    }
    if (last != null) {
      JsonObject tasks = last.getJsonObject("tasks");
      for (String task : tasks.fieldNames()) {
        JsonObject r = tasks.getJsonObject(task);
        if (r != null && r.containsKey("confusion")) {
          printConfusion(task, r);
        }
      }
    }
    out.flush();
  }

  /**
   * A round's held-out score: a CNN's accuracy; an LSTM's mean MAE over 1..H (with h=1, h=H and the
   * last-value baseline when {@code full}).
   */
  static String score(JsonObject r, boolean full) {
    if (r.getValue("accuracy") != null) {
      return String.format("accuracy %.3f", r.getDouble("accuracy"));
    }
    if (r.getValue("mae") == null) {
      return "-";
    }
    if (!full) {
      return String.format("MAE %.3f", r.getDouble("mae"));
    }
    JsonObject base = r.getJsonObject("lastValue", new JsonObject());
    return String.format(
        "MAE %.3f (h1 %.3f, h%d %.3f; last value %.3f, h1 %.3f, h%d %.3f)",
        r.getDouble("mae"),
        r.getDouble("maeH1"),
        r.getInteger("horizon"),
        r.getDouble("maeH"),
        base.getDouble("mae"),
        base.getDouble("maeH1"),
        r.getInteger("horizon"),
        base.getDouble("maeH"));
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
