package dev.parley.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code fetchSockets()} reports of a socket, on this node or another: the shape of the reference's
 * {@code RemoteSocket} ({@code id}, {@code handshake}, {@code rooms}, {@code data}).
 *
 * @param id the socket id
 * @param handshake the handshake, as the reference serializes it ({@code headers}, {@code time}, {@code address},
 *     {@code xdomain}, {@code secure}, {@code issued}, {@code url}, {@code query}, {@code auth})
 * @param rooms the rooms the socket is in
 * @param data the socket's {@code data}, as JSON ({@code null} node when unset)
 */
public record SocketDetails(String id, JsonNode handshake, Set<String> rooms, JsonNode data) {

  public SocketDetails {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(handshake, "handshake");
    rooms = Set.copyOf(rooms);
    Objects.requireNonNull(data, "data");
  }
}
