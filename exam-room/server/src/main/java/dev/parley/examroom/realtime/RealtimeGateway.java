package dev.parley.examroom.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.auth.TokenService;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.TestSession;
import dev.parley.examroom.service.ApiException;
import dev.parley.examroom.service.AppClock;
import dev.parley.examroom.service.ExamService;
import dev.parley.examroom.service.NoticeService;
import dev.parley.examroom.service.ScoringService;
import dev.parley.examroom.service.SessionEventSink;
import dev.parley.socketio.server.ConnectError;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The exam room's Socket.IO side: authentication of every connection, the events of {@code docs/events.md} turned
 * into service calls (each answered by an acknowledgement after the commit), and committed changes sent to rooms.
 * It holds no business rule of its own.
 */
public final class RealtimeGateway implements SessionEventSink {
  private final SocketIoServer io;
  private final TokenService tokens;
  private final ExamService exams;
  private final NoticeService notices;
  private final ScoringService scoring;
  private final AppClock clock;
  private final ScheduledExecutorService scheduler;
  private final Presence presence;

  /** The services the gateway turns events into calls of. */
  public record Services(ExamService exams, NoticeService notices, ScoringService scoring) {}

  public RealtimeGateway(SocketIoServer io, TokenService tokens, Services services, AppClock clock,
      ScheduledExecutorService scheduler, long disconnectGraceMs) {
    this.io = io;
    this.tokens = tokens;
    this.exams = services.exams();
    this.notices = services.notices();
    this.scoring = services.scoring();
    this.clock = clock;
    this.scheduler = scheduler;
    this.presence = new Presence(io, exams, clock, scheduler, disconnectGraceMs);
  }

  /** Installs the middleware and the handlers. */
  public void install() {
    io.use((socket, next) -> {
      JsonNode token = socket.handshake().auth().get("token");
      try {
        socket.data(tokens.verify(token == null || !token.isTextual() ? null : token.asText()));
        next.proceed();
      } catch (TokenService.InvalidTokenException e) {
        next.reject(new ConnectError("unauthorized", Map.of("reason", e.reason())));
      }
    });
    io.on("connection", this::onConnection);
  }

  private void onConnection(Socket socket) {
    Principal p = socket.data(Principal.class);
    socket.join("user:" + p.userId(), "role:" + p.role().wireName());
    long untilExpiry = p.expiresAt() - clock.millis();
    ScheduledFuture<?> expiry = scheduler.schedule(() -> {
      socket.emit("session_expired", Map.of());
      socket.disconnect(false);
    }, Math.max(0, untilExpiry), TimeUnit.MILLISECONDS);
    socket.onDisconnect((reason, detail) -> {
      expiry.cancel(false);
      presence.socketGone(socket);
    });
    notices.pendingCritical(p).thenAccept(list -> list.forEach(n -> socket.emit("notice", n)));

    Events.handle(socket, "join_session", (who, a) -> join(socket, who, a));
    Events.handle(socket, "leave_session", (who, a) -> {
      String id = sessionId(a);
      socket.leave("session:" + id);
      presence.left(socket, id);
      return CompletableFuture.completedFuture(Map.of());
    });
    Events.handle(socket, "timer_sync", (who, a) -> exams.get(who, sessionId(a))
        .thenApply(s -> Map.of("timer", exams.timer(s, clock.millis()))));
    Events.handle(socket, "start_test", (who, a) -> exams.start(who, sessionId(a)).thenApply(this::sessionResult));
    Events.handle(socket, "next_part", (who, a) -> exams.nextPart(who, sessionId(a)).thenApply(this::sessionResult));
    Events.handle(socket, "pause_test", (who, a) -> exams.pause(who, sessionId(a)).thenApply(this::sessionResult));
    Events.handle(socket, "resume_test", (who, a) -> exams.resume(who, sessionId(a)).thenApply(this::sessionResult));
    Events.handle(socket, "extend_time", (who, a) -> exams.extend(who, sessionId(a), a.path("seconds").asInt(0))
        .thenApply(this::sessionResult));
    Events.handle(socket, "abort_test", (who, a) -> exams.abort(who, sessionId(a), a.path("reason").asText(null))
        .thenApply(this::sessionResult));
    Events.handle(socket, "admin_message", (who, a) -> exams.adminMessage(who, sessionId(a), a.path("text").asText(null),
        a.path("severity").asText("info")).thenApply(m -> Map.of("message", m)));
    Events.handle(socket, "broadcast_notice", (who, a) -> notices.broadcast(who, a.path("text").asText(null),
        a.path("severity").asText("info")).thenApply(n -> Map.of("notice", n)));
    Events.handle(socket, "dismiss_notice", (who, a) -> notices.dismiss(who, a.path("noticeId").asLong(-1))
        .thenApply(v -> Map.of()));
    Events.handle(socket, "need_help", (who, a) -> exams.needHelp(who, sessionId(a), a.path("text").asText(null))
        .thenApply(h -> Map.of()));
    Events.handle(socket, "score_test", (who, a) -> scoring.score(who, sessionId(a), band(a, "fluency"),
        band(a, "lexical"), band(a, "grammar"), band(a, "pronunciation")).thenApply(r -> Map.of("result", r)));
    Events.handle(socket, "publish_result", (who, a) -> scoring.publish(who, sessionId(a))
        .thenApply(r -> Map.of("result", r)));
  }

  private CompletableFuture<Map<String, Object>> join(Socket socket, Principal who, JsonNode a) {
    String id = sessionId(a);
    long lastSeq = Math.max(0, a.path("lastSeq").asLong(0));
    // authorize, then join the room, then read what was missed: an event sent meanwhile arrives twice at worst,
    // and clients drop repeated seqs; none is lost
    return exams.get(who, id).thenCompose(s -> {
      socket.join("session:" + id);
      presence.joined(socket, who, s);
      return exams.join(who, id, lastSeq);
    });
  }

  private Map<String, Object> sessionResult(TestSession s) {
    return Map.of("session", exams.view(s), "timer", exams.timer(s, clock.millis()));
  }

  private static String sessionId(JsonNode a) {
    JsonNode id = a.get("sessionId");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw ApiException.invalid("sessionId is required");
    }
    return id.asText();
  }

  private static int band(JsonNode a, String field) {
    JsonNode n = a.get(field);
    if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
      throw ApiException.invalid(field + " must be a whole band from 0 to 9");
    }
    return n.intValue();
  }

  // ---- SessionEventSink: committed changes to rooms ----

  @Override
  public void published(TestSession session, List<Map<String, Object>> events) {
    String room = "session:" + session.id();
    for (Map<String, Object> e : events) {
      String type = (String) e.get("type");
      switch (type) {
        case "help_requested" -> io.to("user:" + session.examinerId()).to("role:admin").emit(type, e);
        case "part_stopped" -> { }
        default -> io.to(room).emit(type, e);
      }
      String update = Updates.messageFor(type, e);
      if (update != null) {
        io.to(room).emit("update", Map.of("message", update));
      }
    }
  }

  @Override
  public void timer(TestSession session, Map<String, Object> timer) {
    io.to("session:" + session.id()).emit("timer_update", timer);
  }

  @Override
  public void notice(Map<String, Object> notice) {
    io.emit("notice", notice);
  }

  @Override
  public void result(TestSession session, Map<String, Object> result) {
    io.to("user:" + session.candidateId()).to("user:" + session.examinerId()).emit("result_published", result);
  }

  /** Closes every socket of a user, on every node (logout). */
  public void disconnectUser(String userId) {
    io.in("user:" + userId).disconnectSockets(true);
  }

  /** Whether a role may see a session's presence (examiners of it and admins). */
  static boolean seesPresence(Principal p, TestSession s) {
    return p.is(Role.ADMIN) || s.examinerId().equals(p.userId());
  }
}
