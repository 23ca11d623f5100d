package dev.parley.examroom.chat;

import dev.parley.examroom.chat.attachment.Attachment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored chat message. Ids are increasing per database, so "before id" pages backwards without gaps.
 *
 * @param id server id
 * @param roomId the room
 * @param senderId the author
 * @param senderName the author's display name
 * @param clientMessageId the author's own id, which makes a resend idempotent
 * @param text the text (empty once deleted)
 * @param attachment its attachment, or {@code null}
 * @param createdAt server time
 * @param editedAt when last edited, or {@code null}
 * @param deletedAt when deleted (a tombstone), or {@code null}
 */
public record ChatMessage(long id, String roomId, String senderId, String senderName, String clientMessageId,
    String text, Attachment attachment, long createdAt, Long editedAt, Long deletedAt) {

  /** The JSON shape clients receive. */
  public Map<String, Object> view() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("roomId", roomId);
    v.put("clientMessageId", clientMessageId);
    v.put("sender", Map.of("id", senderId, "displayName", senderName));
    v.put("text", deletedAt == null ? text : "");
    v.put("createdAt", createdAt);
    v.put("edited", editedAt != null);
    v.put("editedAt", editedAt);
    v.put("deleted", deletedAt != null);
    boolean withAttachment = deletedAt == null && attachment != null;
    v.put("attachmentId", withAttachment ? attachment.id() : null);
    v.put("attachment", withAttachment ? attachment.view() : null);
    return v;
  }
}
