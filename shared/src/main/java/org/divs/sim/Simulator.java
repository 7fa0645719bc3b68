package org.divs.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.divs.bus.LocalUpdate;
import org.divs.config.EdgeSpec;
import org.divs.config.SourceSpec;
import org.divs.config.SyncSpec;
import org.divs.config.TaskSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.migration.Balance;
import org.divs.migration.EdgeLoad;
import org.divs.migration.MigrationPlan;
import org.divs.migration.MigrationPlanner;
import org.divs.migration.Move;
import org.divs.model.DjlRuntime;
import org.divs.sync.RoundCollector;
import org.divs.sync.RoundMachine;
import org.divs.sync.Weights;

/**
 * Runs a city on the virtual clock: terminals stream their frames to their street edges, crop
 * workers cut them, and every task runs its rounds as the real units do, with the production round
 * protocol and merge (a {@link RoundMachine} and a {@link RoundCollector} at the cloud, collectors
 * with deadlines at the aggregators, {@link org.divs.sync.Weighting#logMass} for every leaf) and,
 * when asked, the production {@link MigrationPlanner} at the end of every local epoch.
 *
 * <p>What is modelled rather than run: a round on street edge j trains k_j = ceil(S_j / b) samples
 * (or LB-BSP's k_j), costing the calibrated time per sample at the minibatch size, spread over the
 * trainer's intra-op threads by Amdahl's law and shared with the other jobs of its machine; weight
 * sets travel as their byte sizes (the merge itself runs on one-float stand-ins, so its bookkeeping
 * is the production one). Deterministic: no randomness, events of equal time in scheduling order.
 */
public final class Simulator {
  /** Envelope bytes of one message beside its payload. */
  static final long HEADER_BYTES = 128;

  /** Delay before a round nobody had data for is run again (as the cloud does). */
  static final double EMPTY_ROUND_RETRY_SECONDS = 0.5;

  /** An aggregator's deadline is the round's times this to the power of its level. */
  static final double AGGREGATOR_DEADLINE_FACTOR = 0.8;

  private static final String RUN = "simulated";
  private static final long MAX_EVENTS = 50_000_000;

  private final Topology topology;
  private final Calibration cal;
  private final SimSettings settings;
  private final SyncSpec sync;
  private final EventQueue queue = new EventQueue();
  private final Network network;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final Map<String, Worker> cutters = new LinkedHashMap<>();
  private final Map<String, Street> streets = new LinkedHashMap<>();
  private final Map<String, Aggregator> aggregators = new LinkedHashMap<>();
  private final Map<String, Rounds> tasks = new LinkedHashMap<>();
  private final Map<String, TaskLoad> loads = new LinkedHashMap<>();
  private final boolean anyCut;
  private final Worker evaluator;
  private final List<SimResult.Round> rounds = new ArrayList<>();
  private final List<SimResult.Period> periods = new ArrayList<>();
  private long ingestLeft;
  private double ingestDone = Double.NaN;
  private long bytesIngest;
  private long bytesGlobals;
  private long bytesUpdates;
  private long bytesMigration;
  private double lastEnd;

  /** One task's trainer on a street edge. */
  private static final class Trainer {
    Host.Job job;
    double periodBusy;
    double periodFrames;
    double throughput = Double.NaN;
  }

  /** A street edge. */
  private static final class Street {
    final EdgeSpec spec;
    final String parent;
    final Host host;
    final Worker cutter;
    final int threads;
    final Map<String, Trainer> trainers = new LinkedHashMap<>();
    long held;
    long cut;

    Street(EdgeSpec spec, String parent, Host host, Worker cutter, int threads) {
      this.spec = spec;
      this.parent = parent;
      this.host = host;
      this.cutter = cutter;
      this.threads = threads;
    }
  }

  /** An aggregator's state for one task. */
  private static final class Collecting {
    final String task;
    final RoundCollector collector;
    final List<LocalUpdate> early = new ArrayList<>();
    EventQueue.Handle deadline;

    Collecting(String task, RoundCollector collector) {
      this.task = task;
      this.collector = collector;
    }
  }

  /** An aggregator (district, county, ...). */
  private static final class Aggregator {
    final String id;
    final String parent;
    final double deadlineSeconds;
    final Map<String, Collecting> tasks = new LinkedHashMap<>();

    Aggregator(String id, String parent, double deadlineSeconds) {
      this.id = id;
      this.parent = parent;
      this.deadlineSeconds = deadlineSeconds;
    }
  }

  /** One task's round sequence at the cloud. */
  private static final class Rounds {
    final TaskSpec spec;
    final TaskLoad load;
    final RoundMachine machine;
    final RoundCollector collector;
    final List<LocalUpdate> early = new ArrayList<>();
    long round;
    long counted;
    boolean done;
    boolean paused;
    double started;
    boolean startedAfterIngest;
    EventQueue.Handle deadline;
    Map<String, Long> allocation = Map.of();

    Rounds(TaskSpec spec, TaskLoad load, RoundMachine machine, RoundCollector collector) {
      this.spec = spec;
      this.load = load;
      this.machine = machine;
      this.collector = collector;
    }
  }

  private Simulator(Topology topology, Calibration cal, SimSettings settings) {
    this.topology = topology;
    this.cal = cal;
    this.settings = settings;
    this.sync = topology.sync();
    this.network = new Network(queue, cal.localBus(), cal.clusteredBus());
    for (TaskSpec task : topology.tasks()) {
      loads.put(task.id(), loadOf(task));
    }
    this.anyCut = loads.values().stream().anyMatch(TaskLoad::cut);
    String cloud = topology.cloud().id();
    Host cloudHost = host(cloud, topology.cloud().node(), settings.cloudCores());
    network.attach(cloud, cloudHost.id(), settings.link());
    this.evaluator =
        new Worker(
            cloudHost,
            DjlRuntime.intraOpThreads(cloudHost.cores(), trainersOnHost(cloudHost.id())));
    int street = 0;
    for (EdgeSpec e : topology.edges()) {
      if (topology.isStreet(e.id())) {
        int cores = settings.streetCores().get(street++ % settings.streetCores().size());
        Host h = host(e.id(), e.node(), cores);
        network.attach(e.id(), h.id(), settings.link());
        Worker cutter = cutters.computeIfAbsent(h.id(), k -> new Worker(h, 1));
        int threads = DjlRuntime.intraOpThreads(h.cores(), trainersOnHost(h.id()));
        Street s = new Street(e, e.parent(), h, cutter, threads);
        topology.tasks().forEach(task -> s.trainers.put(task.id(), new Trainer()));
        streets.put(e.id(), s);
      } else {
        Host h = host(e.id(), e.node(), settings.aggregatorCores());
        network.attach(e.id(), h.id(), settings.link());
        double deadline =
            sync.deadlineMs()
                / 1000.0
                * Math.pow(AGGREGATOR_DEADLINE_FACTOR, topology.levelOf(e.id()));
        Aggregator a = new Aggregator(e.id(), e.parent(), deadline);
        for (TaskSpec task : topology.tasks()) {
          a.tasks.put(
              task.id(), new Collecting(task.id(), new RoundCollector(RUN, children(e.id()), 1)));
        }
        aggregators.put(e.id(), a);
      }
    }
    for (TerminalSpec term : topology.terminals()) {
      Host h = host(term.id(), term.node(), 1);
      network.attach(term.id(), h.id(), settings.link());
    }
    int leaves = streets.size();
    for (TaskSpec task : topology.tasks()) {
      tasks.put(
          task.id(),
          new Rounds(
              task,
              loads.get(task.id()),
              new RoundMachine(
                  leaves, sync.quorum(), sync.deadlineMs(), sync.retries(), queue::nowMillis),
              new RoundCollector(RUN, children(cloud), 1)));
    }
  }

  /**
   * Simulates {@code topology} with the costs of {@code calibration}.
   *
   * @throws IllegalArgumentException if the topology has something the simulator does not model (a
   *     terminal that is not a finite synthetic stream, a task whose model was not calibrated)
   */
  public static SimResult run(Topology topology, Calibration calibration, SimSettings settings) {
    return new Simulator(topology, calibration, settings).run();
  }

  private SimResult run() {
    if (topology.streetEdges().isEmpty() || topology.tasks().isEmpty()) {
      throw new IllegalArgumentException("the topology has no street edge or no task");
    }
    startIngest();
    tasks.values().forEach(this::begin);
    boolean ended = queue.run(MAX_EVENTS);
    boolean finished = ended && tasks.values().stream().allMatch(r -> r.done && !r.paused);
    return new SimResult(
        lastEnd,
        ingestDone,
        finished,
        rounds,
        periods,
        new SimResult.Bytes(bytesIngest, bytesGlobals, bytesUpdates, bytesMigration),
        queue.processed());
  }

  // ---- set-up ----

  private TaskLoad loadOf(TaskSpec task) {
    TaskLoad given = settings.taskLoads().get(task.id());
    if (given != null) {
      return given;
    }
    String family = task.model().name().toLowerCase(java.util.Locale.ROOT);
    Calibration.ModelCost cost =
        cal.model(family)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "task '"
                            + task.id()
                            + "': the calibration has no cost for model "
                            + family
                            + " (run divs calibrate once the model exists)"));
    return switch (task.model()) {
      case CNN -> new TaskLoad(cal.scene().cropsPerFrame(), true, cost);
      case LSTM -> new TaskLoad(1 / settings.lstmFramesPerSample(), false, cost);
    };
  }

  private Host host(String unit, String node, int cores) {
    boolean shared = settings.placement() == SimSettings.Placement.BY_NODE;
    String id = shared ? node : unit;
    int c = shared ? cal.machine().cores() : cores;
    return hosts.computeIfAbsent(id, k -> new Host(k, c, 1.0, queue));
  }

  /** Trainers sharing the JVM of host {@code id}: intra-op threads follow the production rule. */
  private int trainersOnHost(String id) {
    int streetsThere = 0;
    for (EdgeSpec e : topology.streetEdges()) {
      boolean there =
          settings.placement() == SimSettings.Placement.BY_NODE
              ? e.node().equals(id)
              : e.id().equals(id);
      if (there) {
        streetsThere++;
      }
    }
    return streetsThere * topology.tasks().size();
  }

  private Map<String, List<String>> children(String id) {
    Map<String, List<String>> children = new LinkedHashMap<>();
    for (String child : topology.childrenOf(id)) {
      children.put(child, topology.leavesUnder(child));
    }
    return children;
  }

  // ---- ingest ----

  private void startIngest() {
    List<TerminalSpec> terms = topology.terminals();
    for (TerminalSpec term : terms) {
      SourceSpec src = term.source();
      if (src.type() != SourceSpec.Type.SYNTHETIC || src.limit() <= 0 || !src.train()) {
        throw new IllegalArgumentException(
            "terminal '"
                + term.id()
                + "': the simulator models finite synthetic training streams only"
                + " (source.type synthetic, source.limit > 0, source.train true)");
      }
      ingestLeft += src.limit();
    }
    if (ingestLeft == 0) {
      ingestDone = 0;
      return;
    }
    for (TerminalSpec term : terms) {
      sendChunk(term, 0);
    }
  }

  private void sendChunk(TerminalSpec term, long sent) {
    long total = term.source().limit();
    long frames = Math.min(settings.ingestChunkFrames(), total - sent);
    long bytes = bytes(frames);
    if (!network.hostOf(term.id()).equals(network.hostOf(term.edge()))) {
      bytesIngest += bytes;
    }
    network.send(
        term.id(),
        term.edge(),
        bytes,
        () -> {
          stored(streets.get(term.edge()), frames, true);
          if (sent + frames < total) {
            sendChunk(term, sent + frames);
          }
        });
  }

  private long bytes(long frames) {
    return Math.round(frames * cal.scene().jpegBytes()) + HEADER_BYTES;
  }

  /** Frames arrived at a street edge; its crop worker cuts them when a task needs crops. */
  private void stored(Street s, long frames, boolean ingest) {
    s.held += frames;
    if (!anyCut) {
      s.cut = s.held;
      if (ingest) {
        ingested(frames);
      }
      return;
    }
    s.cutter.submit(
        frames * cal.scene().cutSeconds() / s.spec.speed(),
        Amdahl.SERIAL,
        () -> {
          s.cut = Math.min(s.held, s.cut + frames);
          if (ingest) {
            ingested(frames);
          }
        });
  }

  private void ingested(long frames) {
    ingestLeft -= frames;
    if (ingestLeft == 0 && Double.isNaN(ingestDone)) {
      ingestDone = queue.now();
    }
  }

  private boolean afterIngest() {
    return !Double.isNaN(ingestDone);
  }

  // ---- rounds at the cloud ----

  private void begin(Rounds r) {
    if (r.done) {
      return;
    }
    long round = r.round + 1;
    r.machine.begin();
    r.collector.begin(round);
    r.started = queue.now();
    r.startedAfterIngest = afterIngest();
    if (settings.balancing() == SimSettings.Balancing.LBBSP) {
      r.allocation = allocate(r);
    }
    String cloud = topology.cloud().id();
    List<LocalUpdate> replay = new ArrayList<>(r.early);
    r.early.clear();
    r.deadline = queue.after(sync.deadlineMs() / 1000.0, () -> onDeadline(r, round));
    long bytes = (long) r.load.cost().floats() * sync.down().bytesPerValue() + HEADER_BYTES;
    for (EdgeSpec e : topology.edges()) {
      countGlobal(cloud, e.id(), bytes);
      network.send(cloud, e.id(), bytes, () -> onGlobal(e.id(), r, round - 1));
    }
    for (LocalUpdate u : replay) {
      atCloud(r, u);
    }
  }

  private void countGlobal(String from, String to, long bytes) {
    if (!network.hostOf(from).equals(network.hostOf(to))) {
      bytesGlobals += bytes;
    }
  }

  private void atCloud(Rounds r, LocalUpdate u) {
    if (u.round() == r.collector.round() + 1) {
      r.early.add(u);
      return;
    }
    if (r.collector.offer(u) == null) {
      decide(r);
    }
  }

  private void onDeadline(Rounds r, long round) {
    if (r.collector.round() == round && !r.collector.sent()) {
      decide(r);
    }
  }

  private void decide(Rounds r) {
    RoundCollector c = r.collector;
    RoundMachine.Decision d = r.machine.decide(c.complete(), c.participants().size());
    if (d == RoundMachine.Decision.WAIT || c.sent()) {
      return;
    }
    c.markSent();
    r.deadline.cancel();
    LocalUpdate merged = c.merged(r.spec.id(), topology.cloud().id());
    r.round = c.round();
    switch (d) {
      case EMPTY -> queue.after(EMPTY_ROUND_RETRY_SECONDS, () -> begin(r));
      case RETRY -> begin(r);
      case PAUSE -> {
        r.done = true;
        r.paused = true;
        checkDone();
      }
      case MERGE -> queue.after(mergeSeconds(r, merged.leaves().size()), () -> complete(r, merged));
      default -> throw new IllegalStateException("unexpected decision " + d);
    }
  }

  private double mergeSeconds(Rounds r, int parts) {
    return cal.mergeSecondsPerFloat() * r.load.cost().floats() * parts;
  }

  private void complete(Rounds r, LocalUpdate merged) {
    boolean counts = !settings.roundsAfterIngest() || r.startedAfterIngest;
    if (counts) {
      r.counted++;
    }
    rounds.add(
        new SimResult.Round(
            r.spec.id(),
            merged.round(),
            r.started,
            queue.now(),
            merged.leaves().size(),
            merged.samples(),
            counts));
    lastEnd = queue.now();
    if (settings.evaluationSamples() > 0) {
      Calibration.ModelCost cost = r.load.cost();
      evaluator.submit(settings.evaluationSamples() * cost.infer1(), cost.inferAmdahl(), () -> {});
    }
    if (counts
        && r == tasks.values().iterator().next()
        && r.counted % sync.batchesPerEpoch() == 0) {
      assess(merged.round());
    }
    if (r.counted >= settings.rounds()) {
      r.done = true;
      checkDone();
    } else {
      begin(r);
    }
  }

  private void checkDone() {
    if (tasks.values().stream().allMatch(x -> x.done)) {
      queue.stop();
    }
  }

  /** LB-BSP: the samples each street edge trains this round, sized to its measured speed. */
  private Map<String, Long> allocate(Rounds r) {
    Map<String, Long> held = new LinkedHashMap<>();
    Map<String, Double> speed = new LinkedHashMap<>();
    for (Street s : streets.values()) {
      held.put(s.spec.id(), samples(s, r.load));
      double measured = s.trainers.get(r.spec.id()).throughput;
      speed.put(s.spec.id(), measured > 0 ? measured : nominalSpeed(s, r.load));
    }
    return LbBsp.sizes(held, speed, sync.batchesPerEpoch(), sync.minibatch());
  }

  /** Samples per second of a trainer alone on its machine. */
  private double nominalSpeed(Street s, TaskLoad load) {
    Calibration.ModelCost cost = load.cost();
    int m = sync.minibatch();
    return cost.trainAmdahl(m).speedup(s.threads) * s.spec.speed() / cost.trainSeconds(m);
  }

  // ---- aggregators ----

  private void onGlobal(String unit, Rounds r, long globalRound) {
    Street s = streets.get(unit);
    if (s != null) {
      train(s, r, globalRound + 1);
      return;
    }
    Aggregator a = aggregators.get(unit);
    Collecting c = a.tasks.get(r.spec.id());
    long round = globalRound + 1;
    if (round > c.collector.round()) {
      c.collector.begin(round);
      List<LocalUpdate> replay = new ArrayList<>(c.early);
      c.early.clear();
      c.deadline = queue.after(a.deadlineSeconds, () -> aggregatorDeadline(a, c, round));
      for (LocalUpdate u : replay) {
        atAggregator(a, c, u);
      }
    }
  }

  private void atAggregator(Aggregator a, Collecting c, LocalUpdate u) {
    if (u.round() == c.collector.round() + 1) {
      c.early.add(u);
      return;
    }
    if (c.collector.offer(u) == null && c.collector.complete()) {
      sendUp(a, c);
    }
  }

  private void aggregatorDeadline(Aggregator a, Collecting c, long round) {
    RoundCollector rc = c.collector;
    if (rc.round() == round && !rc.complete() && !rc.sent()) {
      sendUp(a, c);
    }
  }

  private void sendUp(Aggregator a, Collecting c) {
    c.collector.markSent();
    if (c.deadline != null) {
      c.deadline.cancel();
    }
    LocalUpdate merged = c.collector.merged(c.task, a.id);
    Rounds r = tasks.get(c.task);
    long bytes =
        merged.samples() > 0
            ? (long) r.load.cost().floats() * Float.BYTES + HEADER_BYTES
            : HEADER_BYTES;
    queue.after(
        mergeSeconds(r, merged.leaves().size()), () -> deliver(a.id, a.parent, merged, bytes));
  }

  /** Sends an update or partial up to {@code parent} (the cloud or an aggregator). */
  private void deliver(String from, String parent, LocalUpdate u, long bytes) {
    if (!network.hostOf(from).equals(network.hostOf(parent))) {
      bytesUpdates += bytes;
    }
    network.send(
        from,
        parent,
        bytes,
        () -> {
          Aggregator a = aggregators.get(parent);
          if (a == null) {
            atCloud(tasks.get(u.task()), u);
          } else {
            atAggregator(a, a.tasks.get(u.task()), u);
          }
        });
  }

  // ---- street edges ----

  private long samples(Street s, TaskLoad load) {
    return (long) Math.floor((load.cut() ? s.cut : s.held) * load.samplesPerFrame());
  }

  private void train(Street s, Rounds r, long round) {
    Trainer t = s.trainers.get(r.spec.id());
    if (t.job != null) {
      s.host.cancel(t.job);
      t.job = null;
    }
    long held = samples(s, r.load);
    int b = sync.batchesPerEpoch();
    int m = sync.minibatch();
    long k =
        settings.balancing() == SimSettings.Balancing.LBBSP
            ? r.allocation.getOrDefault(s.spec.id(), 0L)
            : held >= m ? -Math.floorDiv(-held, (long) b) : 0;
    String edge = s.spec.id();
    if (held < m || k == 0) {
      LocalUpdate none = LocalUpdate.noData(RUN, r.spec.id(), round, edge, List.of(), 0);
      deliver(edge, s.parent, none, HEADER_BYTES);
      return;
    }
    Calibration.ModelCost cost = r.load.cost();
    double work = (k * cost.trainSeconds(m) + cost.roundSeconds()) / s.spec.speed();
    long samples = k;
    double began = queue.now();
    t.job =
        s.host.start(
            work,
            s.threads,
            cost.trainAmdahl(m),
            () -> {
              double took = queue.now() - began;
              t.job = null;
              t.periodBusy += took;
              t.periodFrames += samples / r.load.samplesPerFrame();
              t.throughput = samples / took;
              LocalUpdate u =
                  new LocalUpdate(
                      RUN,
                      r.spec.id(),
                      round,
                      edge,
                      samples,
                      sync.weighting().logMass(samples),
                      List.of(edge),
                      List.of(),
                      0.0,
                      Math.round(took * 1000),
                      Weights.wrap(new float[] {1f}));
              deliver(
                  edge,
                  s.parent,
                  u,
                  (long) cost.floats() * sync.up().bytesPerValue() + HEADER_BYTES);
            });
  }

  // ---- migration ----

  /** Seconds per stored frame a street edge takes for all its tasks (the slowest task's). */
  private double frameSeconds(Street s) {
    double measured = 0;
    double nominal = 0;
    for (Map.Entry<String, Trainer> e : s.trainers.entrySet()) {
      Trainer t = e.getValue();
      TaskLoad load = loads.get(e.getKey());
      if (t.periodFrames > 0) {
        measured = Math.max(measured, t.periodBusy / t.periodFrames);
      }
      nominal = Math.max(nominal, load.samplesPerFrame() / nominalSpeed(s, load));
    }
    return measured > 0 ? measured : nominal;
  }

  /** The assessment at the end of a local epoch: B_now, and under migration the planned moves. */
  private void assess(long afterRound) {
    List<EdgeLoad> reports = new ArrayList<>();
    List<Double> epochs = new ArrayList<>();
    for (Street s : streets.values()) {
      EdgeLoad load =
          new EdgeLoad(
              s.spec.id(),
              s.held,
              frameSeconds(s) * 1000,
              Math.max(0, s.spec.store().capacity() - s.held));
      reports.add(load);
      epochs.add(load.epochMillis() / 1000);
      s.trainers
          .values()
          .forEach(
              t -> {
                t.periodBusy = 0;
                t.periodFrames = 0;
              });
    }
    double mean = Balance.mean(epochs);
    double balance = Balance.of(epochs);
    if (settings.balancing() != SimSettings.Balancing.MIGRATION) {
      periods.add(
          new SimResult.Period(queue.now(), afterRound, mean, balance, balance, false, 0, 0));
      return;
    }
    MigrationPlanner planner =
        new MigrationPlanner(settings.thetaShare() * mean * 1000, settings.xi());
    MigrationPlan plan = planner.plan(reports);
    periods.add(
        new SimResult.Period(
            queue.now(),
            afterRound,
            plan.meanMillis() / 1000,
            plan.balanceNow() / 1000,
            plan.balancePlanned() / 1000,
            plan.triggered(),
            plan.moves().size(),
            plan.framesMoved()));
    for (Move move : plan.moves()) {
      migrate(streets.get(move.from()), streets.get(move.to()), move.frames());
    }
  }

  /** Moves frames in ingest-sized chunks, one in flight; the giver lets go of each at its ack. */
  private void migrate(Street from, Street to, long frames) {
    long chunk = Math.min(settings.ingestChunkFrames(), frames);
    long bytes = bytes(chunk);
    if (!network.hostOf(from.spec.id()).equals(network.hostOf(to.spec.id()))) {
      bytesMigration += bytes;
    }
    network.send(
        from.spec.id(),
        to.spec.id(),
        bytes,
        () -> {
          long given = Math.min(chunk, from.held);
          from.held -= given;
          from.cut = Math.min(from.cut, from.held);
          if (given > 0) {
            stored(to, given, false);
          }
          if (frames > chunk) {
            migrate(from, to, frames - chunk);
          }
        });
  }
}
