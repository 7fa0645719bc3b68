package org.divs.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.divs.model.LocalTrainer;
import org.divs.sync.Contribution;
import org.divs.sync.WeightedMerge;
import org.divs.sync.Weights;
import org.divs.train.RoundPlan;

/**
 * Federated rounds in one JVM with the production classes: per edge a {@link LocalTrainer} (its own
 * optimiser state, as on a real edge) and a {@link RoundPlan} (k_j = ceil(S_j / b) samples of a
 * seeded shuffle per round, in minibatches of m), the edges of a round trained concurrently from
 * the global W(i), then merged by {@link WeightedMerge} with the settings' weighting into W(i + 1).
 * An edge holding fewer than m samples sits the round out, as on a real edge. Weights stay float32
 * (no wire compression). Not thread-safe: call from one thread.
 */
final class FederatedTraining implements AutoCloseable {

  /** One round's outcome: samples trained on across edges, their k-weighted mean loss. */
  record Round(long samples, double loss) {}

  private record Edge(
      String name, Shard shard, LocalTrainer trainer, RoundPlan plan, Minibatch batch) {}

  private record Local(Contribution contribution, double loss) {}

  private final TrainingSettings settings;
  private final List<Edge> edges = new ArrayList<>();
  private final ExecutorService pool;
  private Weights global;

  FederatedTraining(
      TrainingSettings settings, List<String> names, List<Shard> shards, ExecutorService pool) {
    this.settings = settings;
    this.pool = pool;
    try {
      for (int j = 0; j < shards.size(); j++) {
        edges.add(
            new Edge(
                names.get(j),
                shards.get(j),
                settings.newTrainer(),
                new RoundPlan(settings.batchesPerEpoch(), settings.seed() * 1_000_003L + j),
                settings.newMinibatch()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    global = Weights.wrap(edges.get(0).trainer().weights());
  }

  /** The current global weights W(i). */
  Weights global() {
    return global;
  }

  /** Samples each edge holds, in edge order. */
  int[] held() {
    return edges.stream().mapToInt(e -> e.shard().size()).toArray();
  }

  /** Trains one round on every edge with enough samples and merges the results. */
  Round round() throws InterruptedException {
    float[] start = global.toArray();
    List<Future<Local>> running = new ArrayList<>();
    for (Edge e : edges) {
      if (e.shard().size() >= settings.minibatch()) {
        running.add(pool.submit(() -> train(e, start)));
      }
    }
    if (running.isEmpty()) {
      throw new IllegalStateException("no edge holds a minibatch of " + settings.minibatch());
    }
    List<Contribution> parts = new ArrayList<>();
    double lossSum = 0;
    long samples = 0;
    for (Future<Local> f : running) {
      Local local;
      try {
        local = f.get();
      } catch (ExecutionException ex) {
        throw new IllegalStateException("an edge's round failed: " + ex.getCause(), ex.getCause());
      }
      parts.add(local.contribution());
      lossSum += local.loss() * local.contribution().samples();
      samples += local.contribution().samples();
    }
    global = WeightedMerge.merge(parts).weights();
    return new Round(samples, lossSum / samples);
  }

  private Local train(Edge e, float[] start) {
    e.trainer().setWeights(start);
    int[] idx = e.plan().next(e.shard().size());
    double loss = e.batch().pass(e.trainer(), e.shard(), idx);
    Weights w = Weights.wrap(e.trainer().weights());
    return new Local(
        new Contribution(
            settings.weighting().logMass(idx.length), idx.length, List.of(e.name()), w),
        loss);
  }

  @Override
  public void close() {
    edges.forEach(e -> e.trainer().close());
  }
}
