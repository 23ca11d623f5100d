package dev.parley.examroom.http;

import java.util.concurrent.CompletableFuture;

/**
 * Where an upload route's body goes as it arrives, piece by piece, instead of being gathered in memory. It exists so
 * that a large upload (a chat attachment) is streamed to disk by worker threads: the HTTP handler reads the next
 * piece only once the previous {@link #write} completed, so a fast client cannot queue more than one piece, and
 * nothing here ever runs file work on the event loop.
 */
public interface BodySink {
  /**
   * Takes the next piece of the body (a copy the sink owns).
   *
   * @return completes when the sink can take another piece; fails to refuse the upload (its error is the answer)
   */
  CompletableFuture<Void> write(byte[] piece);

  /** The whole body has arrived: the answer. */
  CompletableFuture<ApiResponse> finish();

  /** The upload ended without {@link #finish} (too large, refused, connection lost): drop whatever was kept. */
  void abort();
}
