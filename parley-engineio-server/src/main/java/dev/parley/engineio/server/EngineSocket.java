package dev.parley.engineio.server;

import java.util.concurrent.Executor;

/**
 * One Engine.IO session, whatever its transport.
 *
 * <p>Every method may be called from any thread. The session lives on one event loop ({@link #executor()}): calls
 * from other threads are handed to it, so sends from one thread keep their order.
 */
public interface EngineSocket {

  /** The session id ({@code sid}), 20 characters of base64url. */
  String id();

  /** The transport in use now; it changes once, from polling to WebSocket, on upgrade. */
  TransportName transport();

  /** The request that opened the session. */
  HandshakeRequest request();

  /** Whether the session is open (not closing or closed). */
  boolean isOpen();

  /** The session's event loop, where its callbacks run; tasks given to it run in order. */
  Executor executor();

  /** Whether the calling thread is the session's event loop. */
  boolean inExecutor();

  /** Installs the handler that receives this session's messages and close; call it in the connection callback. */
  void setHandler(EngineSocketHandler handler);

  /** Sends a text message packet. */
  void send(String text);

  /** Sends a binary message packet. */
  void send(byte[] data);

  /**
   * Sends a prepared message (a text packet and its binary attachments, contiguously).
   *
   * @param message the message, which may be shared between many sessions
   * @param dropIfBusy whether to drop it rather than queue it when the client is not keeping up (volatile emits)
   */
  void send(OutboundMessage message, boolean dropIfBusy);

  /** Closes the session with reason {@link CloseReason#FORCED_CLOSE}, after what is already queued. */
  void close();
}
