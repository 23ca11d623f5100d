package dev.parley.socketio.server;

import dev.parley.socketio.adapter.Adapter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A namespace: a channel of its own on shared connections, with its sockets, rooms, middlewares and adapter.
 *
 * <p>As a {@link BroadcastOperator} it targets all of its sockets: {@code io.of("/chat").emit("hello")}.
 */
public interface Namespace extends BroadcastOperator {

  /** The name, such as {@code "/"} or {@code "/orders"}. */
  String name();

  /**
   * Adds a connection listener.
   *
   * @param event {@code "connection"} or its alias {@code "connect"}
   * @throws IllegalArgumentException for any other event
   */
  Namespace on(String event, Consumer<Socket> listener);

  /** Adds a middleware that every connection to this namespace passes first. */
  Namespace use(ConnectMiddleware middleware);

  /** The sockets connected to this namespace on this node, by id; a snapshot. */
  Map<String, Socket> sockets();

  /** The adapter that keeps this namespace's rooms. */
  Adapter adapter();

  /** Handles events sent by other servers of the cluster with {@link #serverSideEmit}. */
  Namespace onServerSideEmit(String event, ServerSideListener listener);

  /** Sends an event to the other servers of the cluster (not to clients, not to this server). */
  void serverSideEmit(String event, Object... args);

  /** Sends an event to the other servers and collects their answers within {@code timeout}. */
  CompletableFuture<List<Args>> serverSideEmitWithAck(Duration timeout, String event, Object... args);
}
