package dev.parley.examroom.chat;

import dev.parley.examroom.http.ApiResponse;
import dev.parley.examroom.http.Router;
import dev.parley.examroom.service.ApiException;
import java.util.Map;

/**
 * The chat's REST side: the room list with unread counts, history pages ({@code before=<id>}, or
 * {@code after=<id>} to fill a gap), and the attachment endpoints ({@link ChatAttachmentRoutes}).
 */
public final class ChatRoutes {
  private final ChatService chat;

  public ChatRoutes(ChatService chat) {
    this.chat = chat;
  }

  public void register(Router router) {
    router.get("/api/chat/rooms", r -> chat.rooms(r.principal()).thenApply(rooms ->
        ApiResponse.ok(Map.of("rooms", rooms))));
    router.get("/api/chat/rooms/{id}/messages", r -> {
      String after = r.query("after");
      if (after == null) {
        return chat.history(r.principal(), r.param("id"), number(r.query("before")), (int) number(r.query("limit")))
            .thenApply(ApiResponse::ok);
      }
      if (number(r.query("before")) != 0) {
        throw ApiException.invalid("after and before do not go together");
      }
      return chat.historyAfter(r.principal(), r.param("id"), number(after), (int) number(r.query("limit")))
          .thenApply(ApiResponse::ok);
    });
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
