package dev.parley.benchmarks.suite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.benchmarks.client.ClientLoop;
import dev.parley.benchmarks.client.Target;
import dev.parley.benchmarks.client.Transport;
import dev.parley.benchmarks.scenario.BenchClock;
import dev.parley.benchmarks.scenario.Json;
import dev.parley.benchmarks.scenario.Scenario;
import dev.parley.benchmarks.scenario.ScenarioContext;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the benchmark suite: every point of the {@link Plan} on every selected peer, repeated, peers interleaved
 * within each repetition. Each run starts its peer afresh on a free loopback port (pinned with {@code taskset} to
 * {@code --server-cpus}), waits until it answers, runs the scenario, stops the peer, and appends one JSON line to
 * {@code <out>/results.jsonl}.
 *
 * <p>Usage: {@code Suite --out DIR [--profile full|quick] [--peers a,b] [--scenarios fanout,echo,...] [--reps N]
 * [--server-cpus 1] [--threads N] [--max-minutes M] [--redis-server PATH]}, or against a server started by hand:
 * {@code Suite --out DIR --target 127.0.0.1:PORT [--pid PID] [--gc jcmd|signal:USR2] --scenarios fanout}.
 */
public final class Suite {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** The peer (or cluster) running now, stopped by the shutdown hook if the suite is interrupted. */
  private static volatile AutoCloseable current;

  private final Args args;
  private final Path benchDir;
  private final Path out;
  private final Map<String, String> vars = new LinkedHashMap<>();

  private Suite(Args args) {
    this.args = args;
    this.benchDir = Path.of(args.get("bench-dir", ".")).toAbsolutePath().normalize();
    this.out = Path.of(args.get("out", benchDir.resolveSibling(".bench-results").resolve("latest").toString()))
        .toAbsolutePath().normalize();
    vars.put("benchDir", benchDir.toString());
    vars.put("java", args.get("java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    vars.put("benchCp", args.get("bench-cp", System.getProperty("java.class.path")));
    vars.put("node", args.get("node", "node"));
    vars.put("python", args.get("python", "/usr/bin/python3"));
  }

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    if (a.has("help")) {
      System.out.println("see the javadoc of dev.parley.benchmarks.suite.Suite and docs/benchmarks.md");
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      AutoCloseable p = current;
      if (p != null) {
        try {
          p.close();
        } catch (Exception e) {
          // the JVM is exiting: nothing more can be done than what close() tried
        }
      }
    }, "stop-peer"));
    int failures = new Suite(a).run();
    System.exit(failures == 0 ? 0 : 1);
  }

  static void log(String line) {
    System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(CLOCK) + " " + line);
    System.out.flush();
  }

  private int run() throws Exception {
    Files.createDirectories(out);
    List<Point> points = Plan.build(args);
    int reps = args.getInt("reps", Plan.defaultReps(args));
    String serverCpus = args.get("server-cpus", null);
    int threads = args.getInt("threads", Runtime.getRuntime().availableProcessors());
    long deadline = System.nanoTime() + args.getLong("max-minutes", 360) * 60_000_000_000L;
    List<PeerSpec> peers;
    if (args.has("target")) {
      peers = List.of();
    } else {
      peers = PeerRegistry.load(Path.of(args.get("registry", benchDir.resolve("peers/peers.json").toString())))
          .select(args.get("peers", null));
    }
    ObjectNode machine = MachineInfo.collect(peers, vars, serverCpus);
    machine.put("profile", args.get("profile", "full"));
    machine.put("reps", reps);
    if (points.stream().anyMatch(Suite::isCluster) && !args.has("target")) {
      ((ObjectNode) machine.get("peerVersions")).put("redis-server", MachineInfo.firstLine(
          List.of(args.get("redis-server", "redis-server"), "--version"), benchDir.toString()));
    }
    machine.putPOJO("args", args.asMap());
    Files.writeString(out.resolve("machine.json"), Json.MAPPER.writerWithDefaultPrettyPrinter()
        .writeValueAsString(machine), StandardCharsets.UTF_8);
    log("suite: " + points.size() + " points x " + reps + " reps x "
        + (peers.isEmpty() ? "external target" : peers.stream().map(PeerSpec::name).toList()) + " -> " + out);
    int failures = 0;
    try (ClientLoop loop = new ClientLoop(threads);
        Writer results = Files.newBufferedWriter(out.resolve("results.jsonl"), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      log("generator: " + threads + " event loop thread(s), " + (loop.isEpoll() ? "epoll" : "NIO"));
      for (Point point : points) {
        for (int rep = 1; rep <= reps; rep++) {
          List<PeerSpec> order = rotate(peers, rep - 1);
          for (PeerSpec peer : args.has("target") ? List.<PeerSpec>of(externalSpec()) : order) {
            ObjectNode r = System.nanoTime() > deadline
                ? skipped("suite time limit (--max-minutes) reached")
                : runOne(loop, point, peer, rep, serverCpus);
            r.put("point", point.id());
            r.put("kind", point.kind());
            r.put("transport", point.transport().wireName());
            r.put("size", point.size());
            r.put("peer", peer.name());
            r.put("rep", rep);
            if ("failed".equals(r.path("status").asText())) {
              failures++;
            }
            results.write(Json.MAPPER.writeValueAsString(r));
            results.write('\n');
            results.flush();
            log(String.format("%s %s rep %d: %s %s", point.id(), peer.name(), rep, r.path("status").asText(),
                r.path("error").asText("")));
          }
        }
      }
    }
    log("suite: done, " + failures + " failed run(s); results in " + out.resolve("results.jsonl"));
    return failures;
  }

  private ObjectNode runOne(ClientLoop loop, Point point, PeerSpec peer, int rep, String serverCpus) {
    Scenario scenario = point.scenario().get();
    String skip = skipReason(point, peer);
    if (skip != null) {
      return withParams(skipped(skip), scenario);
    }
    if (args.has("target")) {
      return runExternal(loop, scenario);
    }
    long t0 = System.nanoTime();
    String loadBefore = ProcStats.loadAverage1() + "";
    Path logBase = out.resolve("logs").resolve(point.id() + "-" + peer.name() + "-" + rep);
    ObjectNode r;
    try {
      log("start " + peer.name() + (isCluster(point) ? " (2 nodes + Redis)" : "") + " for " + point.id() + " rep "
          + rep);
      r = isCluster(point) ? runCluster(loop, scenario, peer, logBase, serverCpus)
          : runSingle(loop, scenario, peer, logBase, serverCpus);
    } catch (Exception e) {
      r = Json.object();
      r.put("status", "failed");
      r.put("error", e.toString());
      r.put("peerLog", out.relativize(isCluster(point) ? ClusterNodes.log(logBase, ClusterNodes.NODE_NAMES.get(0))
          : singleLog(logBase)).toString());
    }
    r.put("loadAvg1Before", Double.parseDouble(loadBefore));
    r.put("loadAvg1After", ProcStats.loadAverage1());
    r.put("seconds", Json.round((System.nanoTime() - t0) / 1e9));
    return withParams(r, scenario);
  }

  private static Path singleLog(Path logBase) {
    return logBase.resolveSibling(logBase.getFileName() + ".log");
  }

  private static boolean isCluster(Point point) {
    return point.kind().equals("cluster");
  }

  /** Why this point is not run on this peer, or null. */
  private String skipReason(Point point, PeerSpec peer) {
    if (isCluster(point)) {
      if (args.has("target")) {
        return "the cluster scenario runs on nodes the suite starts, not on --target";
      }
      if (peer.cluster() == null) {
        return peer.name() + " has no cluster mode in the registry";
      }
      if (peer.cluster().unsupported() != null) {
        return peer.cluster().unsupported();
      }
    }
    if (!peer.supports(point.transport())) {
      return peer.name() + " does not serve " + point.transport().wireName();
    }
    if (peer.skip().contains(point.kind())) {
      return "skipped for " + peer.name() + " in the registry";
    }
    long fds = ProcStats.openFileLimit();
    long needed = (long) point.size() * (point.transport() == Transport.POLLING ? 2 : 1) + 1024;
    if (fds > 0 && fds < needed) {
      return "open-file limit " + fds + " is below the " + needed + " this point needs "
          + "(raise the hard limit of ulimit -n)";
    }
    return null;
  }

  private ObjectNode runSingle(ClientLoop loop, Scenario scenario, PeerSpec peer, Path logBase, String serverCpus)
      throws Exception {
    Path logFile = singleLog(logBase);
    int port = freePort();
    Map<String, String> v = new LinkedHashMap<>(vars);
    v.put("port", Integer.toString(port));
    log(peer.name() + " on port " + port);
    try (PeerProcess p = PeerProcess.start(peer, v, serverCpus, logFile)) {
      current = p;
      p.awaitReady("127.0.0.1", port, args.getLong("ready-timeout-ms", 90_000));
      BenchClock.sleepMillis(args.getLong("settle-ms", 1000));
      ObjectNode r = scenario.run(new ScenarioContext(loop, Target.loopback(port), p, Suite::log));
      if (!p.isAlive()) {
        r.put("status", "failed");
        r.put("error", "peer exited during the run: " + p.tail());
      }
      r.put("peerPid", p.pid());
      r.put("peerLog", out.relativize(logFile).toString());
      return r;
    } finally {
      current = null;
    }
  }

  private ObjectNode runCluster(ClientLoop loop, Scenario scenario, PeerSpec peer, Path logBase, String serverCpus)
      throws Exception {
    try (ClusterNodes c = new ClusterNodes(peer, serverCpus, logBase)) {
      current = c;
      c.start(vars, args.get("redis-server", "redis-server"), args.getLong("ready-timeout-ms", 90_000));
      BenchClock.sleepMillis(args.getLong("settle-ms", 1000));
      List<Target> nodes = c.targets();
      log(peer.name() + " nodes on ports " + nodes.stream().map(t -> Integer.toString(t.port())).toList()
          + ", Redis pid " + c.pids().get(ClusterNodes.REDIS));
      ObjectNode r = scenario.run(new ScenarioContext(loop, nodes.get(0), nodes, c.probe(), Suite::log));
      String dead = c.deadTail();
      if (dead != null) {
        r.put("status", "failed");
        r.put("error", "a cluster process exited during the run: " + dead);
      }
      ObjectNode pids = r.putObject("clusterPids");
      c.pids().forEach(pids::put);
      r.put("peerPid", c.pids().get(ClusterNodes.NODE_NAMES.get(0)));
      r.put("peerLog", out.relativize(ClusterNodes.log(logBase, ClusterNodes.NODE_NAMES.get(0))).toString());
      return r;
    } finally {
      current = null;
    }
  }

  private ObjectNode runExternal(ClientLoop loop, Scenario scenario) {
    String[] hp = args.get("target", "").split(":");
    ObjectNode r;
    try {
      InetAddress host = InetAddress.getByName(hp[0]);
      if (!host.isLoopbackAddress()) {
        throw new IllegalArgumentException("--target must be a loopback address, got " + hp[0]);
      }
      ServerProbe probe = args.has("pid") ? new PidProbe(args.getLong("pid", -1), args.get("gc", "none"))
          : ServerProbe.NONE;
      Target target = Target.loopback(Integer.parseInt(hp[1]));
      r = scenario.run(new ScenarioContext(loop, new Target(host.getHostAddress(), target.port(), target.path(),
          List.of()), probe, Suite::log));
    } catch (Exception e) {
      r = Json.object();
      r.put("status", "failed");
      r.put("error", e.toString());
    }
    return withParams(r, scenario);
  }

  private PeerSpec externalSpec() {
    return new PeerSpec(args.get("target-name", "external"), "server started by hand", true, List.of("none"), null,
        Map.of(), "tcp", args.get("gc", "none"), EnumSet.allOf(Transport.class), Set.of(), List.of(), null);
  }

  private static ObjectNode withParams(ObjectNode r, Scenario scenario) {
    r.set("params", scenario.params());
    return r;
  }

  private static ObjectNode skipped(String why) {
    ObjectNode r = Json.object();
    r.put("status", "skipped");
    r.put("error", why);
    return r;
  }

  static <T> List<T> rotate(List<T> list, int by) {
    List<T> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(list.get((i + by) % list.size()));
    }
    return out;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
