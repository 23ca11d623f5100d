package dev.parley.benchmarks.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cluster fan-out: two nodes of the same server sharing a Redis adapter; the receivers alternate between node A and
 * node B, the sender is on node A, so every broadcast reaches half the room locally and half through Redis. The
 * ladder, its limits and its figures are {@link FanoutScenario}'s; the suite starts the nodes and Redis
 * ({@code dev.parley.benchmarks.suite.ClusterNodes}) and its probe sums the CPU of both nodes and Redis, so the CPU
 * per delivery is the cluster's whole cost.
 *
 * <p>It is a separate kind rather than a fan-out with a node count so that the report never ranks a cluster against
 * a single server.
 */
public final class ClusterScenario implements Scenario {
  /** Nodes the suite starts for this scenario. */
  public static final int NODES = 2;

  private final FanoutScenario.Options options;
  private final FanoutScenario fanout;

  public ClusterScenario(FanoutScenario.Options options) {
    this.options = options;
    this.fanout = new FanoutScenario(options, "cluster");
  }

  @Override
  public String kind() {
    return "cluster";
  }

  @Override
  public ObjectNode params() {
    ObjectNode p = fanout.params();
    p.put("nodes", NODES);
    p.put("adapter", "redis");
    return p;
  }

  @Override
  public ObjectNode run(ScenarioContext ctx) throws Exception {
    if (ctx.nodes().size() < NODES) {
      return FanoutScenario.failed(Json.object(), "the cluster scenario needs " + NODES + " nodes, got "
          + ctx.nodes().size() + " (it runs on nodes the suite starts, not on --target)");
    }
    if (options.receivers < NODES) {
      return FanoutScenario.failed(Json.object(), "fewer receivers than nodes");
    }
    return fanout.run(ctx);
  }
}
