package dev.parley.examroom.chat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a user, a socket): {@code burst} tokens, refilled at {@code perSecond}. A refused take says
 * how long until the next token, which the sender receives as {@code retryAfterMs}.
 */
public final class RateLimiter {
  private final double perMilli;
  private final double capacity;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updatedAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedAt = now;
    }
  }

  public RateLimiter(double perSecond, int burst, LongSupplier clock) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate and burst must be positive");
    }
    this.perMilli = perSecond / 1000.0;
    this.capacity = burst;
    this.clock = clock;
  }

  /**
   * Takes a token for {@code key}.
   *
   * @return 0 when allowed, else the milliseconds until a token is available
   */
  public long tryTake(String key) {
    long now = clock.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
    synchronized (bucket) {
      bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * perMilli);
      bucket.updatedAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      // the epsilon absorbs floating-point noise, so 1 ms short of a token says 1, not 2
      return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perMilli - 1e-6));
    }
  }

  /** Forgets a key (its socket is gone), so the map does not grow with past connections. */
  public void forget(String key) {
    buckets.remove(key);
  }

  int size() {
    return buckets.size();
  }
}
