package dev.parley.benchmarks.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges a soak run: nothing acknowledged lost, no stable client dropped or stalled, churn connecting as it should,
 * nothing logged at WARN or ERROR by the server, and the server back to its baseline (heap after GC, descriptors, Java
 * threads, sessions) once the load is gone, without a heap that kept growing under steady load.
 *
 * <p>The margins absorb what a warm JVM legitimately keeps (JIT-compiled paths touch caches; pooled buffers are
 * direct memory, not heap); a leak of one object per session or message over a ten-minute run exceeds them by far.
 */
final class SoakVerdict {
  static final long HEAP_MARGIN_BYTES = 16L * 1024 * 1024;
  static final long FD_MARGIN = 4;
  static final int THREAD_MARGIN = 2;
  static final double CHURN_FAILURE_RATE = 0.01;

  private SoakVerdict() {}

  /** The failures; empty means the run passed. */
  static List<String> failures(SoakSamples samples, History.Result history, SoakLoad load, int stableCount,
      boolean serverAlive, ServerLog serverLog) {
    ServerSample baseline = samples.baseline();
    ServerSample after = samples.after();
    List<ServerSample> during = samples.during();
    List<String> failures = new ArrayList<>();
    if (!serverAlive) {
      failures.add("the server process died");
    }
    if (!history.passed()) {
      failures.add("history: " + history.lost() + " acknowledged deliveries lost, " + history.outOfOrder()
          + " out of order, " + history.tickGaps() + " tick gaps, " + history.stalledReceivers()
          + " receivers stalled " + history.examples());
    }
    if (history.acked() == 0) {
      failures.add("no message was acknowledged: the load did not run");
    }
    int dropped = stableCount - load.throughout().size();
    if (dropped > 0) {
      failures.add(dropped + " stable clients were disconnected: " + load.disconnectCauses());
    }
    long attempts = load.churnCycles() + load.churnFailures();
    if (attempts > 0 && load.churnFailures() > CHURN_FAILURE_RATE * attempts) {
      failures.add(load.churnFailures() + " of " + attempts + " churning connections failed: "
          + load.churnFailureCauses());
    }
    if (serverLog.warnings() + serverLog.errors() > 0) {
      failures.add("the server logged " + serverLog.errors() + " errors and " + serverLog.warnings() + " warnings: "
          + serverLog.examples());
    }
    if (after.sessions() > 1) {
      failures.add(after.sessions() - 1 + " sessions left open after every client closed");
    }
    if (after.heapAfterGc() > baseline.heapAfterGc() + HEAP_MARGIN_BYTES) {
      failures.add("heap after GC did not return to the baseline: " + mib(baseline.heapAfterGc()) + " -> "
          + mib(after.heapAfterGc()));
    }
    if (after.fds() > baseline.fds() + FD_MARGIN) {
      failures.add("file descriptors did not return to the baseline: " + baseline.fds() + " -> " + after.fds());
    }
    if (after.javaThreads() > baseline.javaThreads() + THREAD_MARGIN) {
      failures.add("Java threads did not return to the baseline: " + baseline.javaThreads() + " -> "
          + after.javaThreads());
    }
    if (during.size() >= 4) {
      long firstHalf = maxHeap(during.subList(0, during.size() / 2));
      long secondHalf = maxHeap(during.subList(during.size() / 2, during.size()));
      if (secondHalf > firstHalf + 2 * HEAP_MARGIN_BYTES) {
        failures.add("heap after GC kept growing under steady load: " + mib(firstHalf) + " -> " + mib(secondHalf));
      }
    }
    return failures;
  }

  private static long maxHeap(List<ServerSample> samples) {
    return samples.stream().mapToLong(ServerSample::heapAfterGc).max().orElse(0);
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1048576.0);
  }
}
