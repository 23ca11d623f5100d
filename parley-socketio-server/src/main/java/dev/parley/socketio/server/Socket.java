package dev.parley.socketio.server;

import dev.parley.engineio.server.TransportName;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One client connected to one namespace: the reference's server-side {@code Socket}.
 *
 * <pre>{@code
 * io.on("connection", socket -> {
 *   socket.join("lobby");
 *   socket.on("hello", (args, ack) -> ack.send("hi " + args.string(0)));
 *   socket.timeout(Duration.ofSeconds(5)).emitWithAck("ready?")
 *       .thenAccept(answer -> log.info("{} is ready: {}", socket.id(), answer));
 *   socket.onDisconnect((reason, detail) -> log.info("{} left: {}", socket.id(), reason));
 * });
 * }</pre>
 *
 * <p>All methods may be called from any thread. Handlers run on the socket's event loop, or on the handler executor
 * when the server has one, one at a time for a given socket.
 */
public interface Socket extends Emitter {

  /** The socket id: 20 characters of base64url, different from the connection's id; also a room. */
  String id();

  /** The namespace the socket is connected to. */
  Namespace namespace();

  Handshake handshake();

  /** Whether the socket is connected. */
  boolean isConnected();

  /** Whether this socket's state was restored by connection state recovery. */
  boolean isRecovered();

  /** The transport its connection uses now. */
  TransportName transport();

  // ---- data ----

  /** The application's data attached to this socket (the reference's {@code socket.data}), or {@code null}. */
  Object data();

  /** The socket's data bound to a type (converted through Jackson if it was set as another type). */
  <T> T data(Class<T> type);

  /** Attaches data to this socket; it must serialize to JSON to be seen by {@code fetchSockets()} on other nodes. */
  void data(Object value);

  // ---- rooms ----

  /** The rooms this socket is in, its own id included; a snapshot. */
  Set<String> rooms();

  /** Joins rooms. Takes effect in order with the socket's other operations. */
  void join(String... rooms);

  /** Joins rooms. */
  void join(Collection<String> rooms);

  /** Leaves a room. */
  void leave(String room);

  // ---- emitting ----

  /** This socket's emits with an acknowledgement timeout. */
  Emitter timeout(Duration timeout);

  /** This socket's emits, which may be dropped if the client is not ready (the reference's {@code volatile}). */
  Emitter asVolatile();

  /** This socket's emits with compression on or off. */
  Emitter compress(boolean compress);

  /** Every socket of the namespace but this one. */
  BroadcastOperator broadcast();

  /** The sockets of {@code rooms}, but this one. */
  BroadcastOperator to(String... rooms);

  /** Same as {@link #to(String...)}. */
  default BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  /** Every socket of the namespace but this one and those in {@code rooms}. */
  BroadcastOperator except(String... rooms);

  // ---- receiving ----

  /** Handles an event. Several handlers of one event all run, in the order added. */
  Socket on(String event, EventHandler handler);

  /** Handles an event once. */
  Socket once(String event, EventHandler handler);

  /** Removes every handler of an event. */
  Socket off(String event);

  /** Removes one handler of an event. */
  Socket off(String event, EventHandler handler);

  /** Hears every incoming event, before its handlers and middlewares. */
  Socket onAny(AnyListener listener);

  /** Like {@link #onAny}, but first in line. */
  Socket prependAny(AnyListener listener);

  Socket offAny(AnyListener listener);

  /** Hears every outgoing event of this socket, broadcasts included. */
  Socket onAnyOutgoing(AnyListener listener);

  /** Like {@link #onAnyOutgoing}, but first in line. */
  Socket prependAnyOutgoing(AnyListener listener);

  Socket offAnyOutgoing(AnyListener listener);

  /** Adds a middleware that every incoming event passes before its handlers. */
  Socket use(PacketMiddleware middleware);

  /** Hears errors: a middleware's rejection, a handler's exception. */
  Socket onError(Consumer<Throwable> listener);

  /** Hears the socket about to disconnect, while it is still in its rooms. */
  Socket onDisconnecting(DisconnectListener listener);

  /** Hears the socket disconnected. */
  Socket onDisconnect(DisconnectListener listener);

  // ---- lifecycle ----

  /**
   * Disconnects this socket from its namespace, with reason {@code server namespace disconnect}.
   *
   * @param close also close the whole connection (and every other namespace on it)
   */
  void disconnect(boolean close);
}
