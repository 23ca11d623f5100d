package dev.parley.examroom.realtime;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.domain.TestSession;
import dev.parley.examroom.service.AppClock;
import dev.parley.examroom.service.ExamService;
import dev.parley.socketio.server.RemoteSocket;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Whether each session's candidate is connected, for the examiner's "Disconnected m:ss". A candidate with several
 * tabs counts once: connected while any of their sockets is in the session. When the candidate stays away past the
 * grace window the examiner is told again, with {@code graceExceeded}.
 *
 * <p>With several nodes the candidate's tabs may be on different nodes, and may come back on another node than the
 * one they left. So every candidate socket of a session also joins the room {@code presence:<session>}, and each
 * decision asks the whole cluster who is in it ({@code fetchSockets}): the node where a socket arrives announces
 * "connected" only if no other candidate socket is in the room anywhere, the node where one leaves announces
 * "disconnected" only if none is left anywhere, and the grace warning is sent only if still none is there when the
 * window ends. Each change is thus announced once for the cluster, by the node that saw it.
 */
final class Presence {
  private final SocketIoServer io;
  private final ExamService exams;
  private final AppClock clock;
  private final ScheduledExecutorService scheduler;
  private final long graceMs;
  private final Map<String, Entry> bySession = new HashMap<>();
  private final Map<String, Set<String>> sessionsBySocket = new HashMap<>();

  private static final class Entry {
    String examinerId;
    boolean connected;
    long since;
    ScheduledFuture<?> grace;
  }

  Presence(SocketIoServer io, ExamService exams, AppClock clock, ScheduledExecutorService scheduler, long graceMs) {
    this.io = io;
    this.exams = exams;
    this.clock = clock;
    this.scheduler = scheduler;
    this.graceMs = graceMs;
  }

  static String room(String sessionId) {
    return "presence:" + sessionId;
  }

  synchronized void joined(Socket socket, Principal who, TestSession session) {
    Entry entry = entry(session.id(), session.examinerId());
    if (session.candidateId().equals(who.userId())) {
      if (!sessionsBySocket.computeIfAbsent(socket.id(), k -> new HashSet<>()).add(session.id())) {
        return;
      }
      socket.join(room(session.id()));
      candidateSockets(session.id(), ids -> arrived(session.id(), entry, socket.id(), ids));
    } else if (RealtimeGateway.seesPresence(who, session)) {
      candidateSockets(session.id(), ids -> {
        synchronized (this) {
          boolean connected = ids.stream().anyMatch(id -> !id.equals(socket.id()));
          socket.emit("presence", view(session.id(), connected, connected ? entry.since : clock.millis(), false));
        }
      });
    }
  }

  private synchronized void arrived(String sessionId, Entry entry, String socketId, Set<String> ids) {
    ids.remove(socketId);
    if (!ids.isEmpty()) {
      // another tab, on this node or another, keeps the candidate connected: nothing changed
      entry.connected = true;
      return;
    }
    cancelGrace(entry);
    entry.connected = true;
    entry.since = clock.millis();
    announce(sessionId, entry, false);
  }

  synchronized void left(Socket socket, String sessionId) {
    Set<String> sessions = sessionsBySocket.get(socket.id());
    if (sessions != null && sessions.remove(sessionId)) {
      socket.leave(room(sessionId));
      removeSocket(socket.id(), sessionId);
    }
  }

  synchronized void socketGone(Socket socket) {
    Set<String> sessions = sessionsBySocket.remove(socket.id());
    if (sessions != null) {
      for (String sessionId : sessions) {
        removeSocket(socket.id(), sessionId);
      }
    }
  }

  private void removeSocket(String socketId, String sessionId) {
    Entry entry = bySession.get(sessionId);
    if (entry == null) {
      return;
    }
    candidateSockets(sessionId, ids -> {
      synchronized (this) {
        ids.remove(socketId);
        if (!ids.isEmpty() || !entry.connected) {
          return;
        }
        entry.connected = false;
        entry.since = clock.millis();
        announce(sessionId, entry, false);
        cancelGrace(entry);
        entry.grace = scheduler.schedule(() -> candidateSockets(sessionId, still -> {
          synchronized (this) {
            // the candidate may be back on another node, which said so
            if (still.isEmpty() && !entry.connected) {
              announce(sessionId, entry, true);
            }
          }
        }), graceMs, TimeUnit.MILLISECONDS);
      }
    });
  }

  /** The candidate sockets in the session on every node; on failure (Redis down), as if there were none. */
  private void candidateSockets(String sessionId, Consumer<Set<String>> then) {
    CompletableFuture<List<RemoteSocket>> sockets = io.in(room(sessionId)).fetchSockets();
    sockets.handle((list, error) -> list == null ? new HashSet<String>()
        : list.stream().map(RemoteSocket::id).collect(Collectors.toCollection(HashSet::new)))
        .thenAccept(then);
  }

  private Entry entry(String sessionId, String examinerId) {
    Entry entry = bySession.computeIfAbsent(sessionId, id -> new Entry());
    entry.examinerId = examinerId;
    return entry;
  }

  private void announce(String sessionId, Entry entry, boolean graceExceeded) {
    io.to("user:" + entry.examinerId).to("role:admin").emit("presence",
        view(sessionId, entry.connected, entry.since, graceExceeded));
  }

  private Map<String, Object> view(String sessionId, boolean connected, long since, boolean graceExceeded) {
    TestSession cached = exams.cached(sessionId);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("sessionId", sessionId);
    v.put("userId", cached == null ? null : cached.candidateId());
    v.put("connected", connected);
    v.put("since", since);
    v.put("serverTime", clock.millis());
    v.put("graceExceeded", graceExceeded);
    return v;
  }

  private static void cancelGrace(Entry entry) {
    if (entry.grace != null) {
      entry.grace.cancel(false);
      entry.grace = null;
    }
  }
}
