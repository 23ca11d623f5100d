package dev.parley.examroom.chat.attachment;

import dev.parley.examroom.http.ApiResponse;
import dev.parley.examroom.http.BodySink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One attachment upload, streamed to its part file. It exists to run every step of an upload off the event loop, in
 * order, on the worker executor: nothing is written before the caller's permission is confirmed, each piece is
 * type-checked ({@link ContentCheck}) before it is written, and every way out but success (refused, too large, cut
 * off, failed) deletes the part file.
 */
final class AttachmentUpload implements BodySink {
  /** What the finished upload becomes: a stored attachment, and the answer to its request. */
  @FunctionalInterface
  interface Store {
    CompletableFuture<ApiResponse> store(Staged staged);
  }

  /**
   * An upload whose bytes are complete, durable and under their final name.
   *
   * @param id the attachment id
   * @param fileName the final, server-generated name
   * @param type the detected type
   * @param size its length in bytes
   */
  record Staged(String id, String fileName, AttachmentType type, long size) {}

  private final AttachmentFiles files;
  private final Executor executor;
  private final Store store;
  private final ContentCheck check = new ContentCheck();
  private AttachmentFiles.Part part;
  /** The last step queued; each step runs after the one before, so the file sees one writer at a time. */
  private CompletableFuture<Void> tail;

  AttachmentUpload(AttachmentFiles files, Executor executor, CompletableFuture<?> allowed, Store store) {
    this.files = files;
    this.executor = executor;
    this.store = store;
    this.tail = allowed.thenApply(v -> null);
  }

  @Override
  public synchronized CompletableFuture<Void> write(byte[] piece) {
    tail = tail.thenRunAsync(() -> append(piece), executor);
    return tail;
  }

  private void append(byte[] piece) {
    check.accept(piece);
    if (part == null) {
      part = files.create();
    }
    try {
      part.append(piece);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the attachment", e);
    }
  }

  @Override
  public synchronized CompletableFuture<ApiResponse> finish() {
    // any failure, here or in a write still under way when the body ended, discards the part file
    CompletableFuture<Staged> staged = tail.thenApplyAsync(v -> complete(), executor)
        .whenCompleteAsync((s, e) -> {
          if (e != null) {
            discard();
          }
        }, executor);
    tail = staged.handle((s, e) -> null);
    return staged.thenCompose(s -> store.store(s).whenComplete((answer, error) -> {
      if (error != null) {
        // no row refers to the file (the insert failed): it goes
        executor.execute(() -> files.deleteQuietly(s.fileName()));
      }
    }));
  }

  /** The type of the whole body, then the part file made durable under its final name. */
  private Staged complete() {
    try {
      AttachmentType type = check.finish();
      String fileName = part.complete(type);
      return new Staged(part.id(), fileName, type, part.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the attachment", e);
    }
  }

  @Override
  public synchronized void abort() {
    tail = tail.handleAsync((v, e) -> {
      discard();
      return null;
    }, executor);
  }

  private void discard() {
    if (part != null) {
      part.discard();
      part = null;
    }
  }
}
