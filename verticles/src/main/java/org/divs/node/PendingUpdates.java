package org.divs.node;

import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.divs.bus.Ack;
import org.divs.bus.LocalUpdate;
import org.divs.sync.RoundCollector;
import org.divs.sync.Weights;

/**
 * The per-task collectors of an aggregator or the cloud, fed from the bus. An update for the next
 * round that arrives before this node has seen the global it answers is held until then.
 */
final class PendingUpdates {
  private final Map<String, RoundCollector> collectors = new HashMap<>();
  private final Map<String, List<Message<LocalUpdate>>> early = new HashMap<>();
  private final Consumer<String> refused;

  /** Collectors that report each refusal (what and where) to {@code refused}. */
  PendingUpdates(Consumer<String> refused) {
    this.refused = refused;
  }

  RoundCollector get(String task) {
    return collectors.get(task);
  }

  void put(String task, RoundCollector collector) {
    collectors.put(task, collector);
  }

  /**
   * Offers an update to its task's collector, answering the message: fail(400) with the reason when
   * refused. Returns the collector when the update was accepted, else null.
   */
  RoundCollector offer(Message<LocalUpdate> msg) {
    LocalUpdate u = msg.body();
    RoundCollector c = collectors.get(u.task());
    if (c == null || u.round() == c.round() + 1) {
      early.computeIfAbsent(u.task(), k -> new ArrayList<>()).add(msg);
      return null;
    }
    String why = c.offer(u);
    if (why != null) {
      refused.accept(why);
      msg.fail(400, why);
      return null;
    }
    msg.reply(new Ack(1, 0));
    return c;
  }

  /**
   * Starts round {@code round} of {@code task}, whose updates may be deltas against {@code base}
   * (W(round - 1) as the children received it), and replays what was held for it.
   */
  List<Message<LocalUpdate>> begin(String task, long round, Weights base) {
    collectors.get(task).begin(round, base);
    List<Message<LocalUpdate>> held = early.remove(task);
    List<Message<LocalUpdate>> replay = new ArrayList<>();
    if (held != null) {
      for (Message<LocalUpdate> m : held) {
        if (m.body().round() == round) {
          replay.add(m);
        } else {
          m.fail(
              400,
              "update from '"
                  + m.body().from()
                  + "' for round "
                  + m.body().round()
                  + ": the current round is "
                  + round);
        }
      }
    }
    return replay;
  }
}
