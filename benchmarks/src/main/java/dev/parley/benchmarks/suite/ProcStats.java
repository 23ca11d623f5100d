package dev.parley.benchmarks.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads CPU time and resident memory of a process and its descendants from {@code /proc}, and the machine's load.
 *
 * <p>CPU time is {@code utime + stime} of {@code /proc/<pid>/stat} (all threads) in clock ticks; resident memory is
 * {@code VmRSS} of {@code /proc/<pid>/status}. Descendants are included, so a peer started through a wrapper is
 * still measured whole.
 */
public final class ProcStats {
  private static final long TICK_NANOS = 1_000_000_000L / clockTicksPerSecond();

  private ProcStats() {}

  /** CPU time (user + system) of {@code pid} and its live descendants, in nanoseconds; -1 if it is gone. */
  public static long cpuNanos(long pid) {
    long total = 0;
    boolean any = false;
    for (long p : tree(pid)) {
      long ticks = read("/proc/" + p + "/stat").map(ProcStats::cpuTicksFromStat).orElse(-1L);
      if (ticks >= 0) {
        total += ticks;
        any = true;
      }
    }
    return any ? total * TICK_NANOS : -1;
  }

  /** Resident memory of {@code pid} and its live descendants, in bytes; -1 if it is gone. */
  public static long rssBytes(long pid) {
    long total = 0;
    boolean any = false;
    for (long p : tree(pid)) {
      long kb = read("/proc/" + p + "/status").map(ProcStats::rssKbFromStatus).orElse(-1L);
      if (kb >= 0) {
        total += kb;
        any = true;
      }
    }
    return any ? total * 1024 : -1;
  }

  /** CPU time of this JVM alone (the generator; the peers it started are its children), in nanoseconds. */
  public static long selfCpuNanos() {
    return read("/proc/self/stat").map(ProcStats::cpuTicksFromStat).orElse(-1L) * TICK_NANOS;
  }

  /** This process's soft limit of open files, or -1 when unknown or unlimited. */
  public static long openFileLimit() {
    for (String line : read("/proc/self/limits").orElse("").split("\n")) {
      if (line.startsWith("Max open files")) {
        String[] f = line.substring("Max open files".length()).trim().split("\\s+");
        return f[0].matches("\\d+") ? Long.parseLong(f[0]) : -1;
      }
    }
    return -1;
  }

  /** The 1-minute load average, or -1. */
  public static double loadAverage1() {
    return read("/proc/loadavg").map(s -> Double.parseDouble(s.trim().split("\\s+")[0])).orElse(-1.0);
  }

  /** The aggregate line of {@code /proc/stat} as {total jiffies, steal jiffies}, or null. */
  public static long[] cpuTotalAndSteal() {
    return read("/proc/stat").map(ProcStats::totalAndStealFromProcStat).orElse(null);
  }

  /** utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line; the command name may hold blanks. */
  static long cpuTicksFromStat(String stat) {
    int close = stat.lastIndexOf(')');
    String[] f = stat.substring(close + 2).trim().split("\\s+");
    // f[0] is field 3 (state); utime is field 14, stime field 15.
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** VmRSS in kB from {@code /proc/<pid>/status}, or -1. */
  static long rssKbFromStatus(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }

  static long[] totalAndStealFromProcStat(String procStat) {
    String first = procStat.split("\n", 2)[0];
    String[] f = first.trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      total += Long.parseLong(f[i]);
    }
    long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
    return new long[] {total, steal};
  }

  private static List<Long> tree(long pid) {
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    return pids;
  }

  private static Optional<String> read(String file) {
    try {
      return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static long clockTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor();
      long v = Long.parseLong(out);
      return v > 0 ? v : 100;
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
