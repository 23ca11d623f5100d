package dev.parley.socketio.adapter.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that may repeat thousands of times a second (every publish while the broker is down, every message of a
 * hostile publisher) is logged once, then at most once per period with the number of occurrences in between: the
 * log says what happens without becoming the next outage.
 */
public final class ThrottledLog {
  private final Logger logger;
  private final long periodNanos;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();
  private final AtomicLong total = new AtomicLong();

  public ThrottledLog(Logger logger, Duration period) {
    this.logger = logger;
    this.periodNanos = period.toNanos();
  }

  /** Logs a warning unless one was logged within the period; counts it either way. */
  public void warn(String format, Object... args) {
    total.incrementAndGet();
    long now = System.nanoTime();
    long next = nextAllowed.get();
    if ((next != Long.MIN_VALUE && now - next < 0) || !nextAllowed.compareAndSet(next, now + periodNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long skipped = suppressed.getAndSet(0);
    if (skipped > 0) {
      logger.warn(format + " (and {} more like it since the last report)", append(args, skipped));
    } else {
      logger.warn(format, args);
    }
  }

  /** How many warnings were reported, logged or not (for tests and metrics). */
  public long count() {
    return total.get();
  }

  private static Object[] append(Object[] args, Object value) {
    // a trailing Throwable stays last, where SLF4J looks for it
    Object[] copy = new Object[args.length + 1];
    if (args.length > 0 && args[args.length - 1] instanceof Throwable) {
      System.arraycopy(args, 0, copy, 0, args.length - 1);
      copy[args.length - 1] = value;
      copy[args.length] = args[args.length - 1];
    } else {
      System.arraycopy(args, 0, copy, 0, args.length);
      copy[args.length] = value;
    }
    return copy;
  }
}
