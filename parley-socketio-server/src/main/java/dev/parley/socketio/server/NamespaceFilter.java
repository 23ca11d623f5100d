package dev.parley.socketio.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a namespace that does not exist yet may be created on demand (a dynamic namespace).
 * It must return at once; do slow checks asynchronously.
 */
@FunctionalInterface
public interface NamespaceFilter {

  /**
   * @param name the requested namespace
   * @param auth the CONNECT packet's auth payload
   * @return completes with {@code true} to create the namespace
   */
  CompletionStage<Boolean> accept(String name, JsonNode auth);
}
