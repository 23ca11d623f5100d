package dev.parley.benchmarks.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One measurement of the soak server: the heap in use after a full collection, its Java threads and open sessions
 * (which it reports itself), and its open file descriptors and native threads (read here from {@code /proc}).
 *
 * @param label when it was taken ({@code baseline}, {@code during 3:00}, {@code after})
 * @param heapAfterGc bytes
 * @param javaThreads live Java threads
 * @param nativeThreads the kernel's thread count of the process, JIT and GC threads included
 * @param fds open file descriptors
 * @param sessions open Engine.IO sessions
 * @param ticks the ticks the server has broadcast so far (not in the table: the receivers' check uses it)
 */
record ServerSample(String label, long heapAfterGc, int javaThreads, long nativeThreads, long fds, int sessions,
    long ticks) {

  /** What is known of a server that is gone. */
  static ServerSample gone(String label) {
    return new ServerSample(label, -1, -1, -1, -1, -1, -1);
  }

  /** The descriptors and threads of process {@code pid}, with what the server reported. */
  static ServerSample of(String label, long pid, long heapAfterGc, int javaThreads, int sessions, long ticks) {
    return new ServerSample(label, heapAfterGc, javaThreads, nativeThreads(pid), fds(pid), sessions, ticks);
  }

  private static long fds(long pid) {
    try (Stream<Path> entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return entries.count();
    } catch (IOException e) {
      return -1;
    }
  }

  private static long nativeThreads(long pid) {
    try {
      for (String line : Files.readString(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)
          .split("\n")) {
        if (line.startsWith("Threads:")) {
          return Long.parseLong(line.substring(8).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  /** A table row: label, heap MiB, Java threads, native threads, fds, sessions. */
  String row() {
    return String.format("| %s | %.1f | %d | %d | %d | %d |", label, heapAfterGc / 1048576.0, javaThreads,
        nativeThreads, fds, sessions);
  }
}
