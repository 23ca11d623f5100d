package dev.parley.benchmarks.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cluster fan-out: two nodes of the same server sharing a Redis adapter, the sender on node A and receivers split
 * across A and B. NOT IMPLEMENTED YET: Parley's Redis clustering does not exist. This hook records a skipped result
 * so the report shows the gap.
 *
 * <p>What the implementation needs (see docs/benchmarks.md, "Cluster"):
 * <ol>
 *   <li>a {@code "cluster"} block per peer in {@code peers/peers.json}: the command of a node given {@code {port}}
 *       and {@code {redisUrl}}, e.g. socket.io with {@code @socket.io/redis-adapter};</li>
 *   <li>the suite starts {@code redis-server --port <p> --bind 127.0.0.1 --save ''} (Debian package
 *       {@code redis-server}) and two nodes on two ports, probing both;</li>
 *   <li>this scenario runs {@link FanoutScenario}'s ladder with a {@code Target} per node: receivers alternate
 *       between the nodes, the sender connects to node A, and CPU is summed over both nodes and Redis.</li>
 * </ol>
 */
public final class ClusterScenario implements Scenario {
  private final int receivers;

  public ClusterScenario(int receivers) {
    this.receivers = receivers;
  }

  @Override
  public String kind() {
    return "cluster";
  }

  @Override
  public ObjectNode params() {
    ObjectNode p = Json.object();
    p.put("receivers", receivers);
    p.put("transport", "websocket");
    return p;
  }

  @Override
  public ObjectNode run(ScenarioContext ctx) {
    ObjectNode r = Json.object();
    r.put("status", "skipped");
    r.put("error", "cluster scenario not implemented yet (needs Parley's Redis adapter)");
    return r;
  }
}
