package dev.parley.benchmarks.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The soak run's report, in Markdown, as docs/security.md quotes it. */
final class SoakReport {
  private SoakReport() {}

  static String render(SoakOptions options, Machine machine, SoakSamples samples, History.Result history,
      SoakLoad load, ServerLog serverLog, List<String> failures) {
    Instant start = machine.start();
    StringBuilder r = new StringBuilder();
    r.append("Soak run of ").append(minutes(options.duration())).append(" min from ").append(start)
        .append(" (").append(Duration.between(start, Instant.now()).toSeconds()).append(" s in all): ")
        .append(options.stable()).append(" stable clients, ").append(options.churn()).append(" churning, ")
        .append(options.rooms()).append(" rooms, server heap ").append(options.heap()).append(", Java ")
        .append(System.getProperty("java.version")).append(", ").append(machine.processors())
        .append(" processors, load average ").append(machine.loadBefore()).append(" before and ")
        .append(machine.loadAfter()).append(" after the load").append('\n').append('\n');
    r.append("| Sample | Heap after GC (MiB) | Java threads | Native threads | Open fds | Sessions |\n");
    r.append("|---|---|---|---|---|---|\n");
    r.append(samples.baseline().row()).append('\n');
    for (ServerSample s : samples.during()) {
      r.append(s.row()).append('\n');
    }
    r.append(samples.after().row()).append('\n').append('\n');
    r.append("Messages acknowledged: ").append(history.acked()).append("; deliveries to clients connected "
        + "throughout checked: ").append(history.deliveriesChecked()).append("; lost: ").append(history.lost())
        .append("; out of order: ").append(history.outOfOrder()).append("; tick gaps: ").append(history.tickGaps())
        .append("; stalled receivers: ").append(history.stalledReceivers()).append('\n');
    r.append("Churn: ").append(load.churnCycles()).append(" connect-chat-drop cycles, ").append(load.churnFailures())
        .append(" failed connections");
    if (!load.churnFailureCauses().isEmpty()) {
      r.append(' ').append(load.churnFailureCauses());
    }
    r.append("; stable clients disconnected: ").append(load.stableCount() - load.throughout().size()).append('\n');
    r.append("Server log: ").append(serverLog.loggingOn()
        ? serverLog.errors() + " errors, " + serverLog.warnings() + " warnings"
        : "off (no SLF4J provider on the class path; run through scripts/soak)").append('\n').append('\n');
    r.append("Verdict: ").append(failures.isEmpty() ? "PASSED" : "FAILED").append('\n');
    for (String failure : failures) {
      r.append("- ").append(failure).append('\n');
    }
    return r.toString();
  }

  /** A duration in minutes, with decimals only when it has them ({@code 10}, {@code 0.5}). */
  static String minutes(Duration duration) {
    double minutes = duration.toMillis() / 60_000.0;
    return minutes == Math.rint(minutes) ? String.valueOf((long) minutes) : String.format(Locale.ROOT, "%.2f", minutes);
  }
}
