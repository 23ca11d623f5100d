package dev.parley.engineio.server;

/**
 * Receives what happens on one session. Every callback runs on the session's event loop, one at a time, so an
 * implementation needs no locking for state it only touches from here; it must not block.
 */
public interface EngineSocketHandler {

  /** Does nothing; the handler of a session until the layer above installs its own. */
  EngineSocketHandler NOOP = new EngineSocketHandler() {
    @Override
    public void onMessage(String text) {}

    @Override
    public void onBinary(byte[] data) {}

    @Override
    public void onClose(CloseReason reason, String detail) {}
  };

  /** A text message packet arrived. */
  void onMessage(String text);

  /** A binary message packet arrived. */
  void onBinary(byte[] data);

  /**
   * The session closed; no callback follows.
   *
   * @param reason why
   * @param detail more detail for logs, or {@code null}
   */
  void onClose(CloseReason reason, String detail);

  /** The session moved from polling to WebSocket. */
  default void onUpgrade(TransportName transport) {}
}
