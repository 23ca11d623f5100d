package dev.parley.engineio.server.internal;

import dev.parley.engineio.server.CloseReason;
import dev.parley.engineio.server.EngineErrorCode;
import dev.parley.engineio.server.EngineListener;
import dev.parley.engineio.server.EngineOptions;
import dev.parley.engineio.server.EngineServer;
import dev.parley.engineio.server.EngineSocket;
import dev.parley.engineio.server.EngineStats;
import dev.parley.engineio.server.HandshakeRequest;
import dev.parley.engineio.server.TransportName;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session registry and the handshake logic shared by both transports.
 *
 * <p>The registry is the only state shared between event loops: polling requests for one session may arrive on any
 * channel, so they look the session up here and hand their work to its loop.
 */
public final class DefaultEngineServer implements EngineServer {
  private static final Logger log = LoggerFactory.getLogger(DefaultEngineServer.class);

  private final EngineOptions options;
  private final EngineListener listener;
  private final ConcurrentHashMap<String, EngineSession> sessions = new ConcurrentHashMap<>();
  private final ConnectionsPerAddress perAddress;
  private final LongAdder droppedPackets = new LongAdder();
  private final LongAdder refusedOverCap = new LongAdder();
  private final EnumMap<EngineErrorCode, LongAdder> refused = counters(EngineErrorCode.class);
  private final EnumMap<CloseReason, LongAdder> closedSessions = counters(CloseReason.class);
  private final EngineStats stats = new Stats();
  private volatile boolean closed;
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  public DefaultEngineServer(EngineOptions options, EngineListener listener) {
    this.options = options;
    this.listener = listener;
    this.perAddress = new ConnectionsPerAddress(options.limits().maxConnectionsPerIp());
  }

  @Override
  public EngineOptions options() {
    return options;
  }

  @Override
  public int clientsCount() {
    return sessions.size();
  }

  @Override
  public Collection<EngineSocket> sockets() {
    return List.copyOf(sessions.values());
  }

  /** The open session with this id, or {@code null}. */
  public EngineSession session(String sid) {
    return sid == null ? null : sessions.get(sid);
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * A session slot for the handshake's client address ({@code maxConnectionsPerIp}), or {@code null} when that address
   * has no slot left; the caller answers 429 then.
   */
  ConnectionsPerAddress.Permit admit(HandshakeRequest request) {
    InetSocketAddress remote = request.remoteAddress();
    return perAddress.tryAcquire(remote == null ? null : remote.getAddress());
  }

  /** Creates and registers a session living on {@code loop}, holding {@code permit} until it closes; on that loop. */
  EngineSession newSession(EventLoop loop, HandshakeRequest request, ConnectionsPerAddress.Permit permit) {
    String sid;
    EngineSession session;
    do {
      sid = SidGenerator.next();
      session = new EngineSession(this, sid, loop, request, permit);
    } while (sessions.putIfAbsent(sid, session) != null);
    return session;
  }

  /** The sessions counted against {@code address}'s cap; for tests and metrics. */
  public int sessionsFrom(InetAddress address) {
    return perAddress.count(address);
  }

  /** How many addresses have counted sessions; 0 once every session closed (no counter leak). */
  public int countedAddresses() {
    return perAddress.addresses();
  }

  /** A volatile packet was dropped because its client was not keeping up. */
  void packetDropped() {
    droppedPackets.increment();
  }

  /** The volatile packets dropped so far because their clients were not keeping up; for tests and metrics. */
  public long droppedPackets() {
    return droppedPackets.sum();
  }

  /** An engine request was answered with the error answer of {@code code}. */
  void refused(EngineErrorCode code) {
    refused.get(code).increment();
  }

  /** A handshake was answered 429: its address had no session left. */
  void refusedOverConnectionCap() {
    refusedOverCap.increment();
  }

  @Override
  public EngineStats stats() {
    return stats;
  }

  private static <E extends Enum<E>> EnumMap<E, LongAdder> counters(Class<E> keys) {
    EnumMap<E, LongAdder> map = new EnumMap<>(keys);
    for (E key : keys.getEnumConstants()) {
      map.put(key, new LongAdder());
    }
    return map;
  }

  /** The read-only view; the maps are filled once in the constructor and never changed, so reading them is safe. */
  private final class Stats implements EngineStats {
    @Override
    public int openSessions() {
      return sessions.size();
    }

    @Override
    public long refusedRequests(EngineErrorCode code) {
      return refused.get(code).sum();
    }

    @Override
    public long refusedOverConnectionCap() {
      return refusedOverCap.sum();
    }

    @Override
    public long closedSessions(CloseReason reason) {
      return closedSessions.get(reason).sum();
    }

    @Override
    public long droppedPackets() {
      return droppedPackets.sum();
    }
  }

  /** The handshake's {@code upgrades}: websocket, if allowed, for a polling session. */
  List<String> upgradesFor(TransportName transport) {
    List<String> upgrades = new ArrayList<>(1);
    if (transport == TransportName.POLLING && options.allowUpgrades()
        && options.transports().contains(TransportName.WEBSOCKET)) {
      upgrades.add(TransportName.WEBSOCKET.wireName());
    }
    return upgrades;
  }

  /** Announces a started session to the listener; called on the session's loop. */
  void announce(EngineSession session) {
    try {
      listener.onConnection(session);
    } catch (RuntimeException e) {
      log.error("connection listener failed for session {}", session.id(), e);
      session.close();
    }
  }

  void remove(EngineSession session, CloseReason reason) {
    closedSessions.get(reason).increment();
    sessions.remove(session.id(), session);
    if (closed && sessions.isEmpty()) {
      drained.complete(null);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (EngineSession session : sessions.values()) {
      session.shutdown();
    }
    if (sessions.isEmpty()) {
      drained.complete(null);
    }
  }

  @Override
  public CompletionStage<Void> closed() {
    return drained;
  }
}
