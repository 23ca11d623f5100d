package dev.parley.examroom.chat.attachment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored chat attachment.
 *
 * @param id its id (a UUID, also the stem of its file name)
 * @param roomId the room it was uploaded for; it can only be sent, and fetched, there
 * @param uploaderId who uploaded it; only they can put it in a message
 * @param fileName the server-generated file name
 * @param name the client's file name, escaped: shown and offered on download, never a path
 * @param contentType the type we detected, from {@link AttachmentType#ALL}
 * @param size its length in bytes
 * @param messageId the message that carries it, or {@code null} while unsent
 * @param createdAt when it was uploaded (server time)
 */
public record Attachment(String id, String roomId, String uploaderId, String fileName, String name,
    String contentType, long size, Long messageId, long createdAt) {

  /** Where clients download it. */
  public String url() {
    return "/api/chat/attachments/" + id;
  }

  /** The JSON shape clients receive: {@code {id, name, size, contentType, url}}. */
  public Map<String, Object> view() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("name", name);
    v.put("size", size);
    v.put("contentType", contentType);
    v.put("url", url());
    return v;
  }
}
