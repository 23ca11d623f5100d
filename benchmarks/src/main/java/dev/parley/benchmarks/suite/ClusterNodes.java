package dev.parley.benchmarks.suite;

import dev.parley.benchmarks.client.Target;
import dev.parley.benchmarks.client.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster of one run of the cluster scenario: a {@code redis-server} of its own (on a free loopback port, no
 * persistence, so nothing of an earlier run or another program's Redis is involved) and two nodes of the peer in
 * its {@code cluster} mode pointing at it, all pinned to the server CPUs like a single peer. Every process is one
 * this class started, stopped by PID (nodes first, then Redis).
 *
 * <p>Readiness: Redis answers {@code PING}, then each node answers an Engine.IO handshake; a node whose adapter is
 * still connecting may already answer, which the scenario's warm-up step absorbs.
 */
final class ClusterNodes implements AutoCloseable {
  /** The names of the nodes: the sending node first. */
  static final List<String> NODE_NAMES = List.of("nodeA", "nodeB");

  /** The name of the Redis process in logs, PIDs and CPU shares. */
  static final String REDIS = "redis";

  private final PeerSpec peer;
  private final String cpus;
  private final Path logBase;
  private final Map<String, PeerProcess> processes = new LinkedHashMap<>();
  private final List<Target> targets = new ArrayList<>();
  private boolean closed;

  /**
   * @param peer a peer whose registry entry has a cluster command
   * @param cpus the {@code taskset -c} CPU list of every process, or null
   * @param logBase the log files are this path followed by {@code -nodeA.log}, {@code -nodeB.log}, {@code -redis.log}
   */
  ClusterNodes(PeerSpec peer, String cpus, Path logBase) {
    if (peer.cluster() == null || peer.cluster().command().isEmpty()) {
      throw new IllegalArgumentException("peer " + peer.name() + " has no cluster command");
    }
    this.peer = peer;
    this.cpus = cpus;
    this.logBase = logBase;
  }

  /**
   * Starts Redis, then both nodes, and waits until each answers.
   *
   * @param vars the suite's placeholder values; {@code port} and {@code redisUrl} are set here per process
   * @param redisServer the {@code redis-server} executable
   */
  void start(Map<String, String> vars, String redisServer, long readyTimeoutMillis)
      throws IOException, InterruptedException {
    List<Integer> ports = freePorts(1 + NODE_NAMES.size());
    Map<String, String> rv = new LinkedHashMap<>(vars);
    rv.put("port", Integer.toString(ports.get(0)));
    PeerSpec redisSpec = redisSpec(redisServer, logBase.getParent());
    PeerProcess redis = add(REDIS, redisSpec, redisSpec.command(), rv);
    redis.awaitReady("127.0.0.1", ports.get(0), readyTimeoutMillis);
    String redisUrl = "redis://127.0.0.1:" + ports.get(0);
    for (int i = 0; i < NODE_NAMES.size(); i++) {
      Map<String, String> v = new LinkedHashMap<>(vars);
      v.put("port", Integer.toString(ports.get(i + 1)));
      v.put("redisUrl", redisUrl);
      add(NODE_NAMES.get(i), peer, peer.cluster().command(), v);
      targets.add(Target.loopback(ports.get(i + 1)));
    }
    for (int i = 0; i < NODE_NAMES.size(); i++) {
      node(i).awaitReady("127.0.0.1", targets.get(i).port(), readyTimeoutMillis);
    }
  }

  private PeerProcess add(String name, PeerSpec spec, List<String> command, Map<String, String> vars)
      throws IOException {
    PeerProcess p = PeerProcess.start(spec, command, vars, cpus, log(logBase, name));
    synchronized (this) {
      if (!closed) {
        processes.put(name, p);
        return p;
      }
    }
    // the suite is being stopped (shutdown hook) while this process started: it must not outlive the suite
    p.close();
    throw new IOException("suite stopped while the cluster was starting");
  }

  /** The redis-server of a run: loopback only, nothing saved, files (if any) next to the logs. */
  static PeerSpec redisSpec(String redisServer, Path dir) {
    List<String> cmd = List.of(redisServer, "--port", "{port}", "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--dir", dir.toString());
    return new PeerSpec(REDIS, "the cluster's Redis", true, cmd, null, Map.of(), "redis", "none",
        EnumSet.of(Transport.WEBSOCKET), Set.of(), List.of(), null);
  }

  private PeerProcess node(int i) {
    return processes.get(NODE_NAMES.get(i));
  }

  /** The log of process {@code name} ({@code nodeA}, {@code nodeB}, {@code redis}) of the run at {@code logBase}. */
  static Path log(Path logBase, String name) {
    return logBase.resolveSibling(logBase.getFileName() + "-" + name + ".log");
  }

  /** The nodes' addresses, the sending node first. */
  List<Target> targets() {
    return List.copyOf(targets);
  }

  /** CPU and memory of both nodes and Redis together. */
  synchronized ServerProbe probe() {
    Map<String, PeerProcess> parts = new LinkedHashMap<>();
    NODE_NAMES.forEach(n -> parts.put(n, processes.get(n)));
    parts.put(REDIS, processes.get(REDIS));
    return new ProbeGroup(parts);
  }

  synchronized Map<String, Long> pids() {
    Map<String, Long> out = new LinkedHashMap<>();
    processes.forEach((name, p) -> out.put(name, p.pid()));
    return out;
  }

  /** The log tail of the first process that is gone, or null if all run. */
  synchronized String deadTail() {
    for (Map.Entry<String, PeerProcess> e : processes.entrySet()) {
      if (!e.getValue().isAlive()) {
        return e.getKey() + ": " + e.getValue().tail();
      }
    }
    return null;
  }

  /** Stops the nodes, then Redis (so the nodes do not spend their last seconds reconnecting). */
  @Override
  public void close() {
    List<PeerProcess> order;
    synchronized (this) {
      closed = true;
      order = new ArrayList<>(processes.values());
    }
    // Redis was started first: stop it last
    for (int i = order.size() - 1; i >= 0; i--) {
      order.get(i).close();
    }
  }

  private static List<Integer> freePorts(int n) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (int tries = 0; ports.size() < n && tries < 100; tries++) {
      int p = Suite.freePort();
      if (!ports.contains(p)) {
        ports.add(p);
      }
    }
    if (ports.size() < n) {
      throw new IOException("no " + n + " distinct free ports");
    }
    return ports;
  }
}
