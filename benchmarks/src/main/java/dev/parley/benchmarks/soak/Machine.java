package dev.parley.benchmarks.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * When and where the soak ran, for the report: the start of the load, the processors, and the load average before
 * and after the load. The load average tells a run on a machine shared with other builds from one that had it to
 * itself.
 *
 * @param start when the load started
 * @param loadBefore {@code /proc/loadavg}'s 1, 5 and 15 minute averages before the clients connected
 * @param loadAfter the same once the load stopped
 */
record Machine(Instant start, String loadBefore, String loadAfter) {

  /** The 1, 5 and 15 minute load averages, or {@code "?"} where {@code /proc} has none. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  int processors() {
    return Runtime.getRuntime().availableProcessors();
  }
}
