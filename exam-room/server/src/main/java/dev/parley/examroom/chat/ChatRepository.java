package dev.parley.examroom.chat;

import dev.parley.examroom.chat.attachment.AttachmentRepository;
import dev.parley.examroom.storage.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Chat rooms, memberships, messages and receipts (plain JDBC, the same SQL on SQLite and PostgreSQL). */
public final class ChatRepository {
  /** A message with its author's name and its attachment (if any): {@code SELECT ... FROM} this {@code WHERE ...}. */
  private static final String MESSAGES = "SELECT m.id, m.room_id, m.sender_id, u.display_name, m.client_message_id, "
      + "m.text, m.created_at, m.edited_at, m.deleted_at, " + AttachmentRepository.COLUMNS + " FROM chat_messages m "
      + "JOIN users u ON u.id = m.sender_id LEFT JOIN chat_attachments a ON a.id = m.attachment_id";

  /**
   * A membership.
   *
   * @param muted whether the user may only read
   * @param kickedUntil until when the user may not rejoin (epoch ms; 0 when not kicked)
   * @param lastReadId the last message the user has seen
   */
  public record Member(boolean muted, long kickedUntil, long lastReadId) {}

  /**
   * A participant of a room.
   *
   * @param userId the user
   * @param displayName the shown name
   * @param role the role
   * @param muted whether muted
   */
  public record Participant(String userId, String displayName, String role, boolean muted) {}

  /**
   * A room with the user's unread count.
   *
   * @param room the room
   * @param unread messages by others after the user's last read one
   */
  public record RoomWithUnread(ChatRoom room, int unread) {}

  public void ensureRoom(Connection c, ChatRoom room, long now) throws SQLException {
    if (room(c, room.id()).isEmpty()) {
      Jdbc.update(c, "INSERT INTO chat_rooms (id, name, kind, session_id, slow_mode_seconds, created_at) "
          + "VALUES (?, ?, ?, ?, 0, ?)", room.id(), room.name(), room.kind(), room.sessionId(), now);
    }
  }

  public Optional<ChatRoom> room(Connection c, String id) throws SQLException {
    List<ChatRoom> rows = Jdbc.query(c, "SELECT * FROM chat_rooms WHERE id = ?", rs -> new ChatRoom(rs.getString("id"),
        rs.getString("name"), rs.getString("kind"), rs.getString("session_id"), rs.getInt("slow_mode_seconds")), id);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Public rooms, and the rooms the user is a member of, with unread counts. */
  public List<RoomWithUnread> roomsFor(Connection c, String userId) throws SQLException {
    return Jdbc.query(c, "SELECT r.*, (SELECT COUNT(*) FROM chat_messages m WHERE m.room_id = r.id "
        + "AND m.sender_id <> ? AND m.deleted_at IS NULL AND m.id > COALESCE(cm.last_read_id, 0)) AS unread "
        + "FROM chat_rooms r LEFT JOIN chat_members cm ON cm.room_id = r.id AND cm.user_id = ? "
        + "WHERE r.kind = 'public' OR cm.user_id IS NOT NULL ORDER BY r.kind DESC, r.name",
        rs -> new RoomWithUnread(new ChatRoom(rs.getString("id"), rs.getString("name"), rs.getString("kind"),
            rs.getString("session_id"), rs.getInt("slow_mode_seconds")), rs.getInt("unread")), userId, userId);
  }

  public Optional<Member> member(Connection c, String roomId, String userId) throws SQLException {
    List<Member> rows = Jdbc.query(c, "SELECT muted, kicked_until, last_read_id FROM chat_members WHERE room_id = ? "
        + "AND user_id = ?", rs -> new Member(rs.getInt(1) != 0, rs.getLong(2), rs.getLong(3)), roomId, userId);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public void addMember(Connection c, String roomId, String userId, long now) throws SQLException {
    if (member(c, roomId, userId).isEmpty()) {
      Jdbc.update(c, "INSERT INTO chat_members (room_id, user_id, joined_at) VALUES (?, ?, ?)", roomId, userId, now);
    }
  }

  public void setMuted(Connection c, String roomId, String userId, boolean muted) throws SQLException {
    Jdbc.update(c, "UPDATE chat_members SET muted = ? WHERE room_id = ? AND user_id = ?", muted ? 1 : 0, roomId, userId);
  }

  public void setKickedUntil(Connection c, String roomId, String userId, long until) throws SQLException {
    Jdbc.update(c, "UPDATE chat_members SET kicked_until = ? WHERE room_id = ? AND user_id = ?", until, roomId, userId);
  }

  /** Moves the user's read marker forward (never back). */
  public void markRead(Connection c, String roomId, String userId, long messageId) throws SQLException {
    Jdbc.update(c, "UPDATE chat_members SET last_read_id = ? WHERE room_id = ? AND user_id = ? AND last_read_id < ?",
        messageId, roomId, userId, messageId);
  }

  public void setSlowMode(Connection c, String roomId, int seconds) throws SQLException {
    Jdbc.update(c, "UPDATE chat_rooms SET slow_mode_seconds = ? WHERE id = ?", seconds, roomId);
  }

  public List<Participant> participants(Connection c, String roomId, long now) throws SQLException {
    return Jdbc.query(c, "SELECT u.id, u.display_name, u.role, cm.muted FROM chat_members cm JOIN users u "
        + "ON u.id = cm.user_id WHERE cm.room_id = ? AND cm.kicked_until <= ? ORDER BY u.display_name",
        rs -> new Participant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0), roomId, now);
  }

  public long insertMessage(Connection c, String roomId, String senderId, String clientMessageId, String text,
      String attachmentId, long now) throws SQLException {
    return Jdbc.insertReturningId(c, "INSERT INTO chat_messages (room_id, sender_id, client_message_id, text, "
        + "attachment_id, created_at) VALUES (?, ?, ?, ?, ?, ?)", roomId, senderId, clientMessageId, text,
        attachmentId, now);
  }

  public Optional<ChatMessage> message(Connection c, long id) throws SQLException {
    List<ChatMessage> rows = Jdbc.query(c, MESSAGES + " WHERE m.id = ?", ChatRepository::mapMessage, id);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public Optional<ChatMessage> byClientId(Connection c, String senderId, String clientMessageId) throws SQLException {
    List<ChatMessage> rows = Jdbc.query(c, MESSAGES + " WHERE m.sender_id = ? AND m.client_message_id = ?",
        ChatRepository::mapMessage, senderId, clientMessageId);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Up to {@code limit} messages before {@code beforeId} (exclusive; 0 for the newest), oldest first. */
  public List<ChatMessage> history(Connection c, String roomId, long beforeId, int limit) throws SQLException {
    List<ChatMessage> rows = Jdbc.query(c, MESSAGES + " WHERE m.room_id = ? AND (? = 0 OR m.id < ?) "
        + "ORDER BY m.id DESC LIMIT ?", ChatRepository::mapMessage, roomId, beforeId, beforeId, limit);
    Collections.reverse(rows);
    return rows;
  }

  /**
   * Up to {@code limit} messages after {@code afterId} (exclusive; 0 for the first), oldest first: the messages a
   * client holding everything up to {@code afterId} is missing.
   */
  public List<ChatMessage> historyAfter(Connection c, String roomId, long afterId, int limit) throws SQLException {
    return Jdbc.query(c, MESSAGES + " WHERE m.room_id = ? AND m.id > ? ORDER BY m.id LIMIT ?",
        ChatRepository::mapMessage, roomId, afterId, limit);
  }

  /**
   * The best receipt ("seen" over "delivered") of each of the sender's messages in the room with an id from
   * {@code fromId} to {@code toId}: what the sender's history shows after a reload.
   */
  public Map<Long, String> receiptSummary(Connection c, String roomId, String senderId, long fromId, long toId)
      throws SQLException {
    Map<Long, String> summary = new HashMap<>();
    Jdbc.query(c, "SELECT r.message_id, MAX(CASE WHEN r.status = 'seen' THEN 2 ELSE 1 END) FROM chat_receipts r "
        + "JOIN chat_messages m ON m.id = r.message_id WHERE m.room_id = ? AND m.sender_id = ? AND m.id >= ? "
        + "AND m.id <= ? GROUP BY r.message_id", rs -> summary.put(rs.getLong(1), rs.getInt(2) == 2 ? "seen"
        : "delivered"), roomId, senderId, fromId, toId);
    return summary;
  }

  /** Messages by others, not deleted, after {@code lastReadId}: the same count as {@link #roomsFor}'s. */
  public int unread(Connection c, String roomId, String userId, long lastReadId) throws SQLException {
    List<Integer> rows = Jdbc.query(c, "SELECT COUNT(*) FROM chat_messages WHERE room_id = ? AND sender_id <> ? "
        + "AND deleted_at IS NULL AND id > ?", rs -> rs.getInt(1), roomId, userId, lastReadId);
    return rows.isEmpty() ? 0 : rows.get(0);
  }

  /** When the sender last wrote in the room, or 0 (slow mode). */
  public long lastMessageAt(Connection c, String roomId, String senderId) throws SQLException {
    List<Long> rows = Jdbc.query(c, "SELECT MAX(created_at) FROM chat_messages WHERE room_id = ? AND sender_id = ?",
        rs -> rs.getLong(1), roomId, senderId);
    return rows.isEmpty() ? 0 : rows.get(0);
  }

  public void edit(Connection c, long id, String text, long now) throws SQLException {
    Jdbc.update(c, "UPDATE chat_messages SET text = ?, edited_at = ? WHERE id = ?", text, now, id);
  }

  public void delete(Connection c, long id, long now) throws SQLException {
    Jdbc.update(c, "UPDATE chat_messages SET text = '', attachment_id = NULL, deleted_at = ? WHERE id = ?", now, id);
  }

  /**
   * Records a receipt, only ever upgrading (delivered → seen).
   *
   * @return true when the status changed
   */
  public boolean receipt(Connection c, long messageId, String userId, String status, long now) throws SQLException {
    List<String> current = Jdbc.query(c, "SELECT status FROM chat_receipts WHERE message_id = ? AND user_id = ?",
        rs -> rs.getString(1), messageId, userId);
    if (current.isEmpty()) {
      Jdbc.update(c, "INSERT INTO chat_receipts (message_id, user_id, status, at) VALUES (?, ?, ?, ?)", messageId, userId,
          status, now);
      return true;
    }
    if ("delivered".equals(current.get(0)) && "seen".equals(status)) {
      Jdbc.update(c, "UPDATE chat_receipts SET status = 'seen', at = ? WHERE message_id = ? AND user_id = ?", now,
          messageId, userId);
      return true;
    }
    return false;
  }

  private static ChatMessage mapMessage(ResultSet rs) throws SQLException {
    Long editedAt = Jdbc.nullableLong(rs, "edited_at");
    Long deletedAt = Jdbc.nullableLong(rs, "deleted_at");
    return new ChatMessage(rs.getLong("id"), rs.getString("room_id"), rs.getString("sender_id"),
        rs.getString("display_name"), rs.getString("client_message_id"), rs.getString("text"),
        AttachmentRepository.map(rs), rs.getLong("created_at"), editedAt, deletedAt);
  }
}
