package dev.parley.socketio.adapter;

import dev.parley.socketio.codec.SocketPacket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Rooms and broadcasts for the sockets of this node: the reference's in-memory {@code Adapter}.
 *
 * <p>Two concurrent maps, room → sockets and socket → rooms. A socket's membership changes only on its own event
 * loop (see {@link AdapterContext#join}); broadcasts read the sets from any thread, and see each change either
 * before or after it happened, never half-done. A single-room broadcast hands the room's live set to
 * {@link AdapterContext#deliver} without copying it.
 */
public class InMemoryAdapter implements Adapter {
  protected final AdapterContext context;
  private final ConcurrentHashMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> sids = new ConcurrentHashMap<>();

  public InMemoryAdapter(AdapterContext context) {
    this.context = context;
  }

  @Override
  public void addAll(String socketId, Set<String> newRooms) {
    // sized for the common case, a socket in its own room and one or two more, and a room of one socket: the
    // default table of 16 was 96 bytes per set, two sets per idle connection
    Set<String> own = sids.computeIfAbsent(socketId, k -> ConcurrentHashMap.newKeySet(2));
    for (String room : newRooms) {
      own.add(room);
      rooms.compute(room, (k, members) -> {
        Set<String> set = members == null ? ConcurrentHashMap.newKeySet(2) : members;
        set.add(socketId);
        return set;
      });
    }
  }

  @Override
  public void del(String socketId, String room) {
    Set<String> own = sids.get(socketId);
    if (own != null) {
      own.remove(room);
    }
    removeFromRoom(room, socketId);
  }

  @Override
  public void delAll(String socketId) {
    Set<String> own = sids.remove(socketId);
    if (own != null) {
      for (String room : own) {
        removeFromRoom(room, socketId);
      }
    }
  }

  private void removeFromRoom(String room, String socketId) {
    rooms.computeIfPresent(room, (k, members) -> {
      members.remove(socketId);
      return members.isEmpty() ? null : members;
    });
  }

  @Override
  public Set<String> socketRooms(String socketId) {
    Set<String> own = sids.get(socketId);
    return own == null ? Set.of() : Set.copyOf(own);
  }

  @Override
  public Set<String> sockets(Set<String> inRooms) {
    return Set.copyOf(recipients(new BroadcastOptions(inRooms, Set.of(), BroadcastFlags.DEFAULT)));
  }

  @Override
  public Map<String, Set<String>> rooms() {
    Map<String, Set<String>> copy = new HashMap<>();
    rooms.forEach((room, members) -> copy.put(room, Set.copyOf(members)));
    return copy;
  }

  @Override
  public void broadcast(SocketPacket packet, BroadcastOptions options) {
    context.deliver(packet, recipients(options), options.flags());
  }

  @Override
  public void broadcastWithAck(SocketPacket packet, BroadcastOptions options, IntConsumer clientCount,
      AckHandler onAck) {
    SocketPacket withId = packet.withAckId(context.nextAckId());
    clientCount.accept(context.deliverWithAck(withId, recipients(options), options.flags(), onAck));
  }

  @Override
  public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
    return CompletableFuture.completedFuture(localDetails(options));
  }

  /** The local sockets' details. */
  protected List<SocketDetails> localDetails(BroadcastOptions options) {
    List<SocketDetails> details = new ArrayList<>();
    for (String id : snapshot(options)) {
      SocketDetails d = context.describe(id);
      if (d != null) {
        details.add(d);
      }
    }
    return details;
  }

  @Override
  public void addSockets(BroadcastOptions options, Set<String> newRooms) {
    for (String id : snapshot(options)) {
      context.join(id, newRooms);
    }
  }

  @Override
  public void delSockets(BroadcastOptions options, Set<String> oldRooms) {
    for (String id : snapshot(options)) {
      context.leave(id, oldRooms);
    }
  }

  @Override
  public void disconnectSockets(BroadcastOptions options, boolean close) {
    for (String id : snapshot(options)) {
      context.disconnect(id, close);
    }
  }

  private List<String> snapshot(BroadcastOptions options) {
    return new ArrayList<>(recipients(options));
  }

  /**
   * The local sockets a broadcast targets. For one room without exceptions this is the room's live set; otherwise a
   * new set, in which a socket in several target rooms appears once.
   */
  protected Collection<String> recipients(BroadcastOptions options) {
    Set<String> except = exceptIds(options.except());
    Set<String> target = options.rooms();
    if (target.isEmpty()) {
      if (except.isEmpty()) {
        return sids.keySet();
      }
      Set<String> ids = new HashSet<>(sids.keySet());
      ids.removeAll(except);
      return ids;
    }
    if (target.size() == 1 && except.isEmpty()) {
      Set<String> members = rooms.get(target.iterator().next());
      return members == null ? Set.of() : members;
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String room : target) {
      Set<String> members = rooms.get(room);
      if (members != null) {
        for (String id : members) {
          if (!except.contains(id)) {
            ids.add(id);
          }
        }
      }
    }
    return ids;
  }

  private Set<String> exceptIds(Set<String> exceptRooms) {
    if (exceptRooms.isEmpty()) {
      return Set.of();
    }
    Set<String> ids = new HashSet<>();
    for (String room : exceptRooms) {
      Set<String> members = rooms.get(room);
      if (members != null) {
        ids.addAll(members);
      }
    }
    return ids;
  }
}
