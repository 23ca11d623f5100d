package dev.parley.engineio.server.netty;

import dev.parley.engineio.server.Limits;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits on the HTTP layer itself, before any Engine.IO logic runs: the HTTP part of {@link Limits}, in the shape the
 * channel initializer takes. Derive it with {@link #of(Limits)}; the constructor stays for compatibility.
 *
 * @param maxInitialLineLength the longest request line accepted (longer: 400 and close)
 * @param maxHeaderSize the most header bytes accepted (more: 400 and close)
 * @param headerTimeout how long a connection may take to send a request's headers
 * @param bodyTimeout how long a request may take to send its body (and a client to take an answer)
 */
public record HttpServerLimits(int maxInitialLineLength, int maxHeaderSize, Duration headerTimeout,
    Duration bodyTimeout) {

  public static final HttpServerLimits DEFAULTS = of(Limits.DEFAULTS);

  public HttpServerLimits {
    if (maxInitialLineLength < 64 || maxHeaderSize < 256) {
      throw new IllegalArgumentException("HTTP limits too small");
    }
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    Objects.requireNonNull(bodyTimeout, "bodyTimeout");
    if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
      throw new IllegalArgumentException("HTTP timeouts must be positive");
    }
  }

  /** The HTTP limits of {@code limits}. */
  public static HttpServerLimits of(Limits limits) {
    return new HttpServerLimits(limits.maxInitialLineLength(), limits.maxHeaderSize(), limits.headerTimeout(),
        limits.bodyTimeout());
  }
}
