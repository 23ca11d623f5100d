package dev.parley.examroom.chat;

import dev.parley.examroom.auth.Principal;
import dev.parley.socketio.server.SocketIoServer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Who is online, away or offline. A user with many tabs counts once: online while any tab is visible, away when all
 * are hidden, offline {@code offlineGrace} after the last tab is gone (a reload does not flicker). A tab closed
 * without a clean close is noticed by the heartbeat (pingInterval + pingTimeout), then the grace applies.
 */
final class ChatPresence {
  private final SocketIoServer io;
  private final ScheduledExecutorService scheduler;
  private final long offlineGraceMs;
  private final Map<String, UserState> users = new HashMap<>();

  private static final class UserState {
    final Map<String, Boolean> socketsAway = new HashMap<>();
    String displayName;
    String status = "offline";
    ScheduledFuture<?> offlineTimer;
  }

  ChatPresence(SocketIoServer io, ScheduledExecutorService scheduler, long offlineGraceMs) {
    this.io = io;
    this.scheduler = scheduler;
    this.offlineGraceMs = offlineGraceMs;
  }

  synchronized void connected(Principal p, String socketId) {
    UserState u = users.computeIfAbsent(p.userId(), k -> new UserState());
    u.displayName = p.displayName();
    u.socketsAway.put(socketId, false);
    if (u.offlineTimer != null) {
      u.offlineTimer.cancel(false);
      u.offlineTimer = null;
    }
    update(p.userId(), u);
  }

  synchronized void away(String userId, String socketId, boolean away) {
    UserState u = users.get(userId);
    if (u != null && u.socketsAway.containsKey(socketId)) {
      u.socketsAway.put(socketId, away);
      update(userId, u);
    }
  }

  synchronized void disconnected(String userId, String socketId) {
    UserState u = users.get(userId);
    if (u == null || u.socketsAway.remove(socketId) == null) {
      return;
    }
    if (!u.socketsAway.isEmpty()) {
      update(userId, u);
      return;
    }
    u.offlineTimer = scheduler.schedule(() -> {
      synchronized (this) {
        if (u.socketsAway.isEmpty()) {
          u.status = "offline";
          announce(userId, u);
          users.remove(userId, u);
        }
      }
    }, offlineGraceMs, TimeUnit.MILLISECONDS);
  }

  synchronized String status(String userId) {
    UserState u = users.get(userId);
    return u == null ? "offline" : u.status;
  }

  /** Every user not offline, for a new socket's snapshot. */
  synchronized Map<String, String> snapshot() {
    Map<String, String> all = new HashMap<>();
    users.forEach((id, u) -> all.put(id, u.status));
    return all;
  }

  private void update(String userId, UserState u) {
    String status = u.socketsAway.isEmpty() ? u.status
        : u.socketsAway.containsValue(false) ? "online" : "away";
    if (!status.equals(u.status)) {
      u.status = status;
      announce(userId, u);
    }
  }

  private void announce(String userId, UserState u) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("userId", userId);
    event.put("displayName", u.displayName);
    event.put("status", u.status);
    io.emit("presence", event);
  }

}
