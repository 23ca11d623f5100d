package dev.parley.socketio.server.internal;

import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.server.AckCallback;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.Emitter;
import java.util.concurrent.CompletableFuture;

/** A socket's emits with modifiers (timeout, volatile, compress); an immutable view of the socket. */
final class SocketEmitter implements Emitter {
  private final SocketImpl socket;
  private final BroadcastFlags flags;

  SocketEmitter(SocketImpl socket, BroadcastFlags flags) {
    this.socket = socket;
    this.flags = flags;
  }

  @Override
  public void emit(String event, Object... args) {
    socket.emit(flags, event, args);
  }

  @Override
  public CompletableFuture<Args> emitWithAck(String event, Object... args) {
    return socket.emitWithAck(flags, event, args);
  }

  @Override
  public void emitWithAck(String event, AckCallback callback, Object... args) {
    socket.emitWithAck(flags, event, callback, args);
  }
}
