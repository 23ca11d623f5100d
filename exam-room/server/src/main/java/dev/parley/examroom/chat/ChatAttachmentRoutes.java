package dev.parley.examroom.chat;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.chat.attachment.ChatAttachments;
import dev.parley.examroom.files.FileDownload;
import dev.parley.examroom.files.FileNames;
import dev.parley.examroom.http.ApiRequest;
import dev.parley.examroom.http.ApiResponse;
import dev.parley.examroom.http.BodySink;
import dev.parley.examroom.http.Router;
import dev.parley.examroom.service.ApiException;
import java.util.concurrent.CompletableFuture;

/**
 * The attachment endpoints of {@code docs/events.md}: {@code POST /api/chat/attachments?roomId=&name=} with the
 * file as the raw body (streamed to disk, up to {@code chat.attachments.max.bytes}), and {@code GET}/{@code HEAD
 * /api/chat/attachments/{id}} with {@code Range}. It exists to keep HTTP shapes apart from the rules
 * ({@link ChatService}) and the files ({@link ChatAttachments}).
 */
final class ChatAttachmentRoutes {
  static final String PATH = "/api/chat/attachments";
  private final ChatService chat;

  ChatAttachmentRoutes(ChatService chat) {
    this.chat = chat;
  }

  void register(Router router) {
    router.upload("POST", PATH, chat.attachments().maxBytes(), this::upload);
    router.get(PATH + "/{id}", this::download);
    // HEAD answers GET's headers; Netty's HTTP encoder drops the body of a response to HEAD
    router.add("HEAD", PATH + "/{id}", 0, this::download);
  }

  /** Checks what needs no database at once (a 401 or 400 before any byte is read); the room is checked next. */
  private BodySink upload(ApiRequest r) {
    Principal p = r.principal();
    String roomId = r.query("roomId");
    if (roomId == null || roomId.isBlank()) {
      throw ApiException.invalid("roomId is required");
    }
    String name = r.query("name");
    String shown = name == null || name.isBlank() ? "attachment" : FileNames.escape(name.strip());
    return chat.attachments().upload(p, roomId, shown, chat.requireWriter(p, roomId));
  }

  private CompletableFuture<ApiResponse> download(ApiRequest r) {
    String range = r.header("Range");
    return chat.attachment(r.principal(), r.param("id")).thenApply(d -> FileDownload.serve(d.path(),
        d.attachment().size(), d.type().mimeType(), FileNames.attachmentDisposition(d.attachment().name(),
            d.type().extension()), range));
  }
}
