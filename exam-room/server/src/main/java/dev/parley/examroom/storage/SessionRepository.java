package dev.parley.examroom.storage;

import dev.parley.examroom.domain.Part;
import dev.parley.examroom.domain.PartDurations;
import dev.parley.examroom.domain.SessionStatus;
import dev.parley.examroom.domain.TestSession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Test sessions. Updates are optimistic: {@link #update} succeeds only if the stored version is the one the change
 * was computed from, so two nodes (or a command racing the clock) never both apply a transition.
 */
public final class SessionRepository {
  private static final String POINTS_SEPARATOR = "\n";

  private static TestSession map(ResultSet rs) throws SQLException {
    String part = rs.getString("part");
    return new TestSession(rs.getString("id"), rs.getString("title"), rs.getString("candidate_id"),
        rs.getString("examiner_id"), rs.getLong("scheduled_at"), SessionStatus.valueOf(rs.getString("status")),
        part == null ? null : Part.fromWireName(part), Jdbc.nullableLong(rs, "part_started_at"),
        Jdbc.nullableLong(rs, "part_deadline_at"), Jdbc.nullableLong(rs, "paused_remaining_ms"),
        new PartDurations(rs.getLong("part1_ms"), rs.getLong("prep_ms"), rs.getLong("talk_ms"),
            rs.getLong("part3_ms")), rs.getInt("countdown_sent"), rs.getString("cue_topic"),
        Arrays.asList(rs.getString("cue_points").split(POINTS_SEPARATOR)), rs.getLong("next_seq"),
        Jdbc.nullableLong(rs, "started_at"), Jdbc.nullableLong(rs, "ended_at"), rs.getLong("version"));
  }

  public Optional<TestSession> byId(Connection c, String id) throws SQLException {
    return Jdbc.one(c, "SELECT * FROM test_sessions WHERE id = ?", SessionRepository::map, id);
  }

  /** Sessions not yet completed or aborted: the ones the clock still drives. */
  public List<TestSession> active(Connection c) throws SQLException {
    return Jdbc.query(c, "SELECT * FROM test_sessions WHERE status NOT IN ('COMPLETED', 'ABORTED')",
        SessionRepository::map);
  }

  public List<TestSession> forUser(Connection c, String userId) throws SQLException {
    return Jdbc.query(c, "SELECT * FROM test_sessions WHERE candidate_id = ? OR examiner_id = ? "
        + "ORDER BY scheduled_at DESC", SessionRepository::map, userId, userId);
  }

  public List<TestSession> all(Connection c) throws SQLException {
    return Jdbc.query(c, "SELECT * FROM test_sessions ORDER BY scheduled_at DESC", SessionRepository::map);
  }

  public void insert(Connection c, TestSession s, long now) throws SQLException {
    Jdbc.update(c, "INSERT INTO test_sessions (id, title, candidate_id, examiner_id, scheduled_at, status, part, "
        + "part_started_at, part_deadline_at, paused_remaining_ms, part1_ms, prep_ms, talk_ms, part3_ms, "
        + "countdown_sent, cue_topic, cue_points, next_seq, started_at, ended_at, version, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.id(), s.title(), s.candidateId(), s.examinerId(), s.scheduledAt(), s.status().name(),
        s.part() == null ? null : s.part().wireName(), s.partStartedAt(), s.partDeadlineAt(),
        s.pausedRemainingMs(), s.durations().part1(), s.durations().prep(), s.durations().talk(),
        s.durations().part3(), s.countdownSent(), s.cueTopic(), String.join(POINTS_SEPARATOR, s.cuePoints()),
        s.nextSeq(), s.startedAt(), s.endedAt(), s.version(), now);
  }

  /**
   * Stores {@code s} if the row still has {@code expectedVersion}.
   *
   * @return false when another writer changed the session first
   */
  public boolean update(Connection c, TestSession s, long expectedVersion) throws SQLException {
    return Jdbc.update(c, "UPDATE test_sessions SET status = ?, part = ?, part_started_at = ?, part_deadline_at = ?, "
        + "paused_remaining_ms = ?, countdown_sent = ?, next_seq = ?, started_at = ?, ended_at = ?, version = ? "
        + "WHERE id = ? AND version = ?",
        s.status().name(), s.part() == null ? null : s.part().wireName(), s.partStartedAt(), s.partDeadlineAt(),
        s.pausedRemainingMs(), s.countdownSent(), s.nextSeq(), s.startedAt(), s.endedAt(), s.version(), s.id(),
        expectedVersion) == 1;
  }
}
