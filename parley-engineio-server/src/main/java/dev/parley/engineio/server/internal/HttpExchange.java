package dev.parley.engineio.server.internal;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An HTTP request a session must answer: a long-polling GET it may hold, or a POST.
 *
 * <p>It exists so sessions, which live on their own event loop, can answer requests that arrived on any channel
 * without knowing about keep-alive, CORS or compression. {@link #respond} may be called from any thread, once.
 */
public interface HttpExchange {

  /** Answers with a body; {@code contentType} is sent as is. */
  void respond(HttpResponseStatus status, String contentType, byte[] body);

  /** Answers with the reference's JSON error body. */
  void respondError(dev.parley.engineio.server.EngineErrorCode code);

  /**
   * Runs {@code action} if the client goes away before the answer. It runs on whatever thread notices, so it must
   * hand its work to the session's loop itself.
   */
  void onAbort(Runnable action);

  /** Whether the answer was already sent. */
  boolean isDone();
}
