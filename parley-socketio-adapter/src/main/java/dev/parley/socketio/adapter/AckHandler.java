package dev.parley.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;

/** Receives one client's acknowledgement of a broadcast. */
@FunctionalInterface
public interface AckHandler {

  /**
   * @param socketId the socket that answered (may be {@code null} when the answer came from another node that does
   *     not say)
   * @param args the acknowledgement's arguments, a JSON array
   */
  void onAck(String socketId, JsonNode args);
}
