package dev.parley.benchmarks.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.benchmarks.client.Connector;
import dev.parley.benchmarks.client.Session;
import dev.parley.benchmarks.client.SessionListener;
import dev.parley.benchmarks.client.Transport;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Fan-out: N receivers join room {@code bench}; one sender (not in the room) emits {@code bench} with a timestamp at
 * rate R; the server broadcasts each message to the room. A {@link RateLadder} finds the highest R whose step has a
 * p99 end-to-end latency under the limit with every message delivered. A step stops early once the undelivered
 * backlog exceeds {@code backlogLimitSeconds} of sending, since past capacity an open-loop generator only measures
 * queueing.
 *
 * <p>The receivers alternate between the nodes of {@link ScenarioContext#nodes()} and the sender connects to the
 * first one, so the same ladder measures a single server and, as {@link ClusterScenario}, a cluster whose
 * broadcasts must cross the adapter to reach half the room.
 */
public final class FanoutScenario implements Scenario {

  /** Parameters; the defaults are the full suite's. */
  public static final class Options {
    public Transport transport = Transport.WEBSOCKET;
    public int receivers = 1000;
    /** Deliveries per second of the first step; its rate R is this divided by the receivers. */
    public double startDeliveries = 10_000;
    public double factor = Math.sqrt(2);
    public int maxSteps = 20;
    public int refineSteps = 2;
    /** How many times a failed step is re-run before the failure counts (aborted steps are not re-run). */
    public int confirmFailures = 1;
    public double maxDeliveries = 20_000_000;
    public double stepSeconds = 4;
    public double warmupSeconds = 5;
    public double p99LimitMillis = 50;
    public double backlogLimitSeconds = 2;
    public double drainSeconds = 2;
    public int paddingBytes = 0;
    public int connectConcurrency = 200;
    public long maxMillis = 15 * 60_000L;
  }

  private final Options o;
  private final String kind;

  public FanoutScenario(Options options) {
    this(options, "fanout");
  }

  /** The same ladder under another name (the results' {@code kind} and the log lines). */
  FanoutScenario(Options options, String kind) {
    this.o = options;
    this.kind = kind;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public ObjectNode params() {
    ObjectNode p = Json.MAPPER.valueToTree(o);
    p.put("transport", o.transport.wireName());
    return p;
  }

  @Override
  public ObjectNode run(ScenarioContext ctx) throws Exception {
    long started = System.nanoTime();
    ObjectNode result = Json.object();
    Connector receivers = new Connector(ctx.loop(), ctx.nodes(), o.transport);
    FanoutMeter meter = new FanoutMeter(ctx.nodes().size(), receivers::targetIndexOf);
    List<Session> sessions = new ArrayList<>();
    try {
      Connector.Result rx = receivers.open(o.receivers, o.connectConcurrency, "bench", meter,
          60_000 + o.receivers * 5L);
      sessions.addAll(rx.sessions());
      result.set("connect", connectJson(rx));
      if (ctx.nodes().size() > 1) {
        result.set("receiversPerNode", perNode(receivers, rx.sessions(), ctx.nodes().size()));
      }
      if (rx.failed() > 0) {
        return failed(result, rx.failed() + " of " + o.receivers + " receivers not ready: " + rx.firstError());
      }
      Connector.Result tx = new Connector(ctx.loop(), ctx.target(), o.transport)
          .open(1, 1, null, SessionListener.IGNORE, 30_000);
      sessions.addAll(tx.sessions());
      if (tx.failed() > 0) {
        return failed(result, "sender not connected: " + tx.firstError());
      }
      Session sender = tx.sessions().get(0);
      ctx.log().accept(String.format("%s: %d receivers ready on %d node(s) in %.1f s", kind, o.receivers,
          ctx.nodes().size(), rx.elapsedNanos() / 1e9));
      double r0 = Math.max(0.5, o.startDeliveries / o.receivers);
      step(ctx, meter, sender, r0, o.warmupSeconds);
      quiesce(meter);
      climb(ctx, meter, sender, result, started);
      result.put("status", meter.closed.sum() > 0 ? "failed" : "ok");
      if (meter.closed.sum() > 0) {
        result.put("error", meter.closed.sum() + " receivers disconnected during the run, first: "
            + meter.firstCloseCause);
      }
      return result;
    } finally {
      Connector.closeAll(sessions);
    }
  }

  private void climb(ScenarioContext ctx, FanoutMeter meter, Session sender, ObjectNode result, long started) {
    double r0 = Math.max(0.5, o.startDeliveries / o.receivers);
    RateLadder ladder = new RateLadder(r0, o.factor, o.maxSteps, o.refineSteps,
        Math.max(r0, o.maxDeliveries / o.receivers));
    ArrayNode steps = result.putArray("steps");
    ObjectNode best = null;
    String stopReason = "ladder finished";
    while (ladder.hasNext()) {
      if (System.nanoTime() - started > o.maxMillis * 1_000_000L) {
        stopReason = "scenario time limit";
        break;
      }
      double rate = ladder.next();
      ObjectNode s = step(ctx, meter, sender, rate, o.stepSeconds);
      for (int retry = 0; retry < o.confirmFailures && !s.path("pass").asBoolean() && meter.closed.sum() == 0
          && !s.has("abort") && quiesce(meter); retry++) {
        // one noisy step (JIT warm-up, a neighbour's burst) must not end the ladder: a failure is confirmed first
        s.put("superseded", true);
        steps.add(s);
        s = step(ctx, meter, sender, rate, o.stepSeconds);
      }
      steps.add(s);
      boolean pass = s.path("pass").asBoolean();
      ladder.report(rate, pass);
      if (pass && (best == null || rate > best.path("rate").asDouble())) {
        best = s;
      }
      ctx.log().accept(String.format("%s: R=%.1f/s x %d -> %s p99=%.1f ms missing=%d %s", kind, rate,
          o.receivers, pass ? "pass" : "FAIL", s.path("latency").path("p99Us").asLong() / 1000.0,
          s.path("missing").asLong(), s.path("abort").asText("")));
      if (meter.closed.sum() > 0 || sender.isClosed() || !ctx.probe().isAlive()) {
        stopReason = "connections lost or server gone";
        break;
      }
      if (!quiesce(meter)) {
        stopReason = "backlog did not drain";
        break;
      }
    }
    result.put("stopReason", stopReason);
    result.put("maxRate", Json.round(ladder.bestPassing()));
    result.put("maxDeliveriesPerSec", Json.round(ladder.bestPassing() * o.receivers));
    if (!Double.isNaN(ladder.lowestFailing())) {
      result.put("lowestFailingRate", Json.round(ladder.lowestFailing()));
    }
    if (best != null) {
      result.set("best", best);
    }
  }

  /** Runs one step at {@code rate} messages per second for {@code seconds}. */
  private ObjectNode step(ScenarioContext ctx, FanoutMeter meter, Session sender, double rate, double seconds) {
    long n = o.receivers;
    long total = Math.max(1, Math.round(rate * seconds));
    long start = BenchClock.now() + 20_000_000L;
    meter.begin(start);
    StepProbe probe = StepProbe.begin(ctx.probe());
    Pacer pacer = new Pacer(sender, rate, total, start, o.paddingBytes);
    pacer.start();
    String abort = null;
    long hardStop = start + (long) ((seconds * 3 + 10) * 1e9);
    while (pacer.endNanos() < 0) {
      BenchClock.sleepMillis(20);
      long backlog = pacer.sent() * n - meter.delivered.sum();
      if (abort == null && backlog > o.backlogLimitSeconds * rate * n) {
        abort = "backlog over " + o.backlogLimitSeconds + " s";
      } else if (abort == null && !ctx.probe().isAlive()) {
        abort = "server exited";
      } else if (BenchClock.now() > hardStop) {
        abort = abort == null ? "step time limit" : abort;
        break;
      }
      if (abort != null) {
        pacer.abort();
      }
    }
    long end = pacer.endNanos() < 0 ? BenchClock.now() : pacer.endNanos();
    long expected = pacer.sent() * n;
    long drainUntil = BenchClock.now() + (long) (o.drainSeconds * 1e9);
    while (abort == null && meter.delivered.sum() < expected && BenchClock.now() < drainUntil) {
      BenchClock.sleepMillis(5);
    }
    Histogram h = meter.recorder.getIntervalHistogram();
    long delivered = meter.delivered.sum();
    ObjectNode s = Json.object();
    s.put("rate", Json.round(rate));
    s.put("offeredDeliveriesPerSec", Json.round(rate * n));
    s.put("sent", pacer.sent());
    s.put("expected", expected);
    s.put("delivered", delivered);
    s.put("missing", Math.max(0, expected - delivered));
    double sendSeconds = Math.max(1e-3, (end - start) / 1e9);
    s.put("sendSeconds", Json.round(sendSeconds));
    s.put("deliveriesPerSec", Json.round(delivered / Math.max(sendSeconds, 1.0 / rate)));
    s.set("latency", Json.latency(h));
    probe.end(s, delivered, "cpuPerDeliveryNs");
    if (abort != null) {
      s.put("abort", abort);
    }
    boolean served = everyNodeServed(s, meter, pacer.sent());
    boolean pass = abort == null && delivered >= expected && served && h.getTotalCount() > 0
        && h.getValueAtPercentile(99) <= o.p99LimitMillis * 1000 && meter.closed.sum() == 0;
    s.put("pass", pass);
    return s;
  }

  /**
   * With receivers on several nodes, writes each node's deliveries and shortfall into the step, and whether every
   * node's receivers got every message (true for a single server).
   */
  private boolean everyNodeServed(ObjectNode step, FanoutMeter meter, long sent) {
    long[] byNode = meter.deliveredByNode();
    if (byNode == null) {
      return true;
    }
    int[] receiversOn = Connector.spread(o.receivers, byNode.length);
    ArrayNode delivered = step.putArray("deliveredPerNode");
    ArrayNode missing = step.putArray("missingPerNode");
    boolean all = true;
    for (int k = 0; k < byNode.length; k++) {
      long expected = sent * receiversOn[k];
      delivered.add(byNode[k]);
      missing.add(Math.max(0, expected - byNode[k]));
      all &= byNode[k] >= expected;
    }
    return all;
  }

  /** Waits until deliveries stop arriving (at most 15 s); false if they never stop. */
  private static boolean quiesce(FanoutMeter meter) {
    long deadline = System.nanoTime() + 15_000_000_000L;
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long cur = meter.delivered.sum() + meter.stale.sum();
      if (cur != last) {
        last = cur;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > 300_000_000L) {
        return true;
      }
      BenchClock.sleepMillis(50);
    }
    return false;
  }

  /** The ready receivers of each node, in node order. */
  private static ArrayNode perNode(Connector connector, List<Session> ready, int nodes) {
    int[] counts = new int[nodes];
    for (Session s : ready) {
      counts[connector.targetIndexOf(s.index())]++;
    }
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (int c : counts) {
      a.add(c);
    }
    return a;
  }

  static ObjectNode connectJson(Connector.Result r) {
    ObjectNode c = Json.object();
    c.put("ready", r.sessions().size());
    c.put("failed", r.failed());
    c.put("elapsedMs", Json.round(r.elapsedNanos() / 1e6));
    c.set("readyLatency", Json.latency(r.readyLatencyMicros()));
    if (r.firstError() != null) {
      c.put("firstError", r.firstError());
    }
    return c;
  }

  static ObjectNode failed(ObjectNode result, String error) {
    result.put("status", "failed");
    result.put("error", error);
    return result;
  }
}
