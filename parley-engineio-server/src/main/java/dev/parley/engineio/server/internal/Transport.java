package dev.parley.engineio.server.internal;

import dev.parley.engineio.codec.EnginePacket;
import dev.parley.engineio.server.CloseReason;
import dev.parley.engineio.server.OutboundMessage;
import dev.parley.engineio.server.TransportName;

/**
 * What a session needs of a transport. All methods are called on the session's event loop.
 */
interface Transport {

  TransportName name();

  /** Sends one packet (a ping, a close, a message). */
  void send(EnginePacket packet);

  /**
   * Sends a prepared message.
   *
   * @param dropIfBusy drop instead of queueing when the client is not keeping up
   */
  void send(OutboundMessage message, boolean dropIfBusy);

  /** Closes the transport; {@code gracefully} lets queued packets and a close packet go out first. */
  void close(boolean gracefully);

  /** Closes the transport at once because of {@code reason}, which a transport may tell the client (a close code). */
  default void abort(CloseReason reason) {
    close(false);
  }
}
