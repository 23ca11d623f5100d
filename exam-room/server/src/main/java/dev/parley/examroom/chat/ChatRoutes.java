package dev.parley.examroom.chat;

import dev.parley.examroom.http.ApiResponse;
import dev.parley.examroom.http.Router;
import dev.parley.examroom.service.ApiException;
import java.util.Map;

/**
 * The chat's REST side: the room list with unread counts, history pages ({@code before=<id>}), and the attachment
 * endpoints ({@link ChatAttachmentRoutes}).
 */
public final class ChatRoutes {
  private final ChatService chat;

  public ChatRoutes(ChatService chat) {
    this.chat = chat;
  }

  public void register(Router router) {
    router.get("/api/chat/rooms", r -> chat.rooms(r.principal()).thenApply(rooms ->
        ApiResponse.ok(Map.of("rooms", rooms))));
    router.get("/api/chat/rooms/{id}/messages", r -> chat.history(r.principal(), r.param("id"),
        number(r.query("before")), (int) number(r.query("limit"))).thenApply(ApiResponse::ok));
    new ChatAttachmentRoutes(chat).register(router);
  }

  private static long number(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("expected a number, got " + value);
    }
  }
}
