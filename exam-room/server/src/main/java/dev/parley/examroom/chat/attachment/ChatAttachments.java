package dev.parley.examroom.chat.attachment;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.http.ApiResponse;
import dev.parley.examroom.http.BodySink;
import dev.parley.examroom.service.ApiException;
import dev.parley.examroom.service.AppClock;
import dev.parley.examroom.storage.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat attachments: uploads streamed to disk and recorded, the one-time hand-over to a message, downloads, and the
 * clean-up of what was never sent. It exists to keep files and their rows consistent; who may post in or read a
 * room is the chat's rule ({@code ChatService}), which calls in here. File and JDBC work run on the database
 * executor, never on an event loop.
 */
public final class ChatAttachments {
  private static final Logger log = LoggerFactory.getLogger(ChatAttachments.class);
  /** How long an uploaded attachment may wait to be sent before the start-up clean-up forgets it. */
  public static final Duration UNSENT_KEPT = Duration.ofDays(1);
  /** How many unsent attachments a user may hold at once. */
  public static final int MAX_UNSENT = 20;

  private final Database db;
  private final AppClock clock;
  private final AttachmentFiles files;
  private final long maxBytes;
  private final AttachmentRepository rows = new AttachmentRepository();

  /**
   * A file to serve.
   *
   * @param attachment the attachment
   * @param type its type (from the allowlist)
   * @param path its file
   */
  public record Download(Attachment attachment, AttachmentType type, Path path) {}

  public ChatAttachments(Database db, AppClock clock, Path dir, long maxBytes) {
    this.db = db;
    this.clock = clock;
    this.files = new AttachmentFiles(dir);
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Start-up clean-up: part files a crash left behind, and attachments never sent within {@link #UNSENT_KEPT}.
   * Runs on the calling thread (start-up, not an event loop).
   */
  public void sweep() {
    Instant now = Instant.ofEpochMilli(clock.millis());
    files.sweepParts(now.minus(Duration.ofHours(1)));
    List<Attachment> stale = db.inTransaction(c -> rows.unsentBefore(c, now.minus(UNSENT_KEPT).toEpochMilli()));
    for (Attachment a : stale) {
      if (db.inTransaction(c -> rows.deleteUnsent(c, a.id()))) {
        files.deleteQuietly(a.fileName());
      }
    }
    if (!stale.isEmpty()) {
      log.info("forgot {} chat attachments uploaded but never sent", stale.size());
    }
  }

  /**
   * Starts an upload into a room; nothing is written before {@code allowed} completes (a failure is the answer).
   *
   * @param name the client's file name, escaped
   */
  public BodySink upload(Principal p, String roomId, String name, CompletableFuture<?> allowed) {
    CompletableFuture<?> gate = allowed.thenCompose(v -> db.read(c -> {
      if (rows.unsentCount(c, p.userId()) >= MAX_UNSENT) {
        throw new ApiException("rate_limited", 429, "send or wait for your " + MAX_UNSENT
            + " unsent attachments before uploading more");
      }
      return null;
    }));
    return new AttachmentUpload(files, db.executor(), gate, staged -> db.tx(c -> {
      Attachment a = new Attachment(staged.id(), roomId, p.userId(), staged.fileName(), name,
          staged.type().mimeType(), staged.size(), null, clock.millis());
      rows.insert(c, a);
      return ApiResponse.json(201, Map.of("attachment", a.view()));
    }));
  }

  /** The attachment with this id, if any. */
  public Optional<Attachment> find(Connection c, String id) throws SQLException {
    return id == null || id.length() > 64 ? Optional.empty() : rows.byId(c, id);
  }

  /** Puts an unsent attachment in a message; false when another message took it first. */
  public boolean claim(Connection c, String id, long messageId) throws SQLException {
    return rows.claim(c, id, messageId);
  }

  /** Forgets an attachment's row (its message was deleted); call {@link #deleteFile} after the commit. */
  public void forget(Connection c, Attachment a) throws SQLException {
    rows.delete(c, a.id());
  }

  /** Deletes an attachment's file, on the worker executor. */
  public void deleteFile(Attachment a) {
    db.executor().execute(() -> files.deleteQuietly(a.fileName()));
  }

  /** The file of an attachment, checked to be there with all its bytes. */
  public Download download(Attachment a) {
    AttachmentType type = AttachmentType.fromMimeType(a.contentType())
        .orElseThrow(() -> new IllegalStateException("attachment " + a.id() + " has an unknown type"));
    if (files.size(a.fileName()) < a.size()) {
      log.error("attachment {}: its file is missing or shorter than stored", a.id());
      throw ApiException.notFound("the attachment's file is gone");
    }
    return new Download(a, type, files.path(a.fileName()));
  }
}
