package dev.parley.examroom.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chat room.
 *
 * @param id the room id ({@code lobby}, {@code session-<id>}, {@code dm-<userA>-<userB>})
 * @param name the shown name
 * @param kind {@code public}, {@code session} or {@code dm}
 * @param sessionId the test session of a session room
 * @param slowModeSeconds the least time between two messages of one user, 0 when off
 */
public record ChatRoom(String id, String name, String kind, String sessionId, int slowModeSeconds) {

  public Map<String, Object> view() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("name", name);
    v.put("kind", kind);
    v.put("sessionId", sessionId);
    v.put("slowModeSeconds", slowModeSeconds);
    return v;
  }
}
