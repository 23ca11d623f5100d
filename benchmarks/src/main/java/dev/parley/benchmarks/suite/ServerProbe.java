package dev.parley.benchmarks.suite;

import java.util.Map;

/** What the scenarios may ask of the server under test: its CPU time, its memory, and a forced GC. */
public interface ServerProbe {

  /** The server's CPU time so far in nanoseconds, or -1 when unknown. */
  long cpuNanos();

  /** The server's resident memory in bytes, or -1 when unknown. */
  long rssBytes();

  /** Asks the server to collect garbage and waits a moment for it; does nothing when it cannot. */
  void forceGc();

  /** Whether the server process is still running (true when unknown). */
  boolean isAlive();

  /**
   * The CPU time so far of each process behind this probe, by name, when it watches several (the nodes of a cluster
   * and Redis); empty for a single process, whose figure is {@link #cpuNanos()}.
   */
  default Map<String, Long> cpuNanosByPart() {
    return Map.of();
  }

  /** A probe for a server this harness did not start and knows nothing about. */
  ServerProbe NONE = new ServerProbe() {
    @Override
    public long cpuNanos() {
      return -1;
    }

    @Override
    public long rssBytes() {
      return -1;
    }

    @Override
    public void forceGc() {
      // unknown server: nothing to ask
    }

    @Override
    public boolean isAlive() {
      return true;
    }
  };
}
