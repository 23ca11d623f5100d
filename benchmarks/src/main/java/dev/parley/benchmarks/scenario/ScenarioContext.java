package dev.parley.benchmarks.scenario;

import dev.parley.benchmarks.client.ClientLoop;
import dev.parley.benchmarks.client.Target;
import dev.parley.benchmarks.suite.ServerProbe;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a scenario runs with.
 *
 * @param loop the generator's shared event loop group
 * @param target where the server listens; in a cluster, the first node (where senders connect)
 * @param nodes every node of the server under test, {@code target} first; just {@code target} for a single server
 * @param probe the server's CPU, memory and GC handle (in a cluster: every node and Redis together)
 * @param log progress lines (to the console)
 */
public record ScenarioContext(ClientLoop loop, Target target, List<Target> nodes, ServerProbe probe,
    Consumer<String> log) {

  public ScenarioContext {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty() || !nodes.get(0).equals(target)) {
      throw new IllegalArgumentException("nodes must start with the target");
    }
  }

  /** A single server. */
  public ScenarioContext(ClientLoop loop, Target target, ServerProbe probe, Consumer<String> log) {
    this(loop, target, List.of(target), probe, log);
  }
}
