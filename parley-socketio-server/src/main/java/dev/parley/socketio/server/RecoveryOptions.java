package dev.parley.socketio.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection state recovery, as the reference defines it: a client that reconnects within
 * {@code maxDisconnectionDuration} gets back its socket id, rooms and data, and the broadcasts it missed.
 *
 * @param maxDisconnectionDuration how long a disconnected socket's state is kept (reference default: 2 minutes)
 * @param skipMiddlewares whether a recovered socket skips the namespace middlewares (reference default: true)
 */
public record RecoveryOptions(Duration maxDisconnectionDuration, boolean skipMiddlewares) {

  public static final Duration DEFAULT_MAX_DISCONNECTION_DURATION = Duration.ofMinutes(2);

  public RecoveryOptions {
    Objects.requireNonNull(maxDisconnectionDuration, "maxDisconnectionDuration");
    if (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
      throw new IllegalArgumentException("maxDisconnectionDuration must be positive");
    }
  }

  /** The reference's defaults. */
  public static RecoveryOptions defaults() {
    return new RecoveryOptions(DEFAULT_MAX_DISCONNECTION_DURATION, true);
  }
}
