package dev.parley.socketio.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.socketio.adapter.AckHandler;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterContext;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.codec.SocketPacket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A namespace for adapter tests: sockets are ids, deliveries are recorded per socket, clients acknowledge on another
 * thread (as real ones answer later), server-side listeners record what they hear and answer with a value.
 */
final class FakeNamespace implements AdapterContext {
  private final String name;
  private final String node;
  private Adapter adapter;
  private final Set<String> sockets = ConcurrentHashMap.newKeySet();
  private final Map<String, List<ArrayNode>> received = new ConcurrentHashMap<>();
  private final List<ArrayNode> serverSideEvents = new CopyOnWriteArrayList<>();
  private final AtomicLong ackIds = new AtomicLong();
  private final AtomicInteger deliverCalls = new AtomicInteger();
  private final ExecutorService clients = Executors.newSingleThreadExecutor();
  private final List<String> disconnected = new CopyOnWriteArrayList<>();

  FakeNamespace(String name, String node) {
    this.name = name;
    this.node = node;
  }

  void adapter(Adapter value) {
    this.adapter = value;
  }

  /** Connects a socket, which joins its own room and {@code rooms}. */
  void connect(String id, String... rooms) {
    sockets.add(id);
    adapter.addAll(id, Set.of(id));
    if (rooms.length > 0) {
      adapter.addAll(id, Set.of(rooms));
    }
  }

  List<ArrayNode> received(String socketId) {
    return received.getOrDefault(socketId, List.of());
  }

  List<String> events(String socketId) {
    List<String> names = new ArrayList<>();
    received(socketId).forEach(p -> names.add(p.get(0).asText()));
    return names;
  }

  List<ArrayNode> serverSideEvents() {
    return serverSideEvents;
  }

  List<String> disconnected() {
    return disconnected;
  }

  int deliverCalls() {
    return deliverCalls.get();
  }

  void close() {
    clients.shutdownNow();
  }

  @Override
  public String namespace() {
    return name;
  }

  @Override
  public boolean isLocal(String socketId) {
    return sockets.contains(socketId);
  }

  @Override
  public void deliver(SocketPacket packet, Collection<String> socketIds, BroadcastFlags flags) {
    deliverCalls.incrementAndGet();
    for (String id : List.copyOf(socketIds)) {
      if (sockets.contains(id)) {
        received.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add((ArrayNode) packet.data());
      }
    }
  }

  @Override
  public int deliverWithAck(SocketPacket packet, Collection<String> socketIds, BroadcastFlags flags,
      AckHandler onAck) {
    int count = 0;
    for (String id : List.copyOf(socketIds)) {
      if (sockets.contains(id)) {
        count++;
        received.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add((ArrayNode) packet.data());
        ArrayNode answer = JsonNodeFactory.instance.arrayNode().add("ack from " + id);
        clients.execute(() -> onAck.onAck(id, answer));
      }
    }
    return count;
  }

  @Override
  public long nextAckId() {
    return ackIds.getAndIncrement();
  }

  @Override
  public SocketDetails describe(String socketId) {
    if (!sockets.contains(socketId)) {
      return null;
    }
    ObjectNode handshake = JsonNodeFactory.instance.objectNode();
    handshake.put("address", "127.0.0.1");
    handshake.putObject("auth").put("node", node);
    return new SocketDetails(socketId, handshake, adapter.socketRooms(socketId), TextNode.valueOf("data of "
        + socketId));
  }

  @Override
  public void join(String socketId, Set<String> rooms) {
    if (sockets.contains(socketId)) {
      adapter.addAll(socketId, rooms);
    }
  }

  @Override
  public void leave(String socketId, Set<String> rooms) {
    if (sockets.contains(socketId)) {
      rooms.forEach(room -> adapter.del(socketId, room));
    }
  }

  @Override
  public void disconnect(String socketId, boolean close) {
    if (sockets.remove(socketId)) {
      adapter.delAll(socketId);
      disconnected.add(socketId);
    }
  }

  @Override
  public void onServerSideEmit(ArrayNode args, Consumer<JsonNode> ack) {
    serverSideEvents.add(args);
    if (ack != null) {
      ack.accept(TextNode.valueOf("answer of " + node));
    }
  }
}
