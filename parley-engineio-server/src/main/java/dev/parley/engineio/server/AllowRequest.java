package dev.parley.engineio.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a handshake may open a session, like the reference's {@code allowRequest} option.
 *
 * <p>Called once per handshake (polling or WebSocket), on an event loop: it must return at once, and do any slow
 * work (a database look-up) asynchronously. A refusal answers 403 {@code {"code":4,"message":"Forbidden"}}.
 */
@FunctionalInterface
public interface AllowRequest {

  /** Allows every request. */
  AllowRequest ALLOW_ALL = request -> CompletableFuture.completedFuture(true);

  /** Completes with {@code true} to allow the handshake. */
  CompletionStage<Boolean> allow(HandshakeRequest request);
}
