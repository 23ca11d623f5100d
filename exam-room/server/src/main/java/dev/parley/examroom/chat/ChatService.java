package dev.parley.examroom.chat;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.chat.attachment.Attachment;
import dev.parley.examroom.chat.attachment.ChatAttachments;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.TestSession;
import dev.parley.examroom.service.ApiException;
import dev.parley.examroom.service.AppClock;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.SessionRepository;
import dev.parley.examroom.storage.UserRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The rules of chat: who may read and write where, idempotent sending, history pages, edits within the window,
 * receipts, moderation, who may upload and fetch attachments. Every method runs its JDBC on the database executor and
 * completes after the commit.
 */
public final class ChatService {
  public static final int PAGE = 50;
  static final List<ChatRoom> PUBLIC_ROOMS = List.of(
      new ChatRoom("lobby", "Lobby", "public", null, 0),
      new ChatRoom("help", "Help desk", "public", null, 0));

  private final Database db;
  private final AppClock clock;
  private final AppConfig.Chat settings;
  private final ChatRepository chat = new ChatRepository();
  private final SessionRepository sessions = new SessionRepository();
  private final UserRepository users = new UserRepository();
  private final ChatAttachments attachments;

  /**
   * A sent message.
   *
   * @param message the stored message
   * @param duplicate whether it was already stored (a resend): it is acknowledged again but not re-broadcast
   */
  public record Sent(ChatMessage message, boolean duplicate) {}

  public ChatService(Database db, AppClock clock, AppConfig.Chat settings) {
    this.db = db;
    this.clock = clock;
    this.settings = settings;
    this.attachments = new ChatAttachments(db, clock, settings.attachmentsDir(), settings.maxAttachmentBytes());
  }

  /** The start-up work, called once: creates the public rooms, cleans up unfinished and unsent attachments. */
  public void ensurePublicRooms() {
    db.inTransaction(c -> {
      for (ChatRoom room : PUBLIC_ROOMS) {
        chat.ensureRoom(c, room, clock.millis());
      }
      return null;
    });
    attachments.sweep();
  }

  public ChatAttachments attachments() {
    return attachments;
  }

  public AppConfig.Chat settings() {
    return settings;
  }

  /** Joins a room: the room, its participants, its last page of history, the caller's unread count. */
  public CompletableFuture<Map<String, Object>> join(Principal p, String roomId) {
    return db.tx(c -> {
      ChatRoom room = accessibleRoom(c, p, roomId);
      long now = clock.millis();
      ChatRepository.Member member = chat.member(c, roomId, p.userId()).orElse(null);
      if (member != null && member.kickedUntil() > now) {
        throw ApiException.forbidden("you were removed from this room; try again later");
      }
      chat.addMember(c, roomId, p.userId(), now);
      ChatRepository.Member current = chat.member(c, roomId, p.userId()).orElseThrow();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("room", room.view());
      result.put("participants", chat.participants(c, roomId, now));
      List<ChatMessage> history = chat.history(c, roomId, 0, PAGE);
      result.put("history", views(c, p, roomId, history));
      result.put("hasMore", history.size() == PAGE);
      result.put("lastReadId", current.lastReadId());
      result.put("unread", chat.unread(c, roomId, p.userId(), current.lastReadId()));
      result.put("muted", current.muted());
      result.put("maxMessageLength", settings.maxMessageLength());
      result.put("editWindowMs", settings.editWindow().toMillis());
      result.put("maxAttachmentBytes", attachments.maxBytes());
      return result;
    });
  }

  public CompletableFuture<List<ChatRepository.Participant>> participants(String roomId) {
    return db.read(c -> chat.participants(c, roomId, clock.millis()));
  }

  /** Sends a message; a resend with the same client id returns the stored one. */
  public CompletableFuture<Sent> send(Principal p, String roomId, String text, String clientMessageId,
      String attachmentId) {
    String clean = text == null ? "" : text.strip();
    if (clean.isEmpty() && attachmentId == null) {
      throw ApiException.invalid("a message needs text");
    }
    if (clean.length() > settings.maxMessageLength()) {
      throw ApiException.invalid("a message has at most " + settings.maxMessageLength() + " characters");
    }
    if (clientMessageId == null || clientMessageId.isBlank() || clientMessageId.length() > 64) {
      throw ApiException.invalid("clientMessageId (1 to 64 characters) is required");
    }
    return db.tx(c -> {
      ChatMessage existing = chat.byClientId(c, p.userId(), clientMessageId).orElse(null);
      if (existing != null) {
        return new Sent(existing, true);
      }
      ChatRoom room = writableRoom(c, p, roomId);
      long now = clock.millis();
      if (room.slowModeSeconds() > 0 && !isModerator(c, p, room)) {
        long wait = chat.lastMessageAt(c, roomId, p.userId()) + room.slowModeSeconds() * 1000L - now;
        if (wait > 0) {
          throw new ApiException("slow_mode", 429, "slow mode: wait " + ((wait + 999) / 1000) + " s");
        }
      }
      if (attachmentId != null) {
        requireSendable(c, p, roomId, attachmentId);
      }
      long id = chat.insertMessage(c, roomId, p.userId(), clientMessageId, clean, attachmentId, now);
      if (attachmentId != null && !attachments.claim(c, attachmentId, id)) {
        throw ApiException.conflict("the attachment is already in a message");
      }
      chat.markRead(c, roomId, p.userId(), id);
      return new Sent(chat.message(c, id).orElseThrow(), false);
    });
  }

  /** The room, if the caller may write there now: a member, not removed, not muted. */
  private ChatRoom writableRoom(Connection c, Principal p, String roomId) throws SQLException {
    ChatRoom room = accessibleRoom(c, p, roomId);
    ChatRepository.Member member = chat.member(c, roomId, p.userId())
        .orElseThrow(() -> ApiException.forbidden("join the room first"));
    if (member.kickedUntil() > clock.millis()) {
      throw ApiException.forbidden("you were removed from this room");
    }
    if (member.muted()) {
      throw new ApiException("muted", 403, "you are muted in this room");
    }
    return room;
  }

  /** An attachment may go in a message once, by its uploader, in the room it was uploaded for. */
  private void requireSendable(Connection c, Principal p, String roomId, String attachmentId) throws SQLException {
    Attachment a = attachments.find(c, attachmentId)
        .orElseThrow(() -> ApiException.notFound("no such attachment"));
    if (!a.uploaderId().equals(p.userId())) {
      throw ApiException.forbidden("only its uploader may send an attachment");
    }
    if (!a.roomId().equals(roomId)) {
      throw ApiException.invalid("the attachment was uploaded for another room");
    }
    if (a.messageId() != null) {
      throw ApiException.conflict("the attachment is already in a message");
    }
  }

  /** Completes when the caller may post in the room (an attachment upload's gate); fails as {@link #send} would. */
  public CompletableFuture<ChatRoom> requireWriter(Principal p, String roomId) {
    return db.tx(c -> writableRoom(c, p, roomId));
  }

  /**
   * An attachment to download: it must be in a message that was not deleted, in a room the caller may read (its
   * uploader may also fetch it before sending). Unknown, unsent or deleted: 404; a room the caller may not read: 403.
   */
  public CompletableFuture<ChatAttachments.Download> attachment(Principal p, String attachmentId) {
    return db.read(c -> {
      Attachment a = attachments.find(c, attachmentId)
          .orElseThrow(() -> ApiException.notFound("no such attachment"));
      boolean own = a.uploaderId().equals(p.userId());
      if (a.messageId() == null && !own) {
        throw ApiException.notFound("no such attachment");
      }
      accessibleRoom(c, p, a.roomId());
      return attachments.download(a);
    });
  }

  /**
   * Completes when the caller may broadcast seed 004's plain {@code message} to everyone: the lobby's moderation
   * (mute, removal) applies to it, since it reaches the same people.
   */
  public CompletableFuture<Void> requireBroadcaster(Principal p) {
    return db.read(c -> {
      ChatRepository.Member member = chat.member(c, "lobby", p.userId()).orElse(null);
      if (member != null && member.kickedUntil() > clock.millis()) {
        throw ApiException.forbidden("you were removed from the lobby");
      }
      if (member != null && member.muted()) {
        throw new ApiException("muted", 403, "you are muted in the lobby");
      }
      return null;
    });
  }

  /** A page of history before {@code beforeId} (0: the newest). */
  public CompletableFuture<Map<String, Object>> history(Principal p, String roomId, long beforeId, int limit) {
    int size = Math.max(1, Math.min(limit <= 0 ? PAGE : limit, 100));
    return db.read(c -> {
      accessibleRoom(c, p, roomId);
      List<ChatMessage> page = chat.history(c, roomId, Math.max(0, beforeId), size);
      return Map.of("roomId", roomId, "messages", views(c, p, roomId, page), "hasMore", page.size() == size);
    });
  }

  /**
   * A page of history after {@code afterId} (exclusive; 0: from the first message), oldest first: how a client that
   * holds the room's messages up to {@code afterId} fills a gap (after a reconnection) with exactly what it lacks.
   * {@code hasMore}: newer messages than the page's last exist.
   */
  public CompletableFuture<Map<String, Object>> historyAfter(Principal p, String roomId, long afterId, int limit) {
    if (afterId < 0) {
      throw ApiException.invalid("after must be a message id or 0");
    }
    int size = Math.max(1, Math.min(limit <= 0 ? PAGE : limit, 100));
    return db.read(c -> {
      accessibleRoom(c, p, roomId);
      // one more than the page: hasMore is then exact, so a client stops without asking for an empty page
      List<ChatMessage> rows = chat.historyAfter(c, roomId, afterId, size + 1);
      List<ChatMessage> page = rows.size() > size ? rows.subList(0, size) : rows;
      return Map.of("roomId", roomId, "messages", views(c, p, roomId, page), "hasMore", rows.size() > size);
    });
  }

  /** A page as the caller sees it: the caller's own messages carry {@code receipt} (sent, delivered or seen). */
  private List<Map<String, Object>> views(Connection c, Principal p, String roomId, List<ChatMessage> page)
      throws SQLException {
    if (page.isEmpty()) {
      return List.of();
    }
    Map<Long, String> receipts = chat.receiptSummary(c, roomId, p.userId(), page.get(0).id(),
        page.get(page.size() - 1).id());
    return page.stream().map(m -> {
      Map<String, Object> v = m.view();
      if (m.senderId().equals(p.userId())) {
        v.put("receipt", receipts.getOrDefault(m.id(), "sent"));
      }
      return v;
    }).toList();
  }

  public CompletableFuture<ChatMessage> edit(Principal p, long messageId, String text) {
    String clean = text == null ? "" : text.strip();
    if (clean.isEmpty() || clean.length() > settings.maxMessageLength()) {
      throw ApiException.invalid("a message has 1 to " + settings.maxMessageLength() + " characters");
    }
    return db.tx(c -> {
      ownRecentMessage(c, p, messageId);
      chat.edit(c, messageId, clean, clock.millis());
      return chat.message(c, messageId).orElseThrow();
    });
  }

  /** Deletes a message (a tombstone stays); its attachment's row goes with it, and its file after the commit. */
  public CompletableFuture<ChatMessage> delete(Principal p, long messageId) {
    return db.tx(c -> {
      Attachment attachment = ownRecentMessage(c, p, messageId).attachment();
      chat.delete(c, messageId, clock.millis());
      if (attachment != null) {
        attachments.forget(c, attachment);
      }
      return new Deleted(chat.message(c, messageId).orElseThrow(), attachment);
    }).thenApply(d -> {
      if (d.attachment() != null) {
        attachments.deleteFile(d.attachment());
      }
      return d.message();
    });
  }

  /** A deleted message and the attachment it had. */
  private record Deleted(ChatMessage message, Attachment attachment) {}

  private ChatMessage ownRecentMessage(Connection c, Principal p, long messageId) throws SQLException {
    ChatMessage m = chat.message(c, messageId).orElseThrow(() -> ApiException.notFound("no such message"));
    if (!m.senderId().equals(p.userId())) {
      throw ApiException.forbidden("only the author may change a message");
    }
    if (m.deletedAt() != null) {
      throw ApiException.conflict("the message was deleted");
    }
    if (clock.millis() - m.createdAt() > settings.editWindow().toMillis()) {
      throw ApiException.conflict("messages can be changed for " + settings.editWindow().toMinutes()
          + " minutes after sending");
    }
    return m;
  }

  /**
   * Records that the caller received or saw a message.
   *
   * @return the message when the receipt changed something (the sender is then told), else {@code null}
   */
  public CompletableFuture<ChatMessage> receipt(Principal p, long messageId, String status) {
    receiptStatus(status);
    return db.tx(c -> {
      ChatMessage m = chat.message(c, messageId).orElseThrow(() -> ApiException.notFound("no such message"));
      return applyReceipt(c, p, m, status) ? m : null;
    });
  }

  /** The most message ids one batched receipt may carry. */
  public static final int MAX_RECEIPT_BATCH = 200;

  /**
   * Records that the caller received or saw several messages at once (a page of history coming into view), in one
   * transaction: one event from the client instead of one per message. Ids of messages that do not exist (any more)
   * are skipped.
   *
   * @return the messages whose receipt changed (their senders are then told)
   */
  public CompletableFuture<List<ChatMessage>> receipts(Principal p, List<Long> messageIds, String status) {
    receiptStatus(status);
    if (messageIds.isEmpty() || messageIds.size() > MAX_RECEIPT_BATCH) {
      throw ApiException.invalid("messageIds has 1 to " + MAX_RECEIPT_BATCH + " ids");
    }
    return db.tx(c -> {
      List<ChatMessage> changed = new ArrayList<>();
      for (long id : messageIds) {
        ChatMessage m = chat.message(c, id).orElse(null);
        if (m != null && applyReceipt(c, p, m, status)) {
          changed.add(m);
        }
      }
      return changed;
    });
  }

  private static void receiptStatus(String status) {
    if (!"delivered".equals(status) && !"seen".equals(status)) {
      throw ApiException.invalid("status must be delivered or seen");
    }
  }

  /** One receipt of the caller for a message of someone else; true when it changed something. */
  private boolean applyReceipt(Connection c, Principal p, ChatMessage m, String status) throws SQLException {
    accessibleRoom(c, p, m.roomId());
    if (m.senderId().equals(p.userId())) {
      return false;
    }
    boolean changed = chat.receipt(c, m.id(), p.userId(), status, clock.millis());
    if ("seen".equals(status)) {
      chat.markRead(c, m.roomId(), p.userId(), m.id());
    }
    return changed;
  }

  public CompletableFuture<List<Map<String, Object>>> rooms(Principal p) {
    return db.read(c -> {
      List<Map<String, Object>> rooms = new ArrayList<>();
      for (ChatRepository.RoomWithUnread r : chat.roomsFor(c, p.userId())) {
        Map<String, Object> v = r.room().view();
        v.put("unread", r.unread());
        if ("dm".equals(r.room().kind())) {
          // the other user of a private conversation, for the room list ("Private" says nothing)
          String id = r.room().id();
          String other = id.startsWith("dm-" + p.userId() + "-") ? id.substring(4 + p.userId().length())
              : id.endsWith("-" + p.userId()) ? id.substring(3, id.length() - p.userId().length() - 1) : null;
          if (other != null) {
            users.byId(c, other).ifPresent(u -> v.put("peer", Map.of("id", u.id(), "displayName",
                u.displayName())));
          }
        }
        rooms.add(v);
      }
      return rooms;
    });
  }

  /** Opens (or finds) the private conversation of the caller and another user. */
  public CompletableFuture<ChatRoom> openDirect(Principal p, String otherUserId) {
    return db.tx(c -> {
      var other = users.byId(c, otherUserId).orElseThrow(() -> ApiException.notFound("no such user"));
      if (other.id().equals(p.userId())) {
        throw ApiException.invalid("a private conversation needs another user");
      }
      String a = p.userId().compareTo(other.id()) < 0 ? p.userId() : other.id();
      String b = a.equals(p.userId()) ? other.id() : p.userId();
      ChatRoom room = new ChatRoom("dm-" + a + "-" + b, "Private", "dm", null, 0);
      long now = clock.millis();
      chat.ensureRoom(c, room, now);
      chat.addMember(c, room.id(), a, now);
      chat.addMember(c, room.id(), b, now);
      return room;
    });
  }

  // ---- moderation ----

  public CompletableFuture<Void> mute(Principal p, String roomId, String userId, boolean muted) {
    return moderate(p, roomId, c -> chat.setMuted(c, roomId, userId, muted));
  }

  public CompletableFuture<Void> kick(Principal p, String roomId, String userId) {
    return moderate(p, roomId, c -> chat.setKickedUntil(c, roomId, userId,
        clock.millis() + settings.kickDuration().toMillis()));
  }

  public CompletableFuture<Void> slowMode(Principal p, String roomId, int seconds) {
    if (seconds < 0 || seconds > 3600) {
      throw ApiException.invalid("slow mode is 0 to 3600 seconds");
    }
    return moderate(p, roomId, c -> chat.setSlowMode(c, roomId, seconds));
  }

  @FunctionalInterface
  private interface Change {
    void apply(Connection c) throws SQLException;
  }

  private CompletableFuture<Void> moderate(Principal p, String roomId, Change change) {
    return db.tx(c -> {
      ChatRoom room = accessibleRoom(c, p, roomId);
      if (!isModerator(c, p, room)) {
        throw ApiException.forbidden("only examiners and admins moderate");
      }
      change.apply(c);
      return null;
    });
  }

  private boolean isModerator(Connection c, Principal p, ChatRoom room) throws SQLException {
    if (p.is(Role.ADMIN)) {
      return true;
    }
    if (!p.is(Role.EXAMINER)) {
      return false;
    }
    if ("session".equals(room.kind())) {
      return sessions.byId(c, room.sessionId()).map(s -> s.examinerId().equals(p.userId())).orElse(false);
    }
    return "public".equals(room.kind());
  }

  /** The room, if the caller may use it; session rooms are created on first use by a participant. */
  ChatRoom accessibleRoom(Connection c, Principal p, String roomId) throws SQLException {
    if (roomId == null || roomId.isBlank() || roomId.length() > 120) {
      throw ApiException.invalid("roomId is required");
    }
    if (roomId.startsWith("session-")) {
      String sessionId = roomId.substring("session-".length());
      TestSession s = sessions.byId(c, sessionId).orElseThrow(() -> ApiException.notFound("no such room"));
      if (!s.isParticipant(p.userId()) && !p.is(Role.ADMIN)) {
        throw ApiException.forbidden("this room belongs to a test session you do not take part in");
      }
      chat.ensureRoom(c, new ChatRoom(roomId, s.title(), "session", sessionId, 0), clock.millis());
    }
    ChatRoom room = chat.room(c, roomId).orElseThrow(() -> ApiException.notFound("no such room"));
    if ("dm".equals(room.kind()) && !room.id().contains(p.userId())) {
      throw ApiException.forbidden("this is someone else's private conversation");
    }
    return room;
  }
}
