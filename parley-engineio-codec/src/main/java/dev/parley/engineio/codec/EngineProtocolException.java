package dev.parley.engineio.codec;

/**
 * The one failure the Engine.IO decoders raise: the input is not a valid Engine.IO v4 packet or payload.
 *
 * <p>Transports turn it into the reference server's reaction (close the session with reason {@code parse error}), so
 * the message is meant for logs, never for the peer.
 */
public final class EngineProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EngineProtocolException(String message) {
    super(message, null, false, false);
  }
}
