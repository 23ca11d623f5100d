package dev.parley.benchmarks.scenario;

/**
 * The generator's one clock: {@link System#nanoTime()} relative to the start of this JVM's run, so timestamps sent
 * through a server stay far below 2^53 and survive JavaScript and Python number handling unchanged.
 */
public final class BenchClock {
  private static final long EPOCH = System.nanoTime();

  private BenchClock() {}

  /** Nanoseconds since this JVM's run started. */
  public static long now() {
    return System.nanoTime() - EPOCH;
  }

  /** Sleeps, restoring the interrupt flag instead of throwing. */
  public static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
