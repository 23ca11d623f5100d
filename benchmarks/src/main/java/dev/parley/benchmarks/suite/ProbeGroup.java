package dev.parley.benchmarks.suite;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Several processes measured as one server: the nodes of a cluster and their Redis. CPU time and memory are summed,
 * because a delivery in a cluster costs the sending node, Redis and the receiving node; a figure is unknown (-1) as
 * soon as one part's is, since a sum without it would look like a cheaper server. The server is alive while every
 * part is: a dead node or Redis means lost deliveries, not a smaller cluster.
 */
public final class ProbeGroup implements ServerProbe {
  private final Map<String, ServerProbe> parts;

  /** @param parts the processes by name (e.g. {@code nodeA}, {@code nodeB}, {@code redis}), in report order */
  public ProbeGroup(Map<String, ? extends ServerProbe> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no process to probe");
    }
    this.parts = new LinkedHashMap<>(parts);
  }

  @Override
  public long cpuNanos() {
    return sum(true);
  }

  @Override
  public long rssBytes() {
    return sum(false);
  }

  private long sum(boolean cpu) {
    long total = 0;
    for (ServerProbe p : parts.values()) {
      long v = cpu ? p.cpuNanos() : p.rssBytes();
      if (v < 0) {
        return -1;
      }
      total += v;
    }
    return total;
  }

  @Override
  public Map<String, Long> cpuNanosByPart() {
    Map<String, Long> out = new LinkedHashMap<>();
    parts.forEach((name, p) -> out.put(name, p.cpuNanos()));
    return out;
  }

  @Override
  public void forceGc() {
    parts.values().forEach(ServerProbe::forceGc);
  }

  @Override
  public boolean isAlive() {
    return parts.values().stream().allMatch(ServerProbe::isAlive);
  }
}
