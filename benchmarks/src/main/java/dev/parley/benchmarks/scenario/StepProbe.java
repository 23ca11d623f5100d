package dev.parley.benchmarks.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.benchmarks.suite.ProcStats;
import dev.parley.benchmarks.suite.ServerProbe;
import java.util.Map;

/**
 * CPU accounting over one measured interval: the server's CPU time (from {@code /proc}), the generator's own CPU
 * (to see whether the generator was the bottleneck), the machine's load average and its CPU steal.
 */
final class StepProbe {
  private final ServerProbe server;
  private final long wall0;
  private final long server0;
  private final Map<String, Long> parts0;
  private final long gen0;
  private final long[] steal0;

  private StepProbe(ServerProbe server) {
    this.server = server;
    this.wall0 = System.nanoTime();
    this.server0 = server.cpuNanos();
    this.parts0 = server.cpuNanosByPart();
    this.gen0 = ProcStats.selfCpuNanos();
    this.steal0 = ProcStats.cpuTotalAndSteal();
  }

  static StepProbe begin(ServerProbe server) {
    return new StepProbe(server);
  }

  /**
   * Writes the interval's figures into {@code out}.
   *
   * @param units what the interval produced (deliveries, acks, connections), for the per-unit CPU figure
   * @param perUnitKey the name of the per-unit CPU figure in nanoseconds, e.g. {@code cpuPerDeliveryNs}
   */
  void end(ObjectNode out, long units, String perUnitKey) {
    long wall = System.nanoTime() - wall0;
    long server1 = server.cpuNanos();
    long gen1 = ProcStats.selfCpuNanos();
    long[] steal1 = ProcStats.cpuTotalAndSteal();
    if (server0 >= 0 && server1 >= 0) {
      long cpu = server1 - server0;
      out.put("serverCpuMs", Json.round(cpu / 1e6));
      out.put("serverCpuPct", Json.round(100.0 * cpu / wall));
      if (units > 0) {
        out.put(perUnitKey, Json.round((double) cpu / units));
      }
    }
    parts(out);
    if (gen0 >= 0 && gen1 >= 0) {
      out.put("generatorCpuPct", Json.round(100.0 * (gen1 - gen0) / wall));
    }
    if (steal0 != null && steal1 != null && steal1[0] > steal0[0]) {
      out.put("stealPct", Json.round(100.0 * (steal1[1] - steal0[1]) / (steal1[0] - steal0[0])));
    }
    out.put("loadAvg1", ProcStats.loadAverage1());
    out.put("wallSeconds", Json.round(wall / 1e9));
  }

  /** Each process's share of the server CPU (a cluster: which node, or Redis, paid for the deliveries). */
  private void parts(ObjectNode out) {
    if (parts0.isEmpty()) {
      return;
    }
    ObjectNode by = out.putObject("serverCpuMsByProcess");
    server.cpuNanosByPart().forEach((name, now) -> {
      Long before = parts0.get(name);
      if (before != null && before >= 0 && now >= 0) {
        by.put(name, Json.round((now - before) / 1e6));
      }
    });
  }
}
