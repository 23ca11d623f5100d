package dev.parley.socketio.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A socket found by {@code fetchSockets()}, on this node or another one of the cluster. Its state is a snapshot from
 * the time of the call; its actions reach the socket wherever it is.
 */
public interface RemoteSocket {

  String id();

  Handshake handshake();

  Set<String> rooms();

  /** The socket's {@code data} as JSON ({@code null} node when unset). */
  JsonNode data();

  /** The socket's {@code data} bound to a type. */
  <T> T data(Class<T> type);

  /** Sends an event to this socket. */
  void emit(String event, Object... args);

  /** Makes this socket join rooms. */
  void join(String... rooms);

  /** Makes this socket leave rooms. */
  void leave(String... rooms);

  /** Disconnects this socket; {@code close} also closes its connection. */
  void disconnect(boolean close);
}
