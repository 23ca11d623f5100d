package dev.parley.examroom.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.service.ApiException;
import dev.parley.examroom.service.AppClock;
import dev.parley.examroom.realtime.Events;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The chat's Socket.IO side, with the seeds' event names: {@code join_room}/{@code leave_room},
 * {@code user_joined}/{@code user_left}, {@code participants_list}, {@code chat_history}, {@code chat_message} in and
 * {@code message_received}/{@code chat_update} out, seed 003's {@code message}/{@code message_response} and envelope,
 * seed 004's {@code message} broadcast, {@code typing}/{@code user_typing}, plus receipts, edits, moderation, presence
 * and rate limits.
 */
public final class ChatGateway {
  private final SocketIoServer io;
  private final ChatService chat;
  private final AppClock clock;
  private final ChatPresence presence;
  private final RateLimiter userLimit;
  private final RateLimiter socketLimit;
  private final ConcurrentHashMap<String, Long> lastTyping = new ConcurrentHashMap<>();
  /** Which rooms each socket is viewing, to tell "joined" from "another tab", and to clear typing on leave. */
  private final Map<String, Set<String>> roomsBySocket = new HashMap<>();
  private final Map<String, String> userBySocket = new HashMap<>();
  private final Map<String, Map<String, Integer>> viewers = new HashMap<>();

  public ChatGateway(SocketIoServer io, ChatService chat, AppClock clock, ScheduledExecutorService scheduler) {
    this.io = io;
    this.chat = chat;
    this.clock = clock;
    this.presence = new ChatPresence(io, scheduler, chat.settings().presenceOfflineGrace().toMillis());
    this.userLimit = new RateLimiter(chat.settings().ratePerSecond(), chat.settings().rateBurst(), clock::millis);
    // a socket may use its user's whole budget, but one tab cannot starve the others beyond it
    this.socketLimit = new RateLimiter(chat.settings().ratePerSecond(), chat.settings().rateBurst(), clock::millis);
  }

  public void install() {
    io.on("connection", this::onConnection);
  }

  private void onConnection(Socket socket) {
    Principal p = socket.data(Principal.class);
    presence.connected(p, socket.id());
    socket.emit("presence_snapshot", presence.snapshot());
    socket.onDisconnect((reason, detail) -> {
      presence.disconnected(p.userId(), socket.id());
      socketLimit.forget(socket.id());
      for (String room : leaveAll(socket)) {
        roomLeft(p, room);
      }
    });
    Events.handle(socket, "join_room", (who, a) -> join(socket, who, Events.text(a, "roomId")));
    Events.handle(socket, "leave_room", (who, a) -> {
      String room = Events.text(a, "roomId");
      socket.leave("chat:" + room);
      if (left(socket, room)) {
        roomLeft(who, room);
      }
      return CompletableFuture.completedFuture(Map.of());
    });
    Events.handle(socket, "chat_message", (who, a) -> send(socket, who, a));
    Events.handle(socket, "message", (who, a) -> seedMessage(socket, who, a));
    Events.handle(socket, "history", (who, a) -> history(who, a));
    Events.handle(socket, "typing", (who, a) -> typing(socket, who, Events.text(a, "roomId"), a.path("isTyping").asBoolean()));
    Events.handle(socket, "receipt", (who, a) -> a.has("messageIds")
        ? receipts(who, ids(a.get("messageIds")), Events.text(a, "status"))
        : receipt(who, a.path("messageId").asLong(-1), Events.text(a, "status")));
    Events.handle(socket, "edit_message", (who, a) -> chat.edit(who, a.path("messageId").asLong(-1), Events.text(a, "text"))
        .thenApply(m -> broadcastChange("message_edited", m)));
    Events.handle(socket, "delete_message", (who, a) -> chat.delete(who, a.path("messageId").asLong(-1))
        .thenApply(m -> broadcastChange("message_deleted", m)));
    Events.handle(socket, "set_presence", (who, a) -> {
      presence.away(who.userId(), socket.id(), "away".equals(a.path("status").asText()));
      return CompletableFuture.completedFuture(Map.of("status", presence.status(who.userId())));
    });
    Events.handle(socket, "open_dm", (who, a) -> chat.openDirect(who, Events.text(a, "userId")).thenCompose(room ->
        join(socket, who, room.id())));
    Events.handle(socket, "mute_user", (who, a) -> moderateMute(who, Events.text(a, "roomId"), Events.text(a, "userId"),
        a.path("muted").asBoolean(true)));
    Events.handle(socket, "kick_user", (who, a) -> kick(who, Events.text(a, "roomId"), Events.text(a, "userId")));
    Events.handle(socket, "slow_mode", (who, a) -> chat.slowMode(who, Events.text(a, "roomId"), a.path("seconds").asInt(-1))
        .thenApply(v -> {
          io.to("chat:" + Events.text(a, "roomId")).emit("room_updated", Map.of("roomId", Events.text(a, "roomId"),
              "slowModeSeconds", a.path("seconds").asInt()));
          return Map.of();
        }));
  }

  /** A page before {@code before} (scrolling back), or after {@code after} (filling a gap by offset). */
  private CompletableFuture<Map<String, Object>> history(Principal who, JsonNode a) {
    String roomId = Events.text(a, "roomId");
    int limit = a.path("limit").asInt(ChatService.PAGE);
    JsonNode after = a.get("after");
    if (after == null || after.isNull()) {
      return chat.history(who, roomId, a.path("before").asLong(0), limit);
    }
    if (!after.canConvertToLong() || !after.isIntegralNumber() || a.path("before").asLong(0) != 0) {
      throw ApiException.invalid("after is a message id, and not together with before");
    }
    return chat.historyAfter(who, roomId, after.asLong(), limit);
  }

  private CompletableFuture<Map<String, Object>> join(Socket socket, Principal who, String roomId) {
    return chat.join(who, roomId).thenApply(result -> {
      socket.join("chat:" + roomId);
      boolean first = viewing(socket, roomId);
      Map<String, Object> participants = participantsEvent(roomId, result.get("participants"));
      socket.emit("participants_list", participants);
      socket.emit("chat_history", Map.of("roomId", roomId, "messages", result.get("history"),
          "hasMore", result.get("hasMore")));
      if (first) {
        socket.to("chat:" + roomId).emit("user_joined", Map.of("roomId", roomId, "user",
            Map.of("id", who.userId(), "displayName", who.displayName())));
        socket.to("chat:" + roomId).emit("participants_list", participants);
      }
      Map<String, Object> answer = new LinkedHashMap<>(result);
      answer.put("participants", participants.get("participants"));
      return answer;
    });
  }

  private Map<String, Object> participantsEvent(String roomId, Object list) {
    @SuppressWarnings("unchecked")
    List<ChatRepository.Participant> participants = (List<ChatRepository.Participant>) list;
    return Map.of("roomId", roomId, "participants", participants.stream().map(x -> Map.of("userId", x.userId(),
        "displayName", x.displayName(), "role", x.role(), "muted", x.muted(), "status", presence.status(x.userId())))
        .toList());
  }

  private void roomLeft(Principal who, String roomId) {
    io.to("chat:" + roomId).emit("user_left", Map.of("roomId", roomId, "user",
        Map.of("id", who.userId(), "displayName", who.displayName())));
    clearTyping(who, roomId);
  }

  private CompletableFuture<Map<String, Object>> send(Socket socket, Principal who, JsonNode a) {
    String roomId = Events.text(a, "roomId");
    long wait = Math.max(userLimit.tryTake(who.userId()), socketLimit.tryTake(socket.id()));
    if (wait > 0) {
      socket.emit("rate_limited", Map.of("roomId", roomId, "retryAfterMs", wait));
      throw new ApiException("rate_limited", 429, "You're sending too fast");
    }
    JsonNode attachment = a.get("attachmentId");
    return chat.send(who, roomId, a.path("text").asText(null), a.path("clientMessageId").asText(null),
        attachment == null || !attachment.isTextual() ? null : attachment.asText()).thenApply(sent -> {
          Map<String, Object> view = sent.message().view();
          if (!sent.duplicate()) {
            clearTyping(who, roomId);
            io.to("chat:" + roomId).emit("message_received", view);
            io.to("chat:" + roomId).emit("chat_update", view);
            if (roomId.startsWith("dm-")) {
              // private messages reach every tab of both users, even tabs not showing the conversation
              String[] ids = dmUsers(roomId);
              io.to("user:" + ids[0]).to("user:" + ids[1]).except("chat:" + roomId).emit("message_received", view);
            }
          }
          return Map.of("message", view, "duplicate", sent.duplicate());
        });
  }

  private static String[] dmUsers(String roomId) {
    String rest = roomId.substring(3);
    // user ids are UUIDs (36 characters)
    return new String[] {rest.substring(0, 36), rest.substring(37)};
  }

  /**
   * Seeds 003 and 004's general {@code message}. A text (or {@code {text}}) is seed 004's chat: broadcast to every
   * socket as {@code message} with the text alone, and answered as seed 003 expects ({@code message_response} and the
   * acknowledgement). Seed 003's {@code {message}} is only answered; an envelope {@code {type, data}} is dispatched.
   */
  private CompletableFuture<Map<String, Object>> seedMessage(Socket socket, Principal who, JsonNode a) {
    JsonNode type = a.get("type");
    JsonNode data = a.path("data");
    if (type != null && type.isTextual() && data.isObject()) {
      return envelope(socket, who, type.asText(), data);
    }
    if (a.has("text") && !a.has("message")) {
      return broadcast(socket, who, a.path("text").asText(""));
    }
    return CompletableFuture.completedFuture(respond(socket, who, a.path("message").asText("")));
  }

  private CompletableFuture<Map<String, Object>> envelope(Socket socket, Principal who, String type, JsonNode data) {
    switch (type) {
      case "chat_message" -> {
        var payload = JsonNodeFactory.instance.objectNode();
        payload.put("roomId", data.path("roomId").asText(null));
        payload.put("text", data.path("message").asText(null));
        payload.put("clientMessageId", data.path("clientMessageId").asText("env-" + java.util.UUID.randomUUID()));
        return send(socket, who, payload);
      }
      case "join_room" -> {
        return join(socket, who, data.path("roomId").asText(null));
      }
      case "leave_room" -> {
        String room = data.path("roomId").asText(null);
        socket.leave("chat:" + room);
        return CompletableFuture.completedFuture(Map.of());
      }
      default -> throw ApiException.invalid("unknown message type " + type);
    }
  }

  /**
   * Seed 004: the text to everyone (the seed's {@code socketio.emit('message', msg)}), unstored, limited like a chat
   * message (length, rate, and the lobby's mutes and removals). The React UI does not listen to {@code message}.
   */
  private CompletableFuture<Map<String, Object>> broadcast(Socket socket, Principal who, String text) {
    if (text.isBlank()) {
      throw ApiException.invalid("a message needs text");
    }
    if (text.length() > chat.settings().maxMessageLength()) {
      throw ApiException.invalid("a message has at most " + chat.settings().maxMessageLength() + " characters");
    }
    long wait = Math.max(userLimit.tryTake(who.userId()), socketLimit.tryTake(socket.id()));
    if (wait > 0) {
      socket.emit("rate_limited", Map.of("retryAfterMs", wait));
      throw new ApiException("rate_limited", 429, "You're sending too fast");
    }
    return chat.requireBroadcaster(who).thenApply(v -> {
      io.emit("message", text);
      return respond(socket, who, text);
    });
  }

  /** Seed 003's answer to a general message: {@code message_response}, and the same as the acknowledgement. */
  private Map<String, Object> respond(Socket socket, Principal who, String text) {
    Map<String, Object> response = Map.of("status", "received", "message", text, "from", who.displayName(),
        "serverTime", clock.millis());
    socket.emit("message_response", response);
    return response;
  }

  private CompletableFuture<Map<String, Object>> typing(Socket socket, Principal who, String roomId,
      boolean isTyping) {
    if (!socket.rooms().contains("chat:" + roomId)) {
      throw ApiException.forbidden("join the room first");
    }
    String key = who.userId() + "\u0000" + roomId;
    long now = clock.millis();
    if (isTyping) {
      Long last = lastTyping.get(key);
      if (last != null && now - last < chat.settings().typingThrottle().toMillis()) {
        return CompletableFuture.completedFuture(Map.of("throttled", true));
      }
      lastTyping.put(key, now);
    } else if (lastTyping.remove(key) == null) {
      return CompletableFuture.completedFuture(Map.of());
    }
    io.to("chat:" + roomId).except("user:" + who.userId()).emit("user_typing", Map.of("roomId", roomId,
        "user", Map.of("id", who.userId(), "displayName", who.displayName()), "isTyping", isTyping));
    return CompletableFuture.completedFuture(Map.of());
  }

  private void clearTyping(Principal who, String roomId) {
    if (lastTyping.remove(who.userId() + "\u0000" + roomId) != null) {
      io.to("chat:" + roomId).except("user:" + who.userId()).emit("user_typing", Map.of("roomId", roomId,
          "user", Map.of("id", who.userId(), "displayName", who.displayName()), "isTyping", false));
    }
  }

  private CompletableFuture<Map<String, Object>> receipt(Principal who, long messageId, String status) {
    return chat.receipt(who, messageId, status).thenApply(message -> {
      if (message != null) {
        io.to("user:" + message.senderId()).emit("receipt", Map.of("roomId", message.roomId(),
            "messageId", message.id(), "userId", who.userId(), "status", status));
      }
      return Map.of();
    });
  }

  /** Several at once ({@code messageIds}): the sender of each changed message is told, as for one. */
  private CompletableFuture<Map<String, Object>> receipts(Principal who, List<Long> messageIds, String status) {
    return chat.receipts(who, messageIds, status).thenApply(changed -> {
      for (ChatMessage message : changed) {
        io.to("user:" + message.senderId()).emit("receipt", Map.of("roomId", message.roomId(),
            "messageId", message.id(), "userId", who.userId(), "status", status));
      }
      return Map.of();
    });
  }

  private static List<Long> ids(JsonNode array) {
    if (!array.isArray()) {
      throw ApiException.invalid("messageIds must be an array of message ids");
    }
    List<Long> ids = new java.util.ArrayList<>();
    for (JsonNode id : array) {
      if (!id.isIntegralNumber()) {
        throw ApiException.invalid("messageIds must be an array of message ids");
      }
      ids.add(id.asLong());
    }
    return ids;
  }

  private Map<String, Object> broadcastChange(String event, ChatMessage m) {
    Map<String, Object> view = m.view();
    io.to("chat:" + m.roomId()).emit(event, view);
    return Map.of("message", view);
  }

  private CompletableFuture<Map<String, Object>> moderateMute(Principal who, String roomId, String userId,
      boolean muted) {
    return chat.mute(who, roomId, userId, muted).thenApply(v -> {
      io.to("chat:" + roomId).emit("user_muted", Map.of("roomId", roomId, "userId", userId, "muted", muted));
      return Map.of();
    });
  }

  private CompletableFuture<Map<String, Object>> kick(Principal who, String roomId, String userId) {
    return chat.kick(who, roomId, userId).thenApply(v -> {
      io.to("user:" + userId).emit("kicked", Map.of("roomId", roomId));
      io.in("user:" + userId).socketsLeave("chat:" + roomId);
      // the kicked tabs no longer view the room: without this, the user's return after the ban counted as "another
      // tab" and nobody saw user_joined
      forget(userId, roomId);
      io.to("chat:" + roomId).emit("user_left", Map.of("roomId", roomId, "user", Map.of("id", userId),
          "kicked", true));
      return Map.of();
    });
  }

  // ---- which sockets view which rooms (this node) ----

  private synchronized boolean viewing(Socket socket, String roomId) {
    if (!roomsBySocket.computeIfAbsent(socket.id(), k -> new HashSet<>()).add(roomId)) {
      return false;
    }
    String userId = socket.data(Principal.class).userId();
    userBySocket.put(socket.id(), userId);
    Map<String, Integer> byUser = viewers.computeIfAbsent(roomId, k -> new HashMap<>());
    return byUser.merge(userId, 1, Integer::sum) == 1;
  }

  /** The socket stops viewing the room; true when its user has no other tab in it. */
  private synchronized boolean left(Socket socket, String roomId) {
    Set<String> rooms = roomsBySocket.get(socket.id());
    if (rooms == null || !rooms.remove(roomId)) {
      return false;
    }
    return decrement(socket.data(Principal.class).userId(), roomId);
  }

  private synchronized List<String> leaveAll(Socket socket) {
    Set<String> rooms = roomsBySocket.remove(socket.id());
    userBySocket.remove(socket.id());
    if (rooms == null) {
      return List.of();
    }
    String userId = socket.data(Principal.class).userId();
    return rooms.stream().filter(room -> decrement(userId, room)).toList();
  }

  /** Every tab of the user stops viewing the room (on this node). */
  private synchronized void forget(String userId, String roomId) {
    roomsBySocket.forEach((socketId, rooms) -> {
      if (userId.equals(userBySocket.get(socketId))) {
        rooms.remove(roomId);
      }
    });
    Map<String, Integer> byUser = viewers.get(roomId);
    if (byUser != null) {
      byUser.remove(userId);
    }
  }

  private boolean decrement(String userId, String roomId) {
    Map<String, Integer> byUser = viewers.get(roomId);
    if (byUser == null) {
      return false;
    }
    Integer n = byUser.merge(userId, -1, Integer::sum);
    if (n != null && n <= 0) {
      byUser.remove(userId);
      return true;
    }
    return false;
  }
}
