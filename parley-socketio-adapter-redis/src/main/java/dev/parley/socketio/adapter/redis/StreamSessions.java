package dev.parley.socketio.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.socketio.adapter.AdapterContext;
import dev.parley.socketio.adapter.SessionState;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.adapter.cluster.ClusterMessage;
import dev.parley.socketio.adapter.cluster.ClusterMessage.Broadcast;
import dev.parley.socketio.adapter.cluster.MalformedMessageException;
import dev.parley.socketio.adapter.cluster.MessagePack;
import dev.parley.socketio.adapter.cluster.ThrottledLog;
import dev.parley.socketio.adapter.cluster.WireFormat;
import dev.parley.socketio.adapter.cluster.WireValues;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection state recovery across nodes: sessions kept in Redis, where any node finds them, as the reference's
 * streams adapter keeps them ({@code SET <sessionKeyPrefix><pid>} = base64 of the MessagePack
 * {@code {sid, pid, rooms, data}}, with a TTL), and the missed broadcasts read back from the stream.
 *
 * <p>The reference writes a session when its node sees the disconnection: a node that dies sees none, and its
 * clients could not recover anywhere. So a connected socket's session is also checkpointed: when it connects, when
 * its rooms change (coalesced), and every third of the TTL while it lives. A disconnection that may not be recovered
 * (a manual one) deletes it. The key is taken with {@code GETDEL}, so a session is restored once.
 *
 * <p>A session restores only what its own key holds, and only if the stored {@code pid} is the one presented and the
 * stored namespace (when there is one) is this one; the missed packets are the namespace's broadcasts after the
 * client's offset that reach the session's rooms, never volatile ones nor those waiting for acknowledgements. All
 * bookkeeping runs on the adapter's single-threaded executor, so that a checkpoint never overtakes a deletion.
 */
final class StreamSessions {
  private static final Logger log = LoggerFactory.getLogger(StreamSessions.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Private session ids are ours (or the reference's) random ids: anything else is not looked up. */
  private static final Pattern PID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** A stream entry id, {@code <ms>-<seq>}. */
  private static final Pattern OFFSET = Pattern.compile("[0-9]{1,20}-[0-9]{1,20}");
  private static final Duration COALESCE = Duration.ofMillis(50);
  /** Entries read per {@code XRANGE} while gathering missed packets, and the most pages read. */
  private static final int PAGE = 1000;
  private static final int MAX_PAGES = 100;

  private final AdapterContext context;
  private final RedisConnections redis;
  private final ScheduledExecutorService executor;
  private final StreamEntryCodec codec;
  private final String stream;
  private final String keyPrefix;
  private final long ttlMillis;
  private final ThrottledLog problems = new ThrottledLog(log, Duration.ofSeconds(10));
  /** Connected sockets checkpointed by this node: sid to pid. */
  private final Map<String, String> live = new ConcurrentHashMap<>();
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private ScheduledFuture<?> refresh;

  StreamSessions(AdapterContext context, RedisConnections redis, StreamEntryCodec codec, String stream,
      RedisStreamsOptions options) {
    this.context = context;
    this.redis = redis;
    this.executor = redis.scheduler();
    this.codec = codec;
    this.stream = stream;
    this.keyPrefix = options.sessionKeyPrefix();
    this.ttlMillis = options.sessionTtl().toMillis();
  }

  void start() {
    long every = Math.max(1000, ttlMillis / 3);
    refresh = executor.scheduleAtFixedRate(() -> live.keySet().forEach(this::markDirty), every, every,
        TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (refresh != null) {
      refresh.cancel(false);
    }
  }

  // ---- checkpoints of connected sockets ----

  void connected(SessionState session) {
    live.put(session.sid(), session.pid());
    markDirty(session.sid());
  }

  /** A socket's rooms changed: its checkpoint follows, if it has one. */
  void roomsChanged(String sid) {
    if (live.containsKey(sid)) {
      markDirty(sid);
    }
  }

  /** A socket is gone; unless {@link #persist} kept its last state, its checkpoint must not be recovered. */
  void gone(String sid) {
    if (!live.containsKey(sid)) {
      return;
    }
    run(() -> {
      String pid = live.remove(sid);
      if (pid != null) {
        redis.run(c -> c.del(keyPrefix + pid)).whenComplete((n, error) -> warnIf(error, "deleting", sid));
      }
    });
  }

  private void markDirty(String sid) {
    dirty.add(sid);
    if (flushScheduled.compareAndSet(false, true)) {
      try {
        executor.schedule(this::flush, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        flushScheduled.set(false);
      }
    }
  }

  private void flush() {
    flushScheduled.set(false);
    for (String sid : List.copyOf(dirty)) {
      dirty.remove(sid);
      String pid = live.get(sid);
      SocketDetails details = pid == null ? null : context.describe(sid);
      if (details != null) {
        write(new SessionState(sid, pid, details.rooms(), details.data(), List.of()));
      }
    }
  }

  // ---- disconnection and recovery ----

  /** A socket disconnected in a way that may be recovered: its last state, kept for the TTL. */
  void persist(SessionState session) {
    run(() -> {
      live.remove(session.sid());
      write(session);
    });
  }

  private void write(SessionState session) {
    byte[] value = encode(session);
    redis.run(c -> c.set(keyPrefix + session.pid(), value, SetArgs.Builder.px(ttlMillis)))
        .whenComplete((ok, error) -> warnIf(error, "saving", session.sid()));
  }

  private byte[] encode(SessionState session) {
    ObjectNode node = NODES.objectNode();
    node.put("sid", session.sid());
    node.put("pid", session.pid());
    node.set("rooms", WireValues.strings(session.rooms()));
    node.set("data", session.data());
    // not in the reference's blob (which ignores it): a session is only restored in its own namespace
    node.put("nsp", context.namespace());
    return Base64.getEncoder().encode(MessagePack.encode(node));
  }

  /**
   * Takes the session of {@code pid} and gathers what it missed after {@code offset}.
   *
   * @return the session, or {@code null} when there is none to restore (unknown or expired, another namespace's, an
   *     offset no longer in the stream)
   */
  CompletionStage<SessionState> restore(String pid, String offset) {
    if (pid == null || offset == null || !PID.matcher(pid).matches() || !OFFSET.matcher(offset).matches()) {
      return CompletableFuture.completedFuture(null);
    }
    return redis.run(c -> c.getdel(keyPrefix + pid)).thenCompose(raw -> {
      SessionState session = decode(raw, pid);
      if (session == null) {
        return CompletableFuture.completedFuture(null);
      }
      return redis.run(c -> c.xrange(stream, Range.create(offset, offset))).thenCompose(found -> found.isEmpty()
          // the offset was trimmed away (or never existed): recovering without the gap would hide it
          ? CompletableFuture.completedFuture(null)
          : missed(session, offset, new ArrayList<>(), 0));
    });
  }

  private SessionState decode(byte[] raw, String pid) {
    if (raw == null) {
      return null;
    }
    try {
      JsonNode node = MessagePack.decode(Base64.getDecoder().decode(raw), WireFormat.DEFAULT_MAX_DEPTH);
      WireValues.requireObject(node, "session");
      String storedPid = WireValues.name(node.get("pid"), "session.pid");
      JsonNode nsp = node.get("nsp");
      if (!pid.equals(storedPid) || (nsp != null && !context.namespace().equals(nsp.asText()))) {
        problems.warn("namespace {}: refused a stored session that is not the one presented", context.namespace());
        return null;
      }
      Set<String> rooms = new LinkedHashSet<>(WireValues.stringList(node.get("rooms"), "session.rooms"));
      JsonNode data = node.has("data") ? node.get("data") : NullNode.instance;
      return new SessionState(WireValues.name(node.get("sid"), "session.sid"), pid, rooms, data, List.of());
    } catch (MalformedMessageException | IllegalArgumentException e) {
      problems.warn("namespace {}: dropped an unreadable stored session: {}", context.namespace(), e.getMessage());
      return null;
    }
  }

  private CompletionStage<SessionState> missed(SessionState session, String after, List<ArrayNode> packets,
      int page) {
    if (page >= MAX_PAGES) {
      // more than the stream keeps by default many times over: refuse rather than recover with a gap
      return CompletableFuture.completedFuture(null);
    }
    return redis.run(c -> c.xrange(stream, Range.from(Range.Boundary.including(next(after)),
        Range.Boundary.unbounded()), Limit.from(PAGE))).thenCompose(entries -> {
          for (StreamMessage<String, byte[]> entry : entries) {
            ArrayNode packet = packet(entry, session.rooms());
            if (packet != null) {
              packets.add(packet);
            }
          }
          if (entries.size() < PAGE) {
            return CompletableFuture.completedFuture(session.withMissedPackets(packets));
          }
          return missed(session, entries.get(entries.size() - 1).getId(), packets, page + 1);
        });
  }

  /** The packet a session's socket would have got from this entry, with the entry's id as offset, or null. */
  private ArrayNode packet(StreamMessage<String, byte[]> entry, Set<String> rooms) {
    Map<String, byte[]> fields = entry.getBody();
    if (!StreamEntryCodec.isBroadcast(fields) || !context.namespace().equals(StreamEntryCodec.namespace(fields))) {
      return null;
    }
    ClusterMessage message;
    try {
      message = codec.decode(fields);
    } catch (MalformedMessageException e) {
      return null;
    }
    Broadcast broadcast = (Broadcast) message;
    if (broadcast.requestId() != null || broadcast.options().flags().isVolatile()
        || !broadcast.options().includes(rooms)) {
      return null;
    }
    ArrayNode data = ((ArrayNode) broadcast.packet().data()).deepCopy();
    data.add(TextNode.valueOf(entry.getId()));
    return data;
  }

  /** The first id after {@code id} (exclusive ranges need Redis 6.2; this works with any). */
  private static String next(String id) {
    int dash = id.indexOf('-');
    return id.substring(0, dash) + "-" + (Long.parseUnsignedLong(id.substring(dash + 1)) + 1);
  }

  private void run(Runnable task) {
    try {
      executor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void warnIf(Throwable error, String what, String sid) {
    if (error != null) {
      problems.warn("namespace {}: {} the session of socket {} failed: {}", context.namespace(), what, sid,
          RedisConnections.rootMessage(error));
    }
  }

  /** How many sockets this node checkpoints (for tests). */
  int liveSessions() {
    return live.size();
  }

}
