package org.divs.sim;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A worker thread pool of one queue on a {@link Host}: jobs run one at a time, in the order
 * submitted, each on {@code threads} threads (an edge's crop worker, the cloud's evaluator).
 */
public final class Worker {
  private record Task(double work, Amdahl amdahl, Runnable onDone) {}

  private final Host host;
  private final int threads;
  private final Deque<Task> waiting = new ArrayDeque<>();
  private boolean busy;

  /** A worker on {@code host} whose jobs run on {@code threads} threads. */
  public Worker(Host host, int threads) {
    this.host = host;
    this.threads = threads;
  }

  /** Queues a job of {@code work} seconds on one speed-1 thread. */
  public void submit(double work, Amdahl amdahl, Runnable onDone) {
    waiting.add(new Task(work, amdahl, onDone));
    if (!busy) {
      next();
    }
  }

  /** Jobs queued or running. */
  public int backlog() {
    return waiting.size() + (busy ? 1 : 0);
  }

  private void next() {
    Task t = waiting.poll();
    if (t == null) {
      busy = false;
      return;
    }
    busy = true;
    host.start(
        t.work(),
        threads,
        t.amdahl(),
        () -> {
          t.onDone().run();
          next();
        });
  }
}
