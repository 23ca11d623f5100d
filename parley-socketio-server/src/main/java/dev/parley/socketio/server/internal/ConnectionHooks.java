package dev.parley.socketio.server.internal;

import dev.parley.socketio.server.ConnectMiddleware;
import dev.parley.socketio.server.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What runs when a socket connects to a namespace: its middlewares, then its connection listeners.
 *
 * <p>A namespace and a dynamic group of namespaces both hold these (a group's apply to every child it creates), so
 * the lists and the rule that a namespace only has "connection" listeners live here once. Copy-on-write, because
 * handlers may be added from any thread while connections read them on the event loops.
 */
final class ConnectionHooks {
  private final CopyOnWriteArrayList<ConnectMiddleware> middlewares = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<Socket>> connectionListeners = new CopyOnWriteArrayList<>();

  void addListener(String event, Consumer<Socket> listener) {
    if (!"connection".equals(event) && !"connect".equals(event)) {
      throw new IllegalArgumentException("a namespace has \"connection\" listeners only, not \"" + event + "\"");
    }
    connectionListeners.add(listener);
  }

  void addMiddleware(ConnectMiddleware middleware) {
    middlewares.add(middleware);
  }

  /** Live views: what is added later applies to later connections. */
  List<ConnectMiddleware> middlewares() {
    return middlewares;
  }

  List<Consumer<Socket>> connectionListeners() {
    return connectionListeners;
  }
}
