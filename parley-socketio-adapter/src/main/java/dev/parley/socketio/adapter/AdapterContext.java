package dev.parley.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.socketio.codec.SocketPacket;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What an adapter sees of its namespace: a narrow view, so adapters depend on neither the server nor Netty.
 */
public interface AdapterContext {

  /** The namespace name, such as {@code "/"} or {@code "/admin"}. */
  String namespace();

  /** Whether a socket with this id is connected to this namespace on this node. */
  boolean isLocal(String socketId);

  /**
   * Sends a packet to local sockets, encoding it once for all of them. Ids of sockets that are gone are skipped.
   *
   * @param packet an EVENT packet of this namespace
   * @param socketIds the recipients; the collection may be a live view, it is read once, at once
   */
  void deliver(SocketPacket packet, Collection<String> socketIds, BroadcastFlags flags);

  /**
   * Sends a packet that asks for acknowledgements to local sockets, encoding it once.
   *
   * @param packet an EVENT packet whose ack id comes from {@link #nextAckId()}
   * @return how many sockets it was sent to
   */
  int deliverWithAck(SocketPacket packet, Collection<String> socketIds, BroadcastFlags flags, AckHandler onAck);

  /** A new acknowledgement id, unique within the namespace. */
  long nextAckId();

  /** Describes a local socket for {@code fetchSockets()}, or {@code null} if it is gone. */
  SocketDetails describe(String socketId);

  /**
   * Makes a local socket join rooms. The socket does it on its own event loop, through
   * {@link Adapter#addAll}, so membership changes of one socket stay ordered.
   */
  void join(String socketId, Set<String> rooms);

  /** Makes a local socket leave rooms, like {@link #join}. */
  void leave(String socketId, Set<String> rooms);

  /** Disconnects a local socket; {@code close} also closes its underlying connection. */
  void disconnect(String socketId, boolean close);

  /**
   * An event another node sent with {@code serverSideEmit}; the namespace runs its listeners.
   *
   * @param args the event name followed by its arguments
   * @param ack where to send the listener's answer, or {@code null} when none is expected
   */
  void onServerSideEmit(ArrayNode args, Consumer<JsonNode> ack);
}
