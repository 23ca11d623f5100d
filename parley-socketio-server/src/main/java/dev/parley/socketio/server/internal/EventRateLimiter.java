package dev.parley.socketio.server.internal;

import dev.parley.engineio.server.Limits;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The event budget of one socket (catalogue D3): a token bucket of {@code eventBurst} tokens refilled at
 * {@code eventsPerSecondPerSocket}, and the policy for a socket that keeps sending past it.
 *
 * <p>It exists so that one client cannot make the server run its handlers, and the work behind them, as fast as it
 * can send. An event past the budget is dropped; the first drop of a run of drops tells the client (a
 * {@code rate-limit} event with {@code retryAfter}), so that a well-behaved client can back off, and the later ones
 * are silent, so that an abuser gets no amplification. A run ends after a second without drops; a run of more than
 * {@code maxThrottledEvents} drops means the client is not backing off, and its connection is closed as a policy
 * violation. Confined to the socket's event loop.
 */
final class EventRateLimiter {

  /** What to do with an event. */
  enum Verdict {
    /** Within the budget: deliver it. */
    ACCEPT,
    /** Over the budget, first of a run: drop it and tell the client when to retry. */
    DROP_AND_NOTIFY,
    /** Over the budget again: drop it silently. */
    DROP,
    /** Over the budget for too long: close the connection. */
    DISCONNECT
  }

  /** The event that tells a client it went over its budget: {@code ["rate-limit", {"retryAfter": ms}]}. */
  static final String EVENT = "rate-limit";

  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
  /** A limiter that accepts everything, for a rate of {@link Limits#OFF}. */
  static final EventRateLimiter UNLIMITED = new EventRateLimiter(0, 1, 1, System::nanoTime);

  private final long nanosPerToken;
  private final int burst;
  private final int maxThrottled;
  private final LongSupplier clock;
  private double tokens;
  private long refilledAt;
  private int throttled;
  private long lastDropAt;

  EventRateLimiter(int eventsPerSecond, int burst, int maxThrottled, LongSupplier clock) {
    this.nanosPerToken = eventsPerSecond <= 0 ? 0 : NANOS_PER_SECOND / eventsPerSecond;
    this.burst = burst;
    this.maxThrottled = maxThrottled;
    this.clock = clock;
    this.tokens = burst;
    this.refilledAt = clock.getAsLong();
  }

  /** The limiter of a socket under {@code limits}. */
  static EventRateLimiter of(Limits limits) {
    if (limits.eventsPerSecondPerSocket() == Limits.OFF) {
      return UNLIMITED;
    }
    return new EventRateLimiter(limits.eventsPerSecondPerSocket(), limits.eventBurst(), limits.maxThrottledEvents(),
        System::nanoTime);
  }

  /** Takes a token for one event, or says why not. */
  Verdict onEvent() {
    if (nanosPerToken == 0) {
      return Verdict.ACCEPT;
    }
    long now = clock.getAsLong();
    refill(now);
    if (throttled > 0 && now - lastDropAt >= NANOS_PER_SECOND) {
      throttled = 0; // a second without drops: the client backed off
    }
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.ACCEPT;
    }
    lastDropAt = now;
    throttled++;
    if (throttled > maxThrottled) {
      return Verdict.DISCONNECT;
    }
    return throttled == 1 ? Verdict.DROP_AND_NOTIFY : Verdict.DROP;
  }

  /** How long until the next token, in milliseconds (at least 1): the {@code retryAfter} the client is told. */
  long retryAfterMillis() {
    double missing = Math.max(0, 1 - tokens);
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis((long) Math.ceil(missing * nanosPerToken)));
  }

  private void refill(long now) {
    long elapsed = now - refilledAt;
    if (elapsed <= 0) {
      return;
    }
    refilledAt = now;
    tokens = Math.min(burst, tokens + (double) elapsed / nanosPerToken);
  }
}
