package dev.parley.examroom.chat.attachment;

import dev.parley.examroom.storage.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Chat attachment rows (plain JDBC, the same SQL on SQLite and PostgreSQL). */
public final class AttachmentRepository {
  /** The columns {@link #map} reads, for queries joining this table as {@code a}. */
  public static final String COLUMNS = "a.id AS a_id, a.room_id AS a_room_id, a.uploader_id AS a_uploader_id, "
      + "a.file_name AS a_file_name, a.original_name AS a_original_name, a.content_type AS a_content_type, "
      + "a.size_bytes AS a_size_bytes, a.message_id AS a_message_id, a.created_at AS a_created_at";

  public void insert(Connection c, Attachment a) throws SQLException {
    Jdbc.update(c, "INSERT INTO chat_attachments (id, room_id, uploader_id, file_name, original_name, content_type, "
        + "size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", a.id(), a.roomId(), a.uploaderId(), a.fileName(),
        a.name(), a.contentType(), a.size(), a.createdAt());
  }

  public Optional<Attachment> byId(Connection c, String id) throws SQLException {
    return Jdbc.one(c, "SELECT " + COLUMNS + " FROM chat_attachments a WHERE a.id = ?", AttachmentRepository::map,
        id);
  }

  /**
   * Puts an unsent attachment in a message.
   *
   * @return false when it was already in a message (another send won the race)
   */
  public boolean claim(Connection c, String id, long messageId) throws SQLException {
    return Jdbc.update(c, "UPDATE chat_attachments SET message_id = ? WHERE id = ? AND message_id IS NULL",
        messageId, id) == 1;
  }

  public void delete(Connection c, String id) throws SQLException {
    Jdbc.update(c, "DELETE FROM chat_attachments WHERE id = ?", id);
  }

  /** Unsent attachments of a user: the upload gate counts them. */
  public int unsentCount(Connection c, String uploaderId) throws SQLException {
    return Jdbc.one(c, "SELECT COUNT(*) FROM chat_attachments WHERE uploader_id = ? AND message_id IS NULL",
        rs -> rs.getInt(1), uploaderId).orElse(0);
  }

  /** Unsent attachments uploaded before {@code before} (epoch ms): the start-up clean-up forgets them. */
  public List<Attachment> unsentBefore(Connection c, long before) throws SQLException {
    return Jdbc.query(c, "SELECT " + COLUMNS + " FROM chat_attachments a WHERE a.message_id IS NULL "
        + "AND a.created_at < ?", AttachmentRepository::map, before);
  }

  /** Deletes an attachment if it is still unsent (a send may have taken it meanwhile); true when it did. */
  public boolean deleteUnsent(Connection c, String id) throws SQLException {
    return Jdbc.update(c, "DELETE FROM chat_attachments WHERE id = ? AND message_id IS NULL", id) == 1;
  }

  /** The attachment of a row selected with {@link #COLUMNS}, or {@code null} when the row has none (a left join). */
  public static Attachment map(ResultSet rs) throws SQLException {
    String id = rs.getString("a_id");
    if (id == null) {
      return null;
    }
    return new Attachment(id, rs.getString("a_room_id"), rs.getString("a_uploader_id"), rs.getString("a_file_name"),
        rs.getString("a_original_name"), rs.getString("a_content_type"), rs.getLong("a_size_bytes"),
        Jdbc.nullableLong(rs, "a_message_id"), rs.getLong("a_created_at"));
  }
}
