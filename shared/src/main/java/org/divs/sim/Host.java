package org.divs.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A machine's cores shared by the jobs running on it (processor sharing). A job asks for a number
 * of threads; while the threads asked for by all jobs fit in the cores, a job on {@code t} threads
 * runs {@link Amdahl#speedup(int) S(t)} times faster than on one; beyond that, every thread gets
 * the same share of a core, cores / threads asked. Work is measured in seconds on one thread of a
 * machine of speed 1; the host's {@code speed} scales it.
 */
public final class Host {
  /** A job on this host. */
  public final class Job {
    private final int threads;
    private final Amdahl amdahl;
    private final Runnable onDone;
    private double remaining;
    private double rate;
    private EventQueue.Handle due;
    private boolean over;

    private Job(double work, int threads, Amdahl amdahl, Runnable onDone) {
      this.remaining = work;
      this.threads = threads;
      this.amdahl = amdahl;
      this.onDone = onDone;
    }

    /** Whether it finished or was cancelled. */
    public boolean over() {
      return over;
    }
  }

  private final String id;
  private final int cores;
  private final double speed;
  private final EventQueue queue;
  private final List<Job> jobs = new ArrayList<>();
  private double updated;
  private double busyCoreSeconds;

  /**
   * A host.
   *
   * @param id its name, for messages
   * @param cores cores, at least 1
   * @param speed speed of one core relative to the calibrated machine, in (0, inf)
   * @param queue the virtual clock
   */
  public Host(String id, int cores, double speed, EventQueue queue) {
    if (cores < 1 || !(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException(
          "host " + id + ": need cores >= 1 and a positive speed, got " + cores + ", " + speed);
    }
    this.id = id;
    this.cores = cores;
    this.speed = speed;
    this.queue = queue;
  }

  /** Its name. */
  public String id() {
    return id;
  }

  /** Its cores. */
  public int cores() {
    return cores;
  }

  /** Core-seconds spent on jobs so far (up to the last change). */
  public double busyCoreSeconds() {
    return busyCoreSeconds;
  }

  /**
   * Starts a job now.
   *
   * @param work seconds it takes on one thread of a speed-1 core, at least 0
   * @param threads threads it runs on, at least 1
   * @param amdahl how it speeds up over threads
   * @param onDone run when it finishes (not when cancelled)
   */
  public Job start(double work, int threads, Amdahl amdahl, Runnable onDone) {
    if (!(work >= 0) || Double.isInfinite(work) || threads < 1) {
      throw new IllegalArgumentException(
          "host " + id + ": job needs finite work >= 0 and threads >= 1");
    }
    advance();
    Job job = new Job(work, threads, amdahl, onDone);
    jobs.add(job);
    reschedule();
    return job;
  }

  /** Stops a job without running its completion; no effect on a job that is over. */
  public void cancel(Job job) {
    if (job.over) {
      return;
    }
    advance();
    job.over = true;
    job.due.cancel();
    jobs.remove(job);
    reschedule();
  }

  private void finish(Job job) {
    advance();
    job.over = true;
    jobs.remove(job);
    reschedule();
    job.onDone.run();
  }

  private void advance() {
    double dt = queue.now() - updated;
    if (dt > 0) {
      int demand = 0;
      for (Job j : jobs) {
        j.remaining = Math.max(0, j.remaining - j.rate * dt);
        demand += j.threads;
      }
      busyCoreSeconds += Math.min(cores, demand) * dt;
    }
    updated = queue.now();
  }

  private void reschedule() {
    int demand = 0;
    for (Job j : jobs) {
      demand += j.threads;
    }
    double share = demand <= cores ? 1 : (double) cores / demand;
    for (Job j : jobs) {
      j.rate = speed * j.amdahl.speedup(j.threads) * share;
      if (j.due != null) {
        j.due.cancel();
      }
      Job done = j;
      j.due = queue.after(j.remaining / j.rate, () -> finish(done));
    }
  }
}
