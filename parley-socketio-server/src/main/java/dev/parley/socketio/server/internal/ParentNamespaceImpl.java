package dev.parley.socketio.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.ConnectMiddleware;
import dev.parley.socketio.server.Namespace;
import dev.parley.socketio.server.NamespaceFilter;
import dev.parley.socketio.server.ServerSideListener;
import dev.parley.socketio.server.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A group of dynamic namespaces (the reference's {@code ParentNamespace}): children are created on their first
 * connection, share the group's middlewares and connection listeners (live: added later, they apply too), and
 * broadcasting on the group reaches every child.
 */
final class ParentNamespaceImpl extends AbstractNamespace {
  private final String label;
  private final NamespaceFilter filter;
  private final DefaultSocketIoServer server;
  private final ConnectionHooks hooks = new ConnectionHooks();
  private final CopyOnWriteArrayList<NamespaceImpl> children = new CopyOnWriteArrayList<>();
  private final BroadcastOperatorImpl operator;

  ParentNamespaceImpl(String label, NamespaceFilter filter, DefaultSocketIoServer server) {
    this.label = label;
    this.filter = filter;
    this.server = server;
    this.operator = BroadcastOperatorImpl.of(() -> List.copyOf(children), server);
  }

  CompletionStage<Boolean> accepts(String name, JsonNode auth) {
    return filter.accept(name, auth);
  }

  NamespaceImpl createChild(String name) {
    NamespaceImpl child = new NamespaceImpl(name, server, this);
    children.add(child);
    return child;
  }

  List<ConnectMiddleware> middlewaresFor(NamespaceImpl child) {
    return hooks.middlewares();
  }

  List<Consumer<Socket>> connectionListenersFor(NamespaceImpl child) {
    return hooks.connectionListeners();
  }

  void onChildEmpty(NamespaceImpl child) {
    if (server.options().cleanupEmptyChildNamespaces() && child.sockets().isEmpty()) {
      children.remove(child);
      server.removeNamespace(child);
    }
  }

  Collection<NamespaceImpl> children() {
    return List.copyOf(children);
  }

  @Override
  public String name() {
    return label;
  }

  @Override
  public Namespace on(String event, Consumer<Socket> listener) {
    hooks.addListener(event, listener);
    return this;
  }

  @Override
  public Namespace use(ConnectMiddleware middleware) {
    hooks.addMiddleware(middleware);
    return this;
  }

  @Override
  public Map<String, Socket> sockets() {
    Map<String, Socket> all = new HashMap<>();
    children.forEach(c -> all.putAll(c.sockets()));
    return Map.copyOf(all);
  }

  /** A group has no adapter of its own: each child has one. */
  @Override
  public Adapter adapter() {
    throw new UnsupportedOperationException("a dynamic namespace group has no adapter; use a child's");
  }

  @Override
  public Namespace onServerSideEmit(String event, ServerSideListener listener) {
    throw new UnsupportedOperationException("serverSideEmit belongs to a concrete namespace");
  }

  @Override
  public void serverSideEmit(String event, Object... args) {
    throw new UnsupportedOperationException("serverSideEmit belongs to a concrete namespace");
  }

  @Override
  public CompletableFuture<List<Args>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
    throw new UnsupportedOperationException("serverSideEmit belongs to a concrete namespace");
  }

  @Override
  BroadcastOperatorImpl operator() {
    return operator;
  }
}
