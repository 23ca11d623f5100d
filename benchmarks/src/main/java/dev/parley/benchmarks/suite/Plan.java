package dev.parley.benchmarks.suite;

import dev.parley.benchmarks.client.Transport;
import dev.parley.benchmarks.scenario.ClusterScenario;
import dev.parley.benchmarks.scenario.ConnectScenario;
import dev.parley.benchmarks.scenario.EchoScenario;
import dev.parley.benchmarks.scenario.FanoutScenario;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The points of a suite run. Profile {@code full} is the published suite; {@code quick} is small enough to check
 * the harness on a busy development machine in a few minutes. Any size or duration can be overridden:
 * {@code --fanout-sizes=1000,10000 --polling-fanout-sizes=1000 --echo-clients=100 --polling-echo-clients=100
 * --connect-sizes=2000,10000 --idle-size=100000 --idle-seconds=60 --cluster-size=1000 --step-seconds=4 ...}. The
 * cluster point runs the fan-out ladder with the same options as the fan-out points.
 */
public final class Plan {

  /** Scenario groups selectable with {@code --scenarios}. */
  public static final List<String> GROUPS = List.of("fanout", "echo", "connect", "idle", "polling", "cluster");

  private Plan() {}

  public static boolean isQuick(Args a) {
    return a.get("profile", "full").equals("quick");
  }

  /** The default repetitions of a profile. */
  public static int defaultReps(Args a) {
    return isQuick(a) ? 1 : 3;
  }

  public static List<Point> build(Args a) {
    boolean quick = isQuick(a);
    Set<String> groups = new LinkedHashSet<>(List.of(a.get("scenarios", String.join(",", GROUPS)).split(",")));
    for (String g : groups) {
      if (!GROUPS.contains(g)) {
        throw new IllegalArgumentException("unknown scenario group '" + g + "'; known: " + GROUPS);
      }
    }
    List<Point> points = new ArrayList<>();
    if (groups.contains("fanout")) {
      for (int n : a.getInts("fanout-sizes", quick ? List.of(200) : List.of(1000, 10_000))) {
        points.add(fanout(a, Transport.WEBSOCKET, n, quick));
      }
    }
    if (groups.contains("echo")) {
      for (int m : a.getInts("echo-clients", List.of(quick ? 20 : 100))) {
        points.add(echo(a, Transport.WEBSOCKET, m, quick));
      }
    }
    if (groups.contains("connect")) {
      for (int n : a.getInts("connect-sizes", quick ? List.of(1000) : List.of(2000, 10_000))) {
        points.add(connect(a, n, 0, "connect"));
      }
    }
    if (groups.contains("idle")) {
      int n = a.getInt("idle-size", quick ? 1000 : 100_000);
      points.add(connect(a, n, a.getDouble("idle-seconds", quick ? 5 : 60), "idle"));
    }
    if (groups.contains("polling")) {
      for (int n : a.getInts("polling-fanout-sizes", quick ? List.of(100) : List.of(1000))) {
        points.add(fanout(a, Transport.POLLING, n, quick));
      }
      for (int m : a.getInts("polling-echo-clients", List.of(quick ? 10 : 100))) {
        points.add(echo(a, Transport.POLLING, m, quick));
      }
    }
    if (groups.contains("cluster")) {
      int n = a.getInt("cluster-size", quick ? 200 : 1000);
      FanoutScenario.Options o = fanoutOptions(a, Transport.WEBSOCKET, n, quick);
      points.add(new Point(Point.id("cluster", Transport.WEBSOCKET, n), "cluster", Transport.WEBSOCKET, n,
          () -> new ClusterScenario(o)));
    }
    return points;
  }

  private static Point fanout(Args a, Transport t, int n, boolean quick) {
    FanoutScenario.Options o = fanoutOptions(a, t, n, quick);
    return new Point(Point.id("fanout", t, n), "fanout", t, n, () -> new FanoutScenario(o));
  }

  private static FanoutScenario.Options fanoutOptions(Args a, Transport t, int n, boolean quick) {
    FanoutScenario.Options o = new FanoutScenario.Options();
    o.transport = t;
    o.receivers = n;
    o.stepSeconds = a.getDouble("step-seconds", quick ? 2 : o.stepSeconds);
    o.warmupSeconds = a.getDouble("warmup-seconds", quick ? 1 : o.warmupSeconds);
    o.startDeliveries = a.getDouble("start-deliveries", quick ? 2000 : o.startDeliveries);
    o.factor = a.getDouble("factor", o.factor);
    o.maxSteps = a.getInt("max-steps", quick ? 8 : o.maxSteps);
    o.refineSteps = a.getInt("refine-steps", quick ? 1 : o.refineSteps);
    o.confirmFailures = a.getInt("confirm-failures", o.confirmFailures);
    o.maxDeliveries = a.getDouble("max-deliveries", o.maxDeliveries);
    o.p99LimitMillis = a.getDouble("p99-limit-ms", o.p99LimitMillis);
    o.backlogLimitSeconds = a.getDouble("backlog-limit-s", o.backlogLimitSeconds);
    o.drainSeconds = a.getDouble("drain-seconds", o.drainSeconds);
    o.paddingBytes = a.getInt("padding-bytes", o.paddingBytes);
    o.connectConcurrency = a.getInt("connect-concurrency", o.connectConcurrency);
    return o;
  }

  private static Point echo(Args a, Transport t, int clients, boolean quick) {
    EchoScenario.Options o = new EchoScenario.Options();
    o.transport = t;
    o.clients = clients;
    o.seconds = a.getDouble("echo-seconds", quick ? 3 : o.seconds);
    o.warmupSeconds = a.getDouble("echo-warmup-seconds", quick ? 1 : o.warmupSeconds);
    o.payloadBytes = a.getInt("echo-payload-bytes", o.payloadBytes);
    return new Point(Point.id("echo", t, clients), "echo", t, clients, () -> new EchoScenario(o));
  }

  private static Point connect(Args a, int n, double idleSeconds, String kind) {
    ConnectScenario.Options o = new ConnectScenario.Options();
    o.connections = n;
    o.idleSeconds = idleSeconds;
    o.concurrency = a.getInt("connect-concurrency", o.concurrency);
    o.perSourceAddress = a.getInt("per-source-address", o.perSourceAddress);
    o.warmupConnections = a.getInt("connect-warmup", o.warmupConnections);
    return new Point(Point.id(kind, Transport.WEBSOCKET, n), kind, Transport.WEBSOCKET, n,
        () -> new ConnectScenario(o));
  }
}
