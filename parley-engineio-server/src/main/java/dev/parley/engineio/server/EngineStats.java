package dev.parley.engineio.server;

/**
 * Read-only counters of one engine server since it was created, for metrics and health checks
 * ({@code engine.stats()}, or {@code io.engine().stats()} from a Socket.IO server).
 *
 * <p>It exists so that an operator can see attacks and misbehaving clients the server turned away (the reliability
 * catalogue asks for a counter of refused handshakes) without parsing logs. Each read is a cheap sum, safe from any
 * thread; the values only grow, except {@link #openSessions()}.
 */
public interface EngineStats {

  /** The sessions open now. */
  int openSessions();

  /**
   * The engine requests answered with the reference's error answer carrying {@code code} (400, or 403 for
   * {@link EngineErrorCode#FORBIDDEN}): handshakes with a bad transport, protocol version or method, requests for an
   * unknown session id, invalid polling payloads, refusals by {@code allowRequest}.
   */
  long refusedRequests(EngineErrorCode code);

  /** The handshakes refused with 429 because their address had no session left ({@code Limits.maxConnectionsPerIp}). */
  long refusedOverConnectionCap();

  /** The sessions closed with {@code reason}. */
  long closedSessions(CloseReason reason);

  /** The volatile packets dropped because their client was not keeping up. */
  long droppedPackets();
}
