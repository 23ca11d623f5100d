package dev.parley.examroom.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.service.ApiException;
import dev.parley.examroom.service.Errors;
import dev.parley.socketio.server.Ack;
import dev.parley.socketio.server.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the exam room handles a client event: the caller's principal and the payload object in, a future
 * out, and the acknowledgement {@code {ok: true, ...}} or {@code {ok: false, error, message}} once it completes
 * (after the commit). A text payload becomes {@code {"text": ...}}, as seed 003's general {@code message} sends one.
 */
public final class Events {
  private static final Logger log = LoggerFactory.getLogger(Events.class);

  /** An event's work. */
  @FunctionalInterface
  public interface Action extends BiFunction<Principal, JsonNode, CompletableFuture<? extends Map<String, Object>>> {}

  private Events() {}

  public static void handle(Socket socket, String event, Action action) {
    socket.on(event, (args, ack) -> {
      Principal who = socket.data(Principal.class);
      JsonNode first = args.node(0);
      JsonNode payload;
      if (first.isObject()) {
        payload = first;
      } else {
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        if (first.isTextual()) {
          wrapped.set("text", first);
        }
        payload = wrapped;
      }
      CompletableFuture<? extends Map<String, Object>> result;
      try {
        result = action.apply(who, payload);
      } catch (RuntimeException e) {
        result = CompletableFuture.failedFuture(e);
      }
      result.whenComplete((value, error) -> answer(ack, event, value, error));
    });
  }

  private static void answer(Ack ack, String event, Map<String, Object> value, Throwable error) {
    Map<String, Object> reply = new LinkedHashMap<>();
    if (error == null) {
      reply.put("ok", true);
      if (value != null) {
        reply.putAll(value);
      }
    } else {
      ApiException api = Errors.toApi(error);
      log.debug("{} refused: {} {}", event, api.code(), api.getMessage());
      reply.put("ok", false);
      reply.put("error", api.code());
      reply.put("message", api.getMessage());
    }
    ack.send(reply);
  }

  /** A required text field of a payload. */
  public static String text(JsonNode payload, String field) {
    JsonNode n = payload.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw ApiException.invalid(field + " is required");
    }
    return n.asText();
  }
}
