package dev.parley.socketio.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.engineio.server.HandshakeRequest;
import dev.parley.engineio.server.OutboundMessage;
import dev.parley.engineio.server.TransportName;
import dev.parley.engineio.server.internal.Disconnects;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.SessionState;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.codec.SocketPacket;
import dev.parley.socketio.server.Ack;
import dev.parley.socketio.server.AckCallback;
import dev.parley.socketio.server.AckTimeoutException;
import dev.parley.socketio.server.AnyListener;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.BroadcastOperator;
import dev.parley.socketio.server.DisconnectListener;
import dev.parley.socketio.server.DisconnectReason;
import dev.parley.socketio.server.Emitter;
import dev.parley.socketio.server.EventHandler;
import dev.parley.socketio.server.Handshake;
import dev.parley.socketio.server.Namespace;
import dev.parley.socketio.server.PacketMiddleware;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketDisconnectedException;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket: one client on one namespace.
 *
 * <p>Acknowledgements and their timers are confined to the connection's event loop; listener lists are
 * copy-on-write; room membership changes under this socket's lock so that a join racing a disconnect cannot leave a
 * stale membership behind.
 */
final class SocketImpl implements Socket {
  private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);

  private final String id;
  /** The private session id of connection state recovery; {@code null} when recovery is off. */
  private final String pid;
  private final NamespaceImpl nsp;
  private final Client client;
  private final Handshake handshake;
  private final ObjectMapper mapper;
  private final Executor dispatcher;
  private final EventRateLimiter rateLimiter;
  private volatile boolean connected;
  private volatile boolean recovered;
  private volatile Object data;

  private final ConcurrentHashMap<String, Listeners<EventHandler>> handlers = new ConcurrentHashMap<>(4);
  private final Listeners<AnyListener> anyListeners = new Listeners<>();
  private final Listeners<AnyListener> anyOutgoingListeners = new Listeners<>();
  private final Listeners<PacketMiddleware> middlewares = new Listeners<>();
  private final Listeners<Consumer<Throwable>> errorListeners = new Listeners<>();
  private final Listeners<DisconnectListener> disconnectingListeners = new Listeners<>();
  private final Listeners<DisconnectListener> disconnectListeners = new Listeners<>();

  /** Confined to the event loop. */
  private final Map<Long, PendingAck> acks = new HashMap<>();

  SocketImpl(String id, String pid, NamespaceImpl nsp, Client client, Handshake handshake) {
    this.id = id;
    this.pid = pid;
    this.nsp = nsp;
    this.client = client;
    this.handshake = handshake;
    this.mapper = nsp.server().mapper();
    Executor handlerExecutor = nsp.server().options().handlerExecutor();
    this.dispatcher = handlerExecutor == null ? Runnable::run : new SerialExecutor(handlerExecutor);
    this.rateLimiter = EventRateLimiter.of(nsp.server().options().limits());
  }

  // ---- identity ----

  @Override
  public String id() {
    return id;
  }

  @Override
  public Namespace namespace() {
    return nsp;
  }

  NamespaceImpl nsp() {
    return nsp;
  }

  Client client() {
    return client;
  }

  EventLoop loop() {
    return client.loop();
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public boolean isRecovered() {
    return recovered;
  }

  void markRecovered() {
    recovered = true;
  }

  @Override
  public TransportName transport() {
    return client.transport();
  }

  @Override
  public Object data() {
    return data;
  }

  @Override
  public <T> T data(Class<T> type) {
    Object value = data;
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    return mapper.convertValue(value, type);
  }

  @Override
  public void data(Object value) {
    this.data = value;
  }

  JsonNode dataAsJson() {
    Object value = data;
    return value == null ? com.fasterxml.jackson.databind.node.NullNode.instance : JsonValues.toNode(mapper, value);
  }

  SocketDetails details() {
    return new SocketDetails(id, Handshakes.toJson(handshake), rooms(), dataAsJson());
  }

  /** Runs user code where the server wants it: inline on the loop, or in order on the handler executor. */
  void dispatch(Runnable task) {
    dispatcher.execute(task);
  }

  // ---- rooms ----

  @Override
  public Set<String> rooms() {
    return nsp.adapter().socketRooms(id);
  }

  @Override
  public void join(String... rooms) {
    join(Arrays.asList(rooms));
  }

  @Override
  public void join(Collection<String> rooms) {
    Set<String> set = new LinkedHashSet<>(rooms);
    synchronized (this) {
      if (connected) {
        nsp.adapter().addAll(id, set);
      }
    }
  }

  @Override
  public void leave(String room) {
    synchronized (this) {
      if (connected) {
        nsp.adapter().del(id, room);
      }
    }
  }

  // ---- emitting ----

  @Override
  public void emit(String event, Object... args) {
    emit(BroadcastFlags.DEFAULT, event, args);
  }

  @Override
  public CompletableFuture<Args> emitWithAck(String event, Object... args) {
    return emitWithAck(BroadcastFlags.DEFAULT, event, args);
  }

  @Override
  public void emitWithAck(String event, AckCallback callback, Object... args) {
    emitWithAck(BroadcastFlags.DEFAULT, event, callback, args);
  }

  void emit(BroadcastFlags flags, String event, Object[] args) {
    JsonValues.checkEmittable(event);
    ArrayNode payload = JsonValues.eventArray(mapper, event, args);
    SocketPacket packet = SocketPacket.event(nsp.name(), payload);
    if (pid != null) {
      // with recovery on, even a direct emit goes through the adapter, which gives it an offset and keeps it for
      // a reconnection, as the reference does
      nsp.adapter().broadcast(packet, new dev.parley.socketio.adapter.BroadcastOptions(Set.of(id), Set.of(), flags));
      return;
    }
    notifyOutgoing(payload);
    client.write(nsp.server().writer().encode(packet), flags.isVolatile());
  }

  CompletableFuture<Args> emitWithAck(BroadcastFlags flags, String event, Object[] args) {
    CompletableFuture<Args> future = new CompletableFuture<>();
    emitWithAck(flags, event, (error, response) -> {
      if (error != null) {
        future.completeExceptionally(error);
      } else {
        future.complete(response);
      }
    }, args);
    return future;
  }

  void emitWithAck(BroadcastFlags flags, String event, AckCallback callback, Object[] args) {
    JsonValues.checkEmittable(event);
    ArrayNode payload = JsonValues.eventArray(mapper, event, args);
    long ackId = nsp.nextAckId();
    SocketPacket packet = SocketPacket.event(nsp.name(), payload, ackId);
    OutboundMessage message = nsp.server().writer().encode(packet);
    notifyOutgoing(payload);
    PendingAck.Sink sink = new PendingAck.Sink() {
      @Override
      public void acknowledged(ArrayNode response) {
        dispatch(() -> callback.onAck(null, new Args(response, mapper)));
      }

      @Override
      public void failed(Throwable error) {
        dispatch(() -> callback.onAck(error, null));
      }
    };
    runOnLoop(() -> {
      if (!connected) {
        sink.failed(new SocketDisconnectedException("socket has been disconnected"));
        return;
      }
      PendingAck pending = new PendingAck(sink);
      acks.put(ackId, pending);
      Duration timeout = flags.timeout();
      if (timeout != null) {
        pending.timer = loop().schedule(() -> {
          if (acks.remove(ackId) != null) {
            sink.failed(new AckTimeoutException("operation has timed out"));
          }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      client.writeNow(message, flags.isVolatile());
    });
  }

  /** A broadcast reached this socket; on the loop. */
  void deliver(OutboundMessage message, ArrayNode payload, BroadcastFlags flags) {
    if (!connected) {
      return;
    }
    notifyOutgoing(payload);
    client.writeNow(message, flags.isVolatile());
  }

  /** A broadcast that asks for acknowledgements reached this socket; on the loop. */
  boolean deliverWithAck(OutboundMessage message, SocketPacket packet, BroadcastFlags flags,
      dev.parley.socketio.adapter.AckHandler onAck) {
    if (!connected) {
      return false;
    }
    PendingAck pending = new PendingAck(new PendingAck.Sink() {
      @Override
      public void acknowledged(ArrayNode args) {
        onAck.onAck(id, args);
      }

      @Override
      public void failed(Throwable error) {
        // the broadcast's own timeout reports missing answers
      }
    });
    long ackId = packet.ackId();
    acks.put(ackId, pending);
    if (flags.timeout() != null) {
      // only forgets the entry (the broadcast reports the missing answer): a client that never answers broadcasts
      // must not grow this map for as long as it stays connected (catalogue E4)
      pending.timer = loop().schedule(() -> acks.remove(ackId, pending), flags.timeout().toNanos(),
          TimeUnit.NANOSECONDS);
    }
    notifyOutgoing((ArrayNode) packet.data());
    client.writeNow(message, flags.isVolatile());
    return true;
  }

  private void notifyOutgoing(ArrayNode payload) {
    if (anyOutgoingListeners.isEmpty()) {
      return;
    }
    String event = payload.get(0).asText();
    ArrayNode args = payload.deepCopy();
    args.remove(0);
    Args view = new Args(args, mapper);
    for (AnyListener listener : anyOutgoingListeners) {
      try {
        listener.onEvent(event, view);
      } catch (RuntimeException e) {
        log.error("outgoing listener of socket {} failed", id, e);
      }
    }
  }

  @Override
  public Emitter timeout(Duration timeout) {
    return new SocketEmitter(this, BroadcastFlags.DEFAULT.withTimeout(timeout));
  }

  @Override
  public Emitter asVolatile() {
    return new SocketEmitter(this, BroadcastFlags.DEFAULT.withVolatile(true));
  }

  @Override
  public Emitter compress(boolean compress) {
    return new SocketEmitter(this, BroadcastFlags.DEFAULT.withCompress(compress));
  }

  @Override
  public BroadcastOperator broadcast() {
    return nsp.operator().except(id);
  }

  @Override
  public BroadcastOperator to(String... rooms) {
    return nsp.operator().to(rooms).except(id);
  }

  @Override
  public BroadcastOperator except(String... rooms) {
    return nsp.operator().except(rooms).except(id);
  }

  // ---- listeners ----

  @Override
  public Socket on(String event, EventHandler handler) {
    handlers.computeIfAbsent(event, k -> new Listeners<>()).add(handler);
    return this;
  }

  @Override
  public Socket once(String event, EventHandler handler) {
    EventHandler[] self = new EventHandler[1];
    self[0] = (args, ack) -> {
      off(event, self[0]);
      handler.handle(args, ack);
    };
    return on(event, self[0]);
  }

  @Override
  public Socket off(String event) {
    handlers.remove(event);
    return this;
  }

  @Override
  public Socket off(String event, EventHandler handler) {
    Listeners<EventHandler> list = handlers.get(event);
    if (list != null) {
      list.remove(handler);
    }
    return this;
  }

  @Override
  public Socket onAny(AnyListener listener) {
    anyListeners.add(listener);
    return this;
  }

  @Override
  public Socket prependAny(AnyListener listener) {
    anyListeners.addFirst(listener);
    return this;
  }

  @Override
  public Socket offAny(AnyListener listener) {
    anyListeners.remove(listener);
    return this;
  }

  @Override
  public Socket onAnyOutgoing(AnyListener listener) {
    anyOutgoingListeners.add(listener);
    return this;
  }

  @Override
  public Socket prependAnyOutgoing(AnyListener listener) {
    anyOutgoingListeners.addFirst(listener);
    return this;
  }

  @Override
  public Socket offAnyOutgoing(AnyListener listener) {
    anyOutgoingListeners.remove(listener);
    return this;
  }

  @Override
  public Socket use(PacketMiddleware middleware) {
    middlewares.add(middleware);
    return this;
  }

  @Override
  public Socket onError(Consumer<Throwable> listener) {
    errorListeners.add(listener);
    return this;
  }

  @Override
  public Socket onDisconnecting(DisconnectListener listener) {
    disconnectingListeners.add(listener);
    return this;
  }

  @Override
  public Socket onDisconnect(DisconnectListener listener) {
    disconnectListeners.add(listener);
    return this;
  }

  // ---- incoming packets, on the loop ----

  void onConnect(ObjectNode connectData) {
    onConnect(connectData, null);
  }

  /**
   * Joins the socket's rooms, sends what a recovered socket missed, then the CONNECT answer: the missed packets go
   * first, as the reference sends them, and the client holds them until it is connected.
   */
  void onConnect(ObjectNode connectData, dev.parley.socketio.adapter.SessionState restored) {
    connected = true;
    join(id);
    if (restored != null) {
      join(restored.rooms());
      for (ArrayNode missed : restored.missedPackets()) {
        client.writeNow(nsp.server().writer().encode(SocketPacket.event(nsp.name(), missed)), false);
      }
    }
    client.writeNow(nsp.server().writer().encode(SocketPacket.connect(nsp.name(), connectData)), false);
    if (pid != null) {
      // an adapter that shares sessions across nodes checkpoints this one, for the case this node dies
      nsp.adapter().sessionConnected(new SessionState(id, pid, rooms(), dataAsJson(), List.of()));
    }
  }

  void onPacket(SocketPacket packet) {
    switch (packet.type()) {
      case EVENT -> onEvent(packet);
      case ACK -> onAck(packet);
      case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, null);
      default -> client.protocolError("unexpected packet " + packet.type());
    }
  }

  private void onEvent(SocketPacket packet) {
    ArrayNode payload = (ArrayNode) packet.data();
    String event = payload.get(0).asText();
    if ("error".equals(event)) {
      // "error" reaches no handler from a client (CVE-2024-38355): the client broke the protocol
      client.protocolError("reserved event name \"error\"");
      return;
    }
    if (!withinRateLimit()) {
      return;
    }
    payload.remove(0);
    Args args = new Args(payload, mapper);
    Ack ack = packet.hasAck() ? new ClientAck(packet.ackId()) : Ack.NONE;
    dispatch(() -> runEvent(event, args, ack));
  }

  /** Applies the socket's event budget (catalogue D3); false when the event is dropped. */
  private boolean withinRateLimit() {
    switch (rateLimiter.onEvent()) {
      case ACCEPT:
        return true;
      case DROP_AND_NOTIFY:
        ObjectNode notice = JsonNodeFactory.instance.objectNode().put("retryAfter", rateLimiter.retryAfterMillis());
        client.writeNow(nsp.server().writer().encode(SocketPacket.event(nsp.name(),
            JsonNodeFactory.instance.arrayNode().add(EventRateLimiter.EVENT).add(notice))), false);
        return false;
      case DROP:
        return false;
      default:
        client.policyViolation("event rate limit exceeded");
        return false;
    }
  }

  private void runEvent(String event, Args args, Ack ack) {
    for (AnyListener listener : anyListeners) {
      try {
        listener.onEvent(event, args);
      } catch (RuntimeException e) {
        reportError(e);
      }
    }
    runMiddlewares(0, event, args, ack);
  }

  private void runMiddlewares(int index, String event, Args args, Ack ack) {
    if (index >= middlewares.size()) {
      invokeHandlers(event, args, ack);
      return;
    }
    AtomicBoolean called = new AtomicBoolean();
    PacketMiddleware.Next next = new PacketMiddleware.Next() {
      @Override
      public void proceed() {
        if (called.compareAndSet(false, true)) {
          runMiddlewares(index + 1, event, args, ack);
        }
      }

      @Override
      public void reject(Throwable error) {
        if (called.compareAndSet(false, true)) {
          reportError(error);
        }
      }
    };
    try {
      middlewares.get(index).handle(event, args, next);
    } catch (Exception e) {
      next.reject(e);
    }
  }

  private void invokeHandlers(String event, Args args, Ack ack) {
    if (!connected) {
      log.debug("socket {}: event {} after disconnection ignored", id, event);
      return;
    }
    Listeners<EventHandler> list = handlers.get(event);
    if (list == null) {
      return;
    }
    for (EventHandler handler : list) {
      try {
        handler.handle(args, ack);
      } catch (Exception e) {
        log.error("handler of event \"{}\" on socket {} failed", event, id, e);
        reportError(e);
      }
    }
  }

  private void reportError(Throwable error) {
    for (Consumer<Throwable> listener : errorListeners) {
      try {
        listener.accept(error);
      } catch (RuntimeException e) {
        log.error("error listener of socket {} failed", id, e);
      }
    }
  }

  private void onAck(SocketPacket packet) {
    PendingAck pending = acks.remove(packet.ackId());
    if (pending == null) {
      log.debug("socket {}: unknown ack id {}", id, packet.ackId());
      return;
    }
    pending.cancelTimer();
    pending.sink.acknowledged((ArrayNode) packet.data());
  }

  /** The acknowledgement a client asked for. */
  private final class ClientAck implements Ack {
    private final long ackId;
    private final AtomicBoolean sent = new AtomicBoolean();

    ClientAck(long ackId) {
      this.ackId = ackId;
    }

    @Override
    public void send(Object... args) {
      if (!sent.compareAndSet(false, true)) {
        return;
      }
      ArrayNode payload = JsonValues.array(mapper, args);
      client.write(nsp.server().writer().encode(SocketPacket.ack(nsp.name(), payload, ackId)), false);
    }

    @Override
    public boolean isRequested() {
      return true;
    }
  }

  // ---- disconnection ----

  @Override
  public void disconnect(boolean close) {
    runOnLoop(() -> {
      if (!connected) {
        return;
      }
      if (close) {
        client.disconnectAll();
      } else {
        client.writeNow(nsp.server().writer().encode(SocketPacket.disconnect(nsp.name())), false);
        onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, null);
      }
    });
  }

  /** The socket is gone; on the loop. Listeners run (where handlers run) while the socket is still in its rooms. */
  void onClose(DisconnectReason reason, String description) {
    if (!connected) {
      return;
    }
    connected = false;
    logDisconnect(reason, description);
    client.remove(this);
    failPendingAcks();
    if (pid != null && reason.isRecoverable()) {
      nsp.adapter().persistSession(new SessionState(id, pid, rooms(), dataAsJson(),
          List.of()));
    }
    dispatch(() -> {
      fire(disconnectingListeners, reason, description);
      synchronized (this) {
        nsp.adapter().delAll(id);
      }
      nsp.remove(this);
      fire(disconnectListeners, reason, description);
    });
  }

  private void logDisconnect(DisconnectReason reason, String description) {
    HandshakeRequest request = client.connection().request();
    boolean abnormal = switch (reason) {
      case PARSE_ERROR, POLICY_VIOLATION, SLOW_CONSUMER, PING_TIMEOUT, TRANSPORT_ERROR -> true;
      default -> false;
    };
    if (Disconnects.enabled(abnormal)) {
      Disconnects.log(abnormal, "socket {} on {} (engine session {}) disconnected: {}{}; remote {}, origin {}", id,
          nsp.name(), client.connection().id(), reason.description(), Disconnects.detail(description),
          Disconnects.remote(request), Disconnects.origin(request));
    }
  }

  private void failPendingAcks() {
    if (acks.isEmpty()) {
      return;
    }
    List<PendingAck> pending = new ArrayList<>(acks.values());
    acks.clear();
    SocketDisconnectedException error = new SocketDisconnectedException("socket has been disconnected");
    for (PendingAck ack : pending) {
      ack.cancelTimer();
      ack.sink.failed(error);
    }
  }

  /** The number of emits waiting for an acknowledgement (for tests and metrics); on the loop. */
  int pendingAcks() {
    return acks.size();
  }

  private void fire(Listeners<DisconnectListener> listeners, DisconnectReason reason, String description) {
    for (DisconnectListener listener : listeners) {
      try {
        listener.onDisconnect(reason, description);
      } catch (RuntimeException e) {
        log.error("disconnect listener of socket {} failed", id, e);
      }
    }
  }

  private void runOnLoop(Runnable task) {
    EventLoop loop = loop();
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  /** An ObjectNode {@code {"sid": id}}, the CONNECT answer. */
  ObjectNode connectAnswer() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("sid", id);
    if (pid != null) {
      node.put("pid", pid);
    }
    return node;
  }

  @Override
  public String toString() {
    return "Socket[" + id + " on " + nsp.name() + "]";
  }
}
