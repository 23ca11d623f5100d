package dev.parley.examroom.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The examiner's scores of a session. */
public final class ScoreRepository {

  /**
   * A score sheet.
   *
   * @param sessionId the session
   * @param fluency fluency and coherence, 0–9
   * @param lexical lexical resource, 0–9
   * @param grammar grammatical range and accuracy, 0–9
   * @param pronunciation pronunciation, 0–9
   * @param overallTenths the overall band in tenths
   * @param examinerId who scored
   * @param scoredAt when
   * @param publishedAt when the candidate was told, or {@code null}
   */
  public record Score(String sessionId, int fluency, int lexical, int grammar, int pronunciation, int overallTenths,
      String examinerId, long scoredAt, Long publishedAt) {}

  public Optional<Score> bySession(Connection c, String sessionId) throws SQLException {
    return Jdbc.one(c, "SELECT * FROM scores WHERE session_id = ?", rs -> new Score(rs.getString("session_id"),
        rs.getInt("fluency"), rs.getInt("lexical"), rs.getInt("grammar"), rs.getInt("pronunciation"),
        rs.getInt("overall_tenths"), rs.getString("examiner_id"), rs.getLong("scored_at"),
        Jdbc.nullableLong(rs, "published_at")), sessionId);
  }

  public void upsert(Connection c, Score s) throws SQLException {
    int updated = Jdbc.update(c, "UPDATE scores SET fluency = ?, lexical = ?, grammar = ?, pronunciation = ?, "
        + "overall_tenths = ?, examiner_id = ?, scored_at = ? WHERE session_id = ?", s.fluency(), s.lexical(),
        s.grammar(), s.pronunciation(), s.overallTenths(), s.examinerId(), s.scoredAt(), s.sessionId());
    if (updated == 0) {
      Jdbc.update(c, "INSERT INTO scores (session_id, fluency, lexical, grammar, pronunciation, overall_tenths, "
          + "examiner_id, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", s.sessionId(), s.fluency(), s.lexical(),
          s.grammar(), s.pronunciation(), s.overallTenths(), s.examinerId(), s.scoredAt());
    }
  }

  public void markPublished(Connection c, String sessionId, long now) throws SQLException {
    Jdbc.update(c, "UPDATE scores SET published_at = ? WHERE session_id = ?", now, sessionId);
  }
}
