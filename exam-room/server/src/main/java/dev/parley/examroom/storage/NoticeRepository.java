package dev.parley.examroom.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Notices and messages: admin broadcasts (no session) and examiner/admin messages to a session. The numeric id is
 * increasing, which is what the REST fallback ({@code GET /api/alerts?since=}) pages on.
 */
public final class NoticeRepository {

  /**
   * A stored notice.
   *
   * @param id increasing id
   * @param sessionId the session it is for, or {@code null} for everyone
   * @param severity info, warning or critical
   * @param text the text
   * @param authorId who sent it
   * @param authorName their display name
   * @param createdAt server time
   */
  public record Notice(long id, String sessionId, String severity, String text, String authorId, String authorName,
      long createdAt) {}

  private static Notice map(ResultSet rs) throws SQLException {
    return new Notice(rs.getLong("id"), rs.getString("session_id"), rs.getString("severity"), rs.getString("text"),
        rs.getString("author_id"), rs.getString("author_name"), rs.getLong("created_at"));
  }

  public Notice insert(Connection c, String sessionId, String severity, String text, String authorId,
      String authorName, long now) throws SQLException {
    long id = Jdbc.insertReturningId(c, "INSERT INTO notices (session_id, severity, text, author_id, author_name, "
        + "created_at) VALUES (?, ?, ?, ?, ?, ?)", sessionId, severity, text, authorId, authorName, now);
    return new Notice(id, sessionId, severity, text, authorId, authorName, now);
  }

  /** Critical broadcasts the user has not dismissed: what a late joiner must still see. */
  public List<Notice> undismissedCritical(Connection c, String userId) throws SQLException {
    return Jdbc.query(c, "SELECT n.* FROM notices n WHERE n.session_id IS NULL AND n.severity = 'critical' "
        + "AND NOT EXISTS (SELECT 1 FROM notice_dismissals d WHERE d.notice_id = n.id AND d.user_id = ?) "
        + "ORDER BY n.id", NoticeRepository::map, userId);
  }

  /** The alerts a user may see after {@code since}: broadcasts and messages to the user's sessions. */
  public List<Notice> alertsSince(Connection c, String userId, boolean admin, long since) throws SQLException {
    if (admin) {
      return Jdbc.query(c, "SELECT * FROM notices WHERE id > ? ORDER BY id LIMIT 200", NoticeRepository::map, since);
    }
    return Jdbc.query(c, "SELECT n.* FROM notices n LEFT JOIN test_sessions s ON s.id = n.session_id "
        + "WHERE n.id > ? AND (n.session_id IS NULL OR s.candidate_id = ? OR s.examiner_id = ?) ORDER BY n.id "
        + "LIMIT 200", NoticeRepository::map, since, userId, userId);
  }

  public void dismiss(Connection c, long noticeId, String userId, long now) throws SQLException {
    if (Jdbc.one(c, "SELECT 1 FROM notice_dismissals WHERE notice_id = ? AND user_id = ?", rs -> 1, noticeId,
        userId).isEmpty()) {
      Jdbc.update(c, "INSERT INTO notice_dismissals (notice_id, user_id, dismissed_at) VALUES (?, ?, ?)", noticeId,
          userId, now);
    }
  }

  public boolean exists(Connection c, long noticeId) throws SQLException {
    return Jdbc.one(c, "SELECT 1 FROM notices WHERE id = ?", rs -> 1, noticeId).isPresent();
  }
}
