package dev.parley.examroom.realtime;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.domain.TestSession;
import dev.parley.examroom.service.AppClock;
import dev.parley.examroom.service.ExamService;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether each session's candidate is connected, for the examiner's "Disconnected m:ss". A candidate with several
 * tabs counts once: connected while any of their sockets is in the session. When the candidate stays away past the
 * grace window the examiner is told again, with {@code graceExceeded}.
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
    final Set<String> candidateSockets = new HashSet<>();
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

  synchronized void joined(Socket socket, Principal who, TestSession session) {
    Entry entry = bySession.computeIfAbsent(session.id(), id -> new Entry());
    entry.examinerId = session.examinerId();
    if (session.candidateId().equals(who.userId())) {
      entry.candidateSockets.add(socket.id());
      sessionsBySocket.computeIfAbsent(socket.id(), k -> new HashSet<>()).add(session.id());
      if (!entry.connected) {
        entry.connected = true;
        entry.since = clock.millis();
        cancelGrace(entry);
        announce(session.id(), entry, false);
      }
    } else if (RealtimeGateway.seesPresence(who, session)) {
      socket.emit("presence", view(session.id(), entry, false));
    }
  }

  synchronized void left(Socket socket, String sessionId) {
    Set<String> sessions = sessionsBySocket.get(socket.id());
    if (sessions != null && sessions.remove(sessionId)) {
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
    if (entry == null || !entry.candidateSockets.remove(socketId) || !entry.candidateSockets.isEmpty()) {
      return;
    }
    entry.connected = false;
    entry.since = clock.millis();
    announce(sessionId, entry, false);
    entry.grace = scheduler.schedule(() -> {
      synchronized (this) {
        if (!entry.connected) {
          announce(sessionId, entry, true);
        }
      }
    }, graceMs, TimeUnit.MILLISECONDS);
  }

  private void announce(String sessionId, Entry entry, boolean graceExceeded) {
    io.to("user:" + entry.examinerId).to("role:admin").emit("presence", view(sessionId, entry, graceExceeded));
  }

  private Map<String, Object> view(String sessionId, Entry entry, boolean graceExceeded) {
    TestSession cached = exams.cached(sessionId);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("sessionId", sessionId);
    v.put("userId", cached == null ? null : cached.candidateId());
    v.put("connected", entry.connected);
    v.put("since", entry.since);
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
