package dev.parley.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A disconnected socket's state kept for connection state recovery, and the packets it missed once restored.
 *
 * @param sid the socket id to give back
 * @param pid the private session id the client presents to recover (never broadcast, never logged)
 * @param rooms the rooms to rejoin
 * @param data the socket's {@code data}
 * @param missedPackets the EVENT payloads broadcast meanwhile (each ends with its offset), in order; empty when
 *     persisting
 */
public record SessionState(String sid, String pid, Set<String> rooms, JsonNode data, List<ArrayNode> missedPackets) {

  public SessionState {
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(pid, "pid");
    rooms = Set.copyOf(rooms);
    Objects.requireNonNull(data, "data");
    missedPackets = List.copyOf(missedPackets);
  }

  /** The same state with the packets missed since. */
  public SessionState withMissedPackets(List<ArrayNode> packets) {
    return new SessionState(sid, pid, rooms, data, packets);
  }
}
