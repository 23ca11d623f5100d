package dev.parley.examroom.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The per-session event log: the audit trail and what reconnecting clients replay. */
public final class EventRepository {

  /**
   * A stored event.
   *
   * @param sessionId the session
   * @param seq its number within the session
   * @param type the event name
   * @param payload its JSON
   * @param actorId who caused it, or {@code null} for the server clock
   * @param createdAt server time
   */
  public record StoredEvent(String sessionId, long seq, String type, String payload, String actorId,
      long createdAt) {}

  public void insert(Connection c, StoredEvent e) throws SQLException {
    Jdbc.update(c, "INSERT INTO session_events (session_id, seq, type, payload, actor_id, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?)", e.sessionId(), e.seq(), e.type(), e.payload(), e.actorId(), e.createdAt());
  }

  /** The events after {@code seq}, in order. */
  public List<StoredEvent> since(Connection c, String sessionId, long seq) throws SQLException {
    return Jdbc.query(c, "SELECT * FROM session_events WHERE session_id = ? AND seq > ? ORDER BY seq",
        rs -> new StoredEvent(rs.getString("session_id"), rs.getLong("seq"), rs.getString("type"),
            rs.getString("payload"), rs.getString("actor_id"), rs.getLong("created_at")), sessionId, seq);
  }
}
