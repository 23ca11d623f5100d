package dev.parley.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.socketio.codec.SocketPacket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;

/**
 * A namespace's rooms and the reach of its broadcasts, as the reference's {@code Adapter} defines them.
 *
 * <p>The in-memory adapter reaches this node's sockets; a cluster adapter also forwards to other nodes. See the
 * package documentation for the rules every implementation follows.
 */
public interface Adapter {

  /** Starts the adapter (subscribes, connects); the namespace accepts sockets once this completes. */
  default CompletionStage<Void> init() {
    return CompletableFuture.completedFuture(null);
  }

  /** Stops the adapter and frees its resources. */
  default void close() {}

  /** The number of servers in the cluster, this one included. */
  default CompletionStage<Integer> serverCount() {
    return CompletableFuture.completedFuture(1);
  }

  /** Adds a local socket to rooms. */
  void addAll(String socketId, Set<String> rooms);

  /** Removes a local socket from a room. */
  void del(String socketId, String room);

  /** Removes a local socket from every room. */
  void delAll(String socketId);

  /** The rooms of a local socket (empty if unknown); a snapshot. */
  Set<String> socketRooms(String socketId);

  /** The local sockets of any of these rooms (all local sockets when empty); a snapshot. */
  Set<String> sockets(Set<String> rooms);

  /** Every local room with its sockets; a snapshot. */
  Map<String, Set<String>> rooms();

  /** Sends an EVENT packet to the targeted sockets. */
  void broadcast(SocketPacket packet, BroadcastOptions options);

  /**
   * Sends an EVENT packet that asks every recipient for an acknowledgement.
   *
   * @param clientCount told how many sockets were reached (called once per node that answers)
   * @param onAck told of each acknowledgement
   */
  void broadcastWithAck(SocketPacket packet, BroadcastOptions options, IntConsumer clientCount, AckHandler onAck);

  /** Describes the targeted sockets, on every node unless {@code local}. */
  CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions options);

  /** Makes the targeted sockets join rooms. */
  void addSockets(BroadcastOptions options, Set<String> rooms);

  /** Makes the targeted sockets leave rooms. */
  void delSockets(BroadcastOptions options, Set<String> rooms);

  /** Disconnects the targeted sockets; {@code close} also closes their connections. */
  void disconnectSockets(BroadcastOptions options, boolean close);

  /**
   * Sends an event to the other servers of the cluster (not to this one).
   *
   * @param args the event name followed by its arguments
   */
  default void serverSideEmit(ArrayNode args) {}

  /**
   * Sends an event to the other servers and collects their answers.
   *
   * @return the answers, one per server that answered before the timeout; empty without other servers
   */
  default CompletionStage<List<JsonNode>> serverSideEmitWithAck(ArrayNode args, java.time.Duration timeout) {
    return CompletableFuture.completedFuture(List.of());
  }

  /**
   * A socket connected (or was recovered) with connection state recovery on. An adapter that keeps sessions outside
   * the process records {@code session.pid()} for {@code session.sid()} and keeps the socket's state where other
   * nodes find it, so that the socket can be recovered on another node even when this node dies without seeing the
   * disconnection (and so without calling {@link #persistSession}). The socket's later rooms and data are read
   * through {@link AdapterContext#describe}. Must return at once. The default keeps nothing: a node's own memory
   * dies with it.
   */
  default void sessionConnected(SessionState session) {}

  /** Keeps a disconnected socket's state for connection state recovery. */
  default CompletionStage<Void> persistSession(SessionState session) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Finds a persisted session and the packets it missed after {@code offset}.
   *
   * @return the session, or {@code null} when it is unknown, expired, or the offset is not known any more
   */
  default CompletionStage<SessionState> restoreSession(String pid, String offset) {
    return CompletableFuture.completedFuture(null);
  }
}
