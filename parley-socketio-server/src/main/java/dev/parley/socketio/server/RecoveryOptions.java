package dev.parley.socketio.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection state recovery, as the reference defines it: a client that reconnects within
 * {@code maxDisconnectionDuration} gets back its socket id, rooms and data, and the broadcasts it missed.
 *
 * @param maxDisconnectionDuration how long a disconnected socket's state is kept (reference default: 2 minutes)
 * @param skipMiddlewares whether a recovered socket skips the namespace middlewares (reference default: true)
 * @param guard decides whether a reconnecting client may take over a persisted state; the reference has no such
 *     check, so a leaked private session id would hand one user's rooms and data to another: bind them here
 * @param maxStoredPackets how many broadcasts the default (in-memory) adapter keeps for recovery at most, whatever
 *     their age; the reference keeps all of the last {@code maxDisconnectionDuration}, which a busy server or a
 *     flood makes unbounded. A client whose offset was dropped starts a new session ({@code recovered == false})
 * @param maxPersistedSessions how many disconnected sockets' states the default adapter keeps at most
 */
public record RecoveryOptions(Duration maxDisconnectionDuration, boolean skipMiddlewares, RecoveryGuard guard,
    int maxStoredPackets, int maxPersistedSessions) {

  public static final Duration DEFAULT_MAX_DISCONNECTION_DURATION = Duration.ofMinutes(2);
  /** 10,000: at the default duration, 83 broadcasts a second. */
  public static final int DEFAULT_MAX_STORED_PACKETS = 10_000;
  public static final int DEFAULT_MAX_PERSISTED_SESSIONS = 100_000;

  /** Whether a connection may recover a persisted socket state. */
  @FunctionalInterface
  public interface RecoveryGuard {
    /** Allows every recovery (the reference's behaviour). */
    RecoveryGuard ANY = (handshake, data) -> true;

    /**
     * @param handshake the new connection's handshake (its {@code auth} holds the credentials it brought)
     * @param restoredData the {@code data} of the socket it wants to recover, as JSON
     * @return true to recover; false starts a new socket (the client sees {@code recovered == false})
     */
    boolean mayRecover(Handshake handshake, JsonNode restoredData);
  }

  public RecoveryOptions {
    Objects.requireNonNull(maxDisconnectionDuration, "maxDisconnectionDuration");
    if (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
      throw new IllegalArgumentException("maxDisconnectionDuration must be positive");
    }
    Objects.requireNonNull(guard, "guard");
    if (maxStoredPackets < 1 || maxPersistedSessions < 1) {
      throw new IllegalArgumentException("maxStoredPackets and maxPersistedSessions must be positive");
    }
  }

  /** Options with the default caps on what is kept ({@link #DEFAULT_MAX_STORED_PACKETS} and sessions). */
  public RecoveryOptions(Duration maxDisconnectionDuration, boolean skipMiddlewares, RecoveryGuard guard) {
    this(maxDisconnectionDuration, skipMiddlewares, guard, DEFAULT_MAX_STORED_PACKETS,
        DEFAULT_MAX_PERSISTED_SESSIONS);
  }

  /** The reference's defaults. */
  public static RecoveryOptions defaults() {
    return new RecoveryOptions(DEFAULT_MAX_DISCONNECTION_DURATION, true, RecoveryGuard.ANY);
  }

  public RecoveryOptions withGuard(RecoveryGuard newGuard) {
    return new RecoveryOptions(maxDisconnectionDuration, skipMiddlewares, newGuard, maxStoredPackets,
        maxPersistedSessions);
  }

  public RecoveryOptions withSkipMiddlewares(boolean skip) {
    return new RecoveryOptions(maxDisconnectionDuration, skip, guard, maxStoredPackets, maxPersistedSessions);
  }

  public RecoveryOptions withMaxStoredPackets(int max) {
    return new RecoveryOptions(maxDisconnectionDuration, skipMiddlewares, guard, max, maxPersistedSessions);
  }

  public RecoveryOptions withMaxPersistedSessions(int max) {
    return new RecoveryOptions(maxDisconnectionDuration, skipMiddlewares, guard, maxStoredPackets, max);
  }
}
