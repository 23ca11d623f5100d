package dev.parley.socketio.server;

import java.util.concurrent.CompletableFuture;

/**
 * Sends events to one client: a socket, or a socket with modifiers ({@link Socket#timeout}, {@link Socket#asVolatile}).
 */
public interface Emitter {

  /**
   * Sends an event. Arguments are serialized with Jackson; {@code byte[]} values (anywhere inside them) travel as
   * binary attachments.
   *
   * @throws IllegalArgumentException for the reserved event names ({@code connect}, {@code disconnect}, …)
   */
  void emit(String event, Object... args);

  /**
   * Sends an event and completes with the client's acknowledgement, or exceptionally with an
   * {@link AckTimeoutException} (when a timeout is set) or a {@link SocketDisconnectedException}.
   */
  CompletableFuture<Args> emitWithAck(String event, Object... args);

  /** Sends an event and calls {@code callback} with the client's acknowledgement or the error. */
  void emitWithAck(String event, AckCallback callback, Object... args);
}
