package dev.parley.socketio.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.socketio.codec.SocketPacket;
import dev.parley.socketio.codec.SocketPacketType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory adapter with connection state recovery, as the reference's {@code SessionAwareAdapter}: every
 * broadcast EVENT that asks for no acknowledgement and is not volatile gets an offset (appended as its last argument,
 * so the client knows the last packet it processed) and is kept for {@code maxDisconnectionDuration}; a disconnected
 * socket's state is kept as long; a reconnecting client gets its state and the packets it missed after its offset.
 *
 * <p>Expired sessions and packets are dropped lazily (on each broadcast and persist), oldest first, without a timer
 * thread. The duration alone does not bound memory (the reference has no other bound: a busy server keeps every
 * broadcast of the last two minutes, and a flood of short connections persists a session each), so the number of
 * packets and of sessions kept is capped too, the oldest going first. A client whose offset went that way is not
 * recovered, and starts a new session as if it had been away too long: it is never handed a partial history.
 */
public class SessionAwareAdapter extends InMemoryAdapter {
  /** The default cap on the packets kept; at the reference's default duration, 83 broadcasts a second. */
  public static final int DEFAULT_MAX_STORED_PACKETS = 10_000;
  /** The default cap on the disconnected sessions kept. */
  public static final int DEFAULT_MAX_PERSISTED_SESSIONS = 100_000;

  private final long maxDisconnectionMillis;
  private final int maxStoredPackets;
  private final int maxPersistedSessions;
  private final Clock clock;
  private final String offsetPrefix;
  private final AtomicLong offsets = new AtomicLong();
  private final Object lock = new Object();
  private final ArrayDeque<StoredPacket> packets = new ArrayDeque<>();
  private final LinkedHashMap<String, Persisted> sessions = new LinkedHashMap<>();

  private record StoredPacket(String offset, BroadcastOptions options, ArrayNode data, long emittedAt) {}

  private record Persisted(SessionState state, long disconnectedAt) {}

  public SessionAwareAdapter(AdapterContext context, Duration maxDisconnectionDuration, Clock clock) {
    this(context, maxDisconnectionDuration, DEFAULT_MAX_STORED_PACKETS, DEFAULT_MAX_PERSISTED_SESSIONS, clock);
  }

  /**
   * @param maxStoredPackets how many broadcasts are kept at most, whatever their age
   * @param maxPersistedSessions how many disconnected sockets' states are kept at most, whatever their age
   */
  public SessionAwareAdapter(AdapterContext context, Duration maxDisconnectionDuration, int maxStoredPackets,
      int maxPersistedSessions, Clock clock) {
    super(context);
    if (maxStoredPackets < 1 || maxPersistedSessions < 1) {
      throw new IllegalArgumentException("maxStoredPackets and maxPersistedSessions must be positive");
    }
    this.maxStoredPackets = maxStoredPackets;
    this.maxPersistedSessions = maxPersistedSessions;
    this.maxDisconnectionMillis = maxDisconnectionDuration.toMillis();
    this.clock = clock;
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    this.offsetPrefix = Long.toString(Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(random).getInt()), 36) + "-";
  }

  @Override
  public void broadcast(SocketPacket packet, BroadcastOptions options) {
    boolean recordable = packet.type() == SocketPacketType.EVENT && !packet.hasAck() && !options.flags().isVolatile();
    if (!recordable) {
      super.broadcast(packet, options);
      return;
    }
    String offset = offsetPrefix + Long.toString(offsets.incrementAndGet(), 36);
    ArrayNode data = ((ArrayNode) packet.data()).deepCopy();
    data.add(TextNode.valueOf(offset));
    long now = clock.millis();
    synchronized (lock) {
      expire(now);
      packets.addLast(new StoredPacket(offset, options, data, now));
      while (packets.size() > maxStoredPackets) {
        packets.pollFirst();
      }
    }
    super.broadcast(new SocketPacket(packet.type(), packet.namespace(), data, packet.ackId()), options);
  }

  @Override
  public CompletionStage<Void> persistSession(SessionState session) {
    long now = clock.millis();
    synchronized (lock) {
      expire(now);
      sessions.remove(session.pid());
      sessions.put(session.pid(), new Persisted(session, now));
      Iterator<String> oldest = sessions.keySet().iterator();
      while (sessions.size() > maxPersistedSessions) {
        oldest.next();
        oldest.remove();
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<SessionState> restoreSession(String pid, String offset) {
    long now = clock.millis();
    synchronized (lock) {
      expire(now);
      Persisted persisted = sessions.remove(pid);
      if (persisted == null) {
        return CompletableFuture.completedFuture(null);
      }
      List<ArrayNode> missed = new ArrayList<>();
      boolean found = false;
      for (StoredPacket p : packets) {
        if (found) {
          if (p.options().includes(persisted.state().rooms())) {
            missed.add(p.data().deepCopy());
          }
        } else if (p.offset().equals(offset)) {
          found = true;
        }
      }
      // an unknown offset may be too old: recovering without the packets would hide a gap from the client
      return CompletableFuture.completedFuture(found ? persisted.state().withMissedPackets(missed) : null);
    }
  }

  private void expire(long now) {
    long threshold = now - maxDisconnectionMillis;
    while (!packets.isEmpty() && packets.peekFirst().emittedAt() < threshold) {
      packets.pollFirst();
    }
    Iterator<Map.Entry<String, Persisted>> it = sessions.entrySet().iterator();
    while (it.hasNext() && it.next().getValue().disconnectedAt() < threshold) {
      it.remove();
    }
  }

  /** How many disconnected sessions are kept (for tests and metrics). */
  public int persistedSessions() {
    synchronized (lock) {
      return sessions.size();
    }
  }

  /** How many packets are kept (for tests and metrics). */
  public int storedPackets() {
    synchronized (lock) {
      return packets.size();
    }
  }
}
