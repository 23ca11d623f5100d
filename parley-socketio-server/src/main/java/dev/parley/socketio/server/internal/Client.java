package dev.parley.socketio.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.engineio.server.CloseReason;
import dev.parley.engineio.server.EngineSocketHandler;
import dev.parley.engineio.server.OutboundMessage;
import dev.parley.engineio.server.TransportName;
import dev.parley.engineio.server.internal.EngineSession;
import dev.parley.socketio.codec.SocketPacket;
import dev.parley.socketio.codec.SocketPacketDecoder;
import dev.parley.socketio.codec.SocketProtocolException;
import dev.parley.socketio.server.DisconnectReason;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO connection seen from Socket.IO: it decodes packets (reassembling binary ones), connects namespaces
 * and routes packets to their sockets. Confined to the connection's event loop.
 *
 * <p>A connection that joins no namespace within {@code connectTimeout} is closed, as the reference does.
 */
final class Client implements EngineSocketHandler {
  private static final Logger log = LoggerFactory.getLogger(Client.class);
  /** The CONNECT_ERROR message of a CONNECT past the connection's budget. */
  static final String CONNECT_RATE_LIMITED = "rate limited";

  private final DefaultSocketIoServer server;
  private final EngineSession conn;
  private final SocketPacketDecoder decoder;
  // sized for one or two namespaces: a connection keeps both for its whole life
  private final Map<String, SocketImpl> sockets = new HashMap<>(2);
  private final Set<String> connecting = new HashSet<>(2);
  /**
   * The connection's budget of CONNECT packets. The event budget is per socket and a CONNECT comes before any socket,
   * so without this a client could make the server answer CONNECT_ERRORs for unknown namespaces as fast as it sends.
   */
  private final EventRateLimiter connectLimiter;
  private ScheduledFuture<?> connectTimer;

  Client(DefaultSocketIoServer server, EngineSession conn) {
    this.server = server;
    this.conn = conn;
    this.decoder = new SocketPacketDecoder(server.json(), server.options().codecLimits());
    this.connectLimiter = EventRateLimiter.of(server.options().limits());
  }

  void start() {
    connectTimer = conn.eventLoop().schedule(() -> {
      if (sockets.isEmpty()) {
        conn.closeOverLimit("no namespace joined within connectTimeout");
      }
    }, server.options().connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  EventLoop loop() {
    return conn.eventLoop();
  }

  EngineSession connection() {
    return conn;
  }

  TransportName transport() {
    return conn.transport();
  }

  boolean isOpen() {
    return conn.isOpen();
  }

  // ---- inbound ----

  @Override
  public void onMessage(String text) {
    SocketPacket packet;
    try {
      packet = decoder.decodeText(text);
    } catch (SocketProtocolException e) {
      protocolError(e.getMessage());
      return;
    }
    if (packet != null) {
      onPacket(packet);
    }
  }

  @Override
  public void onBinary(byte[] data) {
    SocketPacket packet;
    try {
      packet = decoder.decodeBinary(data);
    } catch (SocketProtocolException e) {
      protocolError(e.getMessage());
      return;
    }
    if (packet != null) {
      onPacket(packet);
    }
  }

  private void onPacket(SocketPacket packet) {
    switch (packet.type()) {
      case CONNECT -> {
        if (withinConnectBudget(packet.namespace())) {
          connect(packet.namespace(), packet.data());
        }
      }
      case EVENT, ACK, DISCONNECT -> {
        SocketImpl socket = sockets.get(packet.namespace());
        if (socket != null) {
          socket.onPacket(packet);
        } else {
          log.debug("connection {}: packet for namespace {} it has not joined", conn.id(), packet.namespace());
        }
      }
      default -> protocolError("unexpected packet " + packet.type());
    }
  }

  private void connect(String name, JsonNode auth) {
    if (sockets.containsKey(name) || !connecting.add(name)) {
      log.debug("connection {}: already connected or connecting to {}", conn.id(), name);
      return;
    }
    ObjectNode authObject = auth == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) auth;
    NamespaceImpl nsp = server.namespace(name);
    if (nsp != null) {
      nsp.add(this, authObject);
      return;
    }
    server.dynamicNamespace(name, authObject).whenComplete((child, error) -> loop().execute(() -> {
      if (child != null && conn.isOpen()) {
        child.add(this, authObject);
      } else {
        connecting.remove(name);
        sendConnectError(name, "Invalid namespace", null);
      }
    }));
  }

  /**
   * Applies the connection's CONNECT budget, with the event budget's policy: the first CONNECT past it is answered
   * with a CONNECT_ERROR carrying {@code retryAfter} (the client has no socket yet on which an event could reach it),
   * the later ones are dropped silently, and a client that keeps going is closed as a policy violation.
   */
  private boolean withinConnectBudget(String name) {
    switch (connectLimiter.onEvent()) {
      case ACCEPT:
        return true;
      case DROP_AND_NOTIFY:
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("message", CONNECT_RATE_LIMITED);
        error.putObject("data").put("retryAfter", connectLimiter.retryAfterMillis());
        // written directly: sendConnectError would forget a CONNECT to this namespace that is still in progress
        writeNow(server.writer().encode(SocketPacket.connectError(name, error)), false);
        return false;
      case DROP:
        return false;
      default:
        policyViolation("connect rate limit exceeded");
        return false;
    }
  }

  /** A middleware refused the connection to {@code nsp}. */
  void sendConnectError(String nsp, String message, JsonNode data) {
    connecting.remove(nsp);
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error.put("message", message);
    if (data != null && !data.isNull()) {
      error.set("data", data);
    }
    writeNow(server.writer().encode(SocketPacket.connectError(nsp, error)), false);
  }

  /** A socket joined its namespace. */
  void onConnected(SocketImpl socket) {
    String name = socket.nsp().name();
    connecting.remove(name);
    sockets.put(name, socket);
    if (connectTimer != null) {
      connectTimer.cancel(false);
      connectTimer = null;
    }
  }

  void connectFailed(String name) {
    connecting.remove(name);
  }

  void remove(SocketImpl socket) {
    sockets.remove(socket.nsp().name(), socket);
  }

  /** The client broke a server policy (an event or CONNECT rate limit): close the connection, WebSocket 1008. */
  void policyViolation(String detail) {
    conn.closeWithError(CloseReason.POLICY_VIOLATION, detail);
  }

  /** The client broke the protocol: close the connection with reason {@code parse error}. */
  void protocolError(String detail) {
    log.debug("connection {}: protocol error: {}", conn.id(), detail);
    conn.closeWithError(CloseReason.PARSE_ERROR, detail);
  }

  // ---- outbound ----

  /** Writes from any thread. */
  void write(OutboundMessage message, boolean dropIfBusy) {
    conn.send(message, dropIfBusy);
  }

  /** Writes on the loop. */
  void writeNow(OutboundMessage message, boolean dropIfBusy) {
    conn.sendMessage(message, dropIfBusy);
  }

  /** Disconnects every socket of this connection, then closes it (the reference's {@code _disconnect}). */
  void disconnectAll() {
    for (SocketImpl socket : new ArrayList<>(sockets.values())) {
      socket.disconnect(false);
    }
    conn.close();
  }

  @Override
  public void onClose(CloseReason reason, String detail) {
    decoder.reset();
    if (connectTimer != null) {
      connectTimer.cancel(false);
      connectTimer = null;
    }
    DisconnectReason why = DisconnectReason.of(reason);
    List<SocketImpl> all = new ArrayList<>(sockets.values());
    sockets.clear();
    for (SocketImpl socket : all) {
      socket.onClose(why, detail);
    }
  }
}
