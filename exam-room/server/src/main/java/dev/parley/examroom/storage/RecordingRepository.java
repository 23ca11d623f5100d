package dev.parley.examroom.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Audio recordings: one per test session (appended chunk by chunk) plus seed 002's single uploads (no session).
 * The row is the truth about a file: {@code bytes} is how much of it was acknowledged, and a chunk counts only once
 * {@link #appended} has committed, so a crash between the write and the commit leaves bytes the file may lose.
 */
public final class RecordingRepository {

  /**
   * A stored recording.
   *
   * @param id server-generated UUID, also the file's stem
   * @param sessionId the test session, or {@code null} for a {@code /upload-audio} upload
   * @param ownerId who uploaded it
   * @param contentType the detected type (one of our allowlist)
   * @param nextSeq the next chunk expected (the number of chunks stored)
   * @param bytes the acknowledged length of the file
   * @param completed whether the candidate marked it complete
   * @param originalName the client's file name, escaped, as metadata only (never a path)
   * @param fileName the server-generated file name in the recordings directory
   * @param createdAt when it was created
   * @param updatedAt when it last changed
   */
  public record StoredRecording(String id, String sessionId, String ownerId, String contentType, int nextSeq,
      long bytes, boolean completed, String originalName, String fileName, long createdAt, long updatedAt) {}

  private static StoredRecording map(ResultSet rs) throws SQLException {
    return new StoredRecording(rs.getString("id"), rs.getString("session_id"), rs.getString("owner_id"),
        rs.getString("content_type"), rs.getInt("next_seq"), rs.getLong("bytes"), rs.getInt("completed") != 0,
        rs.getString("original_name"), rs.getString("file_name"), rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }

  public Optional<StoredRecording> byId(Connection c, String id) throws SQLException {
    return Jdbc.one(c, "SELECT * FROM recordings WHERE id = ?", RecordingRepository::map, id);
  }

  public Optional<StoredRecording> bySession(Connection c, String sessionId) throws SQLException {
    return Jdbc.one(c, "SELECT * FROM recordings WHERE session_id = ?", RecordingRepository::map, sessionId);
  }

  /** Every recording with a file, for the start-up check of file lengths. */
  public List<StoredRecording> all(Connection c) throws SQLException {
    return Jdbc.query(c, "SELECT * FROM recordings WHERE file_name IS NOT NULL ORDER BY created_at",
        RecordingRepository::map);
  }

  /** Inserts; a second recording for one session violates the unique index (another node won the race). */
  public void insert(Connection c, StoredRecording r) throws SQLException {
    Jdbc.update(c, "INSERT INTO recordings (id, session_id, owner_id, content_type, next_seq, bytes, completed, "
        + "original_name, file_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.id(), r.sessionId(), r.ownerId(), r.contentType(), r.nextSeq(), r.bytes(), r.completed(),
        r.originalName(), r.fileName(), r.createdAt(), r.updatedAt());
  }

  /**
   * Records chunk {@code expectedSeq} as appended, if the row is still where the append started from.
   *
   * @return false when another writer moved the recording first (or it was completed)
   */
  public boolean appended(Connection c, String id, int expectedSeq, long expectedBytes, long newBytes, long now)
      throws SQLException {
    return Jdbc.update(c, "UPDATE recordings SET next_seq = ?, bytes = ?, updated_at = ? "
        + "WHERE id = ? AND next_seq = ? AND bytes = ? AND completed = 0",
        expectedSeq + 1, newBytes, now, id, expectedSeq, expectedBytes) == 1;
  }

  /** Marks a recording complete; completing twice changes nothing. */
  public void complete(Connection c, String id, long now) throws SQLException {
    Jdbc.update(c, "UPDATE recordings SET completed = 1, updated_at = ? WHERE id = ? AND completed = 0", now, id);
  }
}
