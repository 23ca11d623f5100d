package dev.parley.examroom.domain;

import java.util.Map;

/**
 * A session event a transition produced, not yet numbered: it gets its sequence number when it is stored.
 *
 * @param type the Socket.IO event name it is sent as ({@code test_status}, {@code countdown}, ...)
 * @param payload the event's fields besides {@code sessionId}, {@code seq} and {@code serverTime}
 * @param actorId who caused it ({@code null} for the server's own clock)
 */
public record PendingEvent(String type, Map<String, Object> payload, String actorId) {

  public PendingEvent {
    payload = Map.copyOf(payload);
  }
}
