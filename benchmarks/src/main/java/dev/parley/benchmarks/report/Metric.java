package dev.parley.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;

/**
 * One figure the report shows for a scenario kind, read from a run's result.
 *
 * @param label the column title
 * @param higherIsBetter whether a larger value is better (throughput) or worse (latency, cost)
 * @param read extracts the value from a run's JSON, or NaN when absent
 */
public record Metric(String label, boolean higherIsBetter, Function<JsonNode, Double> read) {

  /** The metrics of a kind; the first one is the headline metric. */
  public static List<Metric> of(String kind) {
    return switch (kind) {
      case "fanout" -> ladder("server CPU µs/delivery");
      // the same ladder; its CPU is both nodes' and Redis's, so the label says whose
      case "cluster" -> ladder("CPU µs/delivery (2 nodes + Redis)");
      case "echo" -> List.of(
          new Metric("acks/s", true, r -> num(r.path("acksPerSec"), 1)),
          new Metric("p50 ms", false, r -> num(r.path("latency").path("p50Us"), 1e-3)),
          new Metric("p99 ms", false, r -> num(r.path("latency").path("p99Us"), 1e-3)),
          new Metric("max ms", false, r -> num(r.path("latency").path("maxUs"), 1e-3)),
          new Metric("server CPU µs/ack", false, r -> num(r.path("cpuPerAckNs"), 1e-3)));
      case "connect" -> List.of(
          new Metric("connections/s", true, r -> num(r.path("connectionsPerSec"), 1)),
          new Metric("server CPU µs/connection", false,
              r -> num(r.path("connect").path("cpuPerConnectionNs"), 1e-3)),
          new Metric("RSS KiB/idle connection", false, r -> num(r.path("rssPerConnectionBytes"), 1 / 1024.0)),
          new Metric("connect p99 ms", false,
              r -> num(r.path("connect").path("readyLatency").path("p99Us"), 1e-3)));
      case "idle" -> List.of(
          new Metric("RSS KiB/connection (idle)", false,
              r -> num(r.path("idle").path("rssPerConnectionBytes"), 1 / 1024.0)),
          new Metric("server CPU % while idle", false, r -> num(r.path("idle").path("serverCpuPct"), 1)),
          new Metric("RSS MiB (idle, after GC)", false, r -> num(r.path("idle").path("rssAfterBytes"), 1 / 1048576.0)),
          new Metric("connections/s", true, r -> num(r.path("connectionsPerSec"), 1)));
      default -> List.of();
    };
  }

  /** The figures of the fan-out ladder (fan-out and cluster), at the highest passing rate. */
  private static List<Metric> ladder(String cpuLabel) {
    return List.of(
        new Metric("deliveries/s at max rate", true, r -> num(r.path("maxDeliveriesPerSec"), 1)),
        new Metric("max rate (msg/s)", true, r -> num(r.path("maxRate"), 1)),
        new Metric("p50 ms", false, r -> num(r.path("best").path("latency").path("p50Us"), 1e-3)),
        new Metric("p99 ms", false, r -> num(r.path("best").path("latency").path("p99Us"), 1e-3)),
        new Metric("max ms", false, r -> num(r.path("best").path("latency").path("maxUs"), 1e-3)),
        new Metric(cpuLabel, false, r -> num(r.path("best").path("cpuPerDeliveryNs"), 1e-3)));
  }

  private static double num(JsonNode n, double scale) {
    return n.isNumber() ? n.asDouble() * scale : Double.NaN;
  }
}
