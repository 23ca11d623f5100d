package dev.parley.examroom.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's clock: the system clock plus an offset that only tests move ({@code testing.adjustable.clock}).
 * Every deadline, countdown and token expiry reads this clock, so a test can jump to "two minutes before the
 * start" without waiting.
 */
public final class AppClock extends Clock {
  private final Clock base;
  private final AtomicLong offsetMillis = new AtomicLong();
  private final boolean adjustable;

  public AppClock(Clock base, boolean adjustable) {
    this.base = base;
    this.adjustable = adjustable;
  }

  public static AppClock system(boolean adjustable) {
    return new AppClock(Clock.systemUTC(), adjustable);
  }

  public long millis() {
    return base.millis() + offsetMillis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  public boolean isAdjustable() {
    return adjustable;
  }

  /** Moves the clock forward (testing only). */
  public void advance(Duration by) {
    if (!adjustable) {
      throw new IllegalStateException("the clock is not adjustable");
    }
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    offsetMillis.addAndGet(by.toMillis());
  }
}
