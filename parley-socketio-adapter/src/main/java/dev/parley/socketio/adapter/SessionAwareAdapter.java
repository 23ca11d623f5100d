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
 * <p>Expired sessions and packets are dropped lazily (on each broadcast and persist), oldest first, so memory stays
 * bounded by what the duration allows without a timer thread.
 */
public class SessionAwareAdapter extends InMemoryAdapter {
  private final long maxDisconnectionMillis;
  private final Clock clock;
  private final String offsetPrefix;
  private final AtomicLong offsets = new AtomicLong();
  private final Object lock = new Object();
  private final ArrayDeque<StoredPacket> packets = new ArrayDeque<>();
  private final LinkedHashMap<String, Persisted> sessions = new LinkedHashMap<>();

  private record StoredPacket(String offset, BroadcastOptions options, ArrayNode data, long emittedAt) {}

  private record Persisted(SessionState state, long disconnectedAt) {}

  public SessionAwareAdapter(AdapterContext context, Duration maxDisconnectionDuration, Clock clock) {
    super(context);
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

  /** How many packets are kept (for tests and metrics). */
  public int storedPackets() {
    synchronized (lock) {
      return packets.size();
    }
  }
}
