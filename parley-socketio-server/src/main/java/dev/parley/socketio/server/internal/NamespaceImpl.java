package dev.parley.socketio.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.engineio.server.OutboundMessage;
import dev.parley.engineio.server.internal.SidGenerator;
import dev.parley.socketio.adapter.AckHandler;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterContext;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.SessionState;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.codec.SocketPacket;
import dev.parley.socketio.server.Ack;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.ConnectError;
import dev.parley.socketio.server.ConnectMiddleware;
import dev.parley.socketio.server.Handshake;
import dev.parley.socketio.server.RecoveryOptions;
import dev.parley.socketio.server.DisconnectReason;
import dev.parley.socketio.server.Namespace;
import dev.parley.socketio.server.ServerSideListener;
import dev.parley.socketio.server.Socket;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace: its sockets on this node, its middlewares and listeners, and the adapter's view of it.
 *
 * <p>As the adapter's {@link AdapterContext} it delivers broadcasts: the packet is encoded once, then each event loop
 * gets one task that writes the same frames to all of its recipients.
 */
final class NamespaceImpl extends AbstractNamespace implements AdapterContext {
  private static final Logger log = LoggerFactory.getLogger(NamespaceImpl.class);

  private final String name;
  private final DefaultSocketIoServer server;
  private final ParentNamespaceImpl parent;
  private final ConcurrentHashMap<String, SocketImpl> sockets = new ConcurrentHashMap<>();
  private final ConnectionHooks hooks = new ConnectionHooks();
  private final ConcurrentHashMap<String, ServerSideListener> serverSideListeners = new ConcurrentHashMap<>();
  private final AtomicLong ackIds = new AtomicLong();
  private final Adapter adapter;
  private final BroadcastOperatorImpl operator;

  NamespaceImpl(String name, DefaultSocketIoServer server, ParentNamespaceImpl parent) {
    this.name = name;
    this.server = server;
    this.parent = parent;
    this.adapter = server.options().adapter().create(this);
    this.operator = BroadcastOperatorImpl.of(List.of(this), server);
  }

  DefaultSocketIoServer server() {
    return server;
  }

  @Override
  BroadcastOperatorImpl operator() {
    return operator;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String namespace() {
    return name;
  }

  @Override
  public Adapter adapter() {
    return adapter;
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
    return Map.copyOf(sockets);
  }

  SocketImpl socket(String id) {
    return sockets.get(id);
  }

  // ---- connection ----

  /**
   * A client asks to join this namespace; on its loop. With connection state recovery on, a CONNECT carrying a
   * private session id and an offset first tries to restore that socket (asynchronously: the adapter may be remote).
   */
  void add(Client client, ObjectNode auth) {
    RecoveryOptions recovery = server.options().recovery();
    JsonNode pid = auth.get("pid");
    JsonNode offset = auth.get("offset");
    if (recovery != null && pid != null && pid.isTextual() && offset != null && offset.isTextual()) {
      adapter.restoreSession(pid.asText(), offset.asText()).whenComplete((state, error) -> {
        if (error != null) {
          log.warn("namespace {}: restoring a session failed; connecting a new socket", name, error);
        }
        client.loop().execute(() -> addSocket(client, auth, error == null ? state : null));
      });
      return;
    }
    addSocket(client, auth, null);
  }

  private void addSocket(Client client, ObjectNode auth, SessionState candidate) {
    RecoveryOptions recovery = server.options().recovery();
    Handshake handshake = Handshakes.of(client.connection().request(), auth);
    SessionState restored = candidate != null && recovery.guard().mayRecover(handshake, candidate.data())
        ? candidate : null;
    SocketImpl socket;
    if (restored != null) {
      socket = new SocketImpl(restored.sid(), restored.pid(), this, client, handshake);
      socket.data(restored.data().isNull() ? null : restored.data());
      socket.markRecovered();
    } else {
      socket = new SocketImpl(SidGenerator.next(), recovery == null ? null : SidGenerator.next(), this, client,
          handshake);
    }
    if (restored != null && recovery.skipMiddlewares() && client.isOpen()) {
      connect(client, socket, restored);
      return;
    }
    List<ConnectMiddleware> chain = parent == null ? hooks.middlewares() : parent.middlewaresFor(this);
    runMiddlewares(chain, 0, socket, error -> client.loop().execute(() -> {
      if (!client.isOpen()) {
        client.connectFailed(name);
        return;
      }
      if (error != null) {
        JsonNode data = error.data() == null ? null : JsonValues.toNode(server.mapper(), error.data());
        client.sendConnectError(name, error.getMessage() == null ? "error" : error.getMessage(), data);
        return;
      }
      connect(client, socket, restored);
    }));
  }

  private void runMiddlewares(List<ConnectMiddleware> chain, int index, SocketImpl socket,
      Consumer<ConnectError> done) {
    if (index >= chain.size()) {
      done.accept(null);
      return;
    }
    AtomicBoolean called = new AtomicBoolean();
    ConnectMiddleware.Next next = new ConnectMiddleware.Next() {
      @Override
      public void proceed() {
        if (called.compareAndSet(false, true)) {
          runMiddlewares(chain, index + 1, socket, done);
        }
      }

      @Override
      public void reject(ConnectError error) {
        if (called.compareAndSet(false, true)) {
          done.accept(error == null ? new ConnectError("error") : error);
        }
      }
    };
    socket.dispatch(() -> {
      try {
        chain.get(index).handle(socket, next);
      } catch (ConnectError e) {
        next.reject(e);
      } catch (Exception e) {
        log.warn("connect middleware of namespace {} failed", name, e);
        next.reject(new ConnectError(e.getMessage() == null ? e.toString() : e.getMessage()));
      }
    });
  }

  private void connect(Client client, SocketImpl socket, SessionState restored) {
    sockets.put(socket.id(), socket);
    socket.onConnect(socket.connectAnswer(), restored);
    client.onConnected(socket);
    List<Consumer<Socket>> listeners =
        parent == null ? hooks.connectionListeners() : parent.connectionListenersFor(this);
    socket.dispatch(() -> {
      for (Consumer<Socket> listener : listeners) {
        try {
          listener.accept(socket);
        } catch (RuntimeException e) {
          log.error("connection listener of namespace {} failed", name, e);
        }
      }
    });
  }

  void remove(SocketImpl socket) {
    sockets.remove(socket.id(), socket);
    if (parent != null && sockets.isEmpty()) {
      parent.onChildEmpty(this);
    }
  }

  long nextAckIdValue() {
    return ackIds.getAndIncrement();
  }

  // ---- AdapterContext ----

  @Override
  public boolean isLocal(String socketId) {
    return sockets.containsKey(socketId);
  }

  @Override
  public void deliver(SocketPacket packet, Collection<String> socketIds, BroadcastFlags flags) {
    OutboundMessage message = server.writer().encode(packet);
    ArrayNode payload = (ArrayNode) packet.data();
    LoopBatches batches = null;
    for (String id : socketIds) {
      SocketImpl socket = sockets.get(id);
      if (socket == null) {
        continue;
      }
      EventLoop loop = socket.loop();
      if (loop.inEventLoop()) {
        socket.deliver(message, payload, flags);
      } else {
        if (batches == null) {
          batches = new LoopBatches();
        }
        batches.add(loop, socket);
      }
    }
    if (batches != null) {
      batches.dispatch(socket -> socket.deliver(message, payload, flags));
    }
  }

  @Override
  public int deliverWithAck(SocketPacket packet, Collection<String> socketIds, BroadcastFlags flags,
      AckHandler onAck) {
    OutboundMessage message = server.writer().encode(packet);
    int count = 0;
    LoopBatches batches = null;
    for (String id : socketIds) {
      SocketImpl socket = sockets.get(id);
      if (socket == null || !socket.isConnected()) {
        continue;
      }
      count++;
      EventLoop loop = socket.loop();
      if (loop.inEventLoop()) {
        socket.deliverWithAck(message, packet, flags, onAck);
      } else {
        if (batches == null) {
          batches = new LoopBatches();
        }
        batches.add(loop, socket);
      }
    }
    if (batches != null) {
      batches.dispatch(socket -> socket.deliverWithAck(message, packet, flags, onAck));
    }
    return count;
  }

  @Override
  public long nextAckId() {
    return nextAckIdValue();
  }

  @Override
  public SocketDetails describe(String socketId) {
    SocketImpl socket = sockets.get(socketId);
    return socket == null || !socket.isConnected() ? null : socket.details();
  }

  @Override
  public void join(String socketId, Set<String> rooms) {
    SocketImpl socket = sockets.get(socketId);
    if (socket != null) {
      socket.join(rooms);
    }
  }

  @Override
  public void leave(String socketId, Set<String> rooms) {
    SocketImpl socket = sockets.get(socketId);
    if (socket != null) {
      rooms.forEach(socket::leave);
    }
  }

  @Override
  public void disconnect(String socketId, boolean close) {
    SocketImpl socket = sockets.get(socketId);
    if (socket != null) {
      socket.disconnect(close);
    }
  }

  @Override
  public void onServerSideEmit(ArrayNode args, Consumer<JsonNode> ack) {
    if (args.isEmpty()) {
      return;
    }
    String event = args.get(0).asText();
    ServerSideListener listener = serverSideListeners.get(event);
    if (listener == null) {
      return;
    }
    ArrayNode rest = args.deepCopy();
    rest.remove(0);
    Ack answer = ack == null ? Ack.NONE : new Ack() {
      private final AtomicBoolean sent = new AtomicBoolean();

      @Override
      public void send(Object... values) {
        if (sent.compareAndSet(false, true)) {
          ack.accept(values.length == 0 ? com.fasterxml.jackson.databind.node.NullNode.instance
              : JsonValues.toNode(server.mapper(), values[0]));
        }
      }

      @Override
      public boolean isRequested() {
        return true;
      }
    };
    try {
      listener.handle(new Args(rest, server.mapper()), answer);
    } catch (Exception e) {
      log.error("server-side listener of event {} failed", event, e);
    }
  }

  // ---- Namespace: server-side emit ----

  @Override
  public Namespace onServerSideEmit(String event, ServerSideListener listener) {
    serverSideListeners.put(event, listener);
    return this;
  }

  @Override
  public void serverSideEmit(String event, Object... args) {
    JsonValues.checkEmittable(event);
    adapter.serverSideEmit(JsonValues.eventArray(server.mapper(), event, args));
  }

  @Override
  public CompletableFuture<List<Args>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
    JsonValues.checkEmittable(event);
    return adapter.serverSideEmitWithAck(JsonValues.eventArray(server.mapper(), event, args), timeout)
        .thenApply(answers -> answers.stream().map(a -> {
          ArrayNode array = server.mapper().createArrayNode();
          array.add(a);
          return new Args(array, server.mapper());
        }).toList())
        .toCompletableFuture();
  }

  /** Closes every local socket (server shutdown) and the adapter. */
  void close(DisconnectReason reason) {
    for (SocketImpl socket : sockets.values()) {
      socket.loop().execute(() -> socket.onClose(reason, null));
    }
    adapter.close();
  }

  @Override
  public String toString() {
    return "Namespace[" + name + "]";
  }
}
