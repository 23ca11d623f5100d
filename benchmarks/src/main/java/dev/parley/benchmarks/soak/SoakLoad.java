package dev.parley.benchmarks.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.benchmarks.client.ClientLoop;
import dev.parley.benchmarks.client.Connector;
import dev.parley.benchmarks.client.Session;
import dev.parley.benchmarks.client.SessionListener;
import dev.parley.benchmarks.client.Target;
import dev.parley.benchmarks.client.Transport;
import dev.parley.benchmarks.scenario.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's clients: stable ones, connected for the whole run, that chat in their room and whose receptions the
 * {@link History} checks; and churning ones that connect, join, chat a little and drop, all the time.
 *
 * <p>Half of each kind use WebSocket, half long-polling. Each stable client sends one message every two seconds,
 * well within the server's event budget, so that a message lost to the rate limit would be a real loss.
 */
final class SoakLoad implements SessionListener {
  private static final long CHAT_PERIOD_MILLIS = 2000;

  /** What a session is, attached to it. */
  private record Role(String id, String room, boolean stable, AtomicInteger sent) {}

  private final ClientLoop loop;
  private final Target target;
  private final History history;
  private final int rooms;
  private final List<Session> stable = new ArrayList<>();
  private final List<ScheduledFuture<?>> senders = new ArrayList<>();
  private final Set<Session> churners = ConcurrentHashMap.newKeySet();
  private final Set<String> disconnected = ConcurrentHashMap.newKeySet();
  private final List<String> disconnectCauses = new ArrayList<>();
  private final AtomicInteger nextIndex = new AtomicInteger(1000);
  private final AtomicLong churnCycles = new AtomicLong();
  private final AtomicLong churnFailures = new AtomicLong();
  /** The first few reasons a churning connection failed, for the report. */
  private final List<String> churnFailureCauses = new ArrayList<>();
  private volatile boolean running = true;

  SoakLoad(ClientLoop loop, Target target, History history, int rooms) {
    this.loop = loop;
    this.target = target;
    this.history = history;
    this.rooms = rooms;
  }

  private static Transport transportOf(int index) {
    return index % 2 == 0 ? Transport.WEBSOCKET : Transport.POLLING;
  }

  private CompletableFuture<Session> open(int index, Role role) {
    Session session = new Connector(loop, target, transportOf(index)).newSession(index, this);
    session.attach(role);
    return startOnItsLoop(loop, session, target).thenCompose(s -> {
      CompletableFuture<Session> joined = new CompletableFuture<>();
      s.execute(() -> s.emitWithAck("[\"join\",\"" + role.room() + "\"]", (x, args) -> joined.complete(s)));
      return joined;
    }).orTimeout(Connector.SESSION_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).whenComplete((s, error) -> {
      if (error != null) {
        session.close();
      }
    });
  }

  /**
   * Starts {@code session} from the event loop its channels will live on. The client's sessions keep their channel in
   * a plain field set after {@code connect} returns; started from another thread (here, usually another event loop),
   * the server's open packet could be handled, and the session write its CONNECT, before that field was set: a
   * NullPointerException that failed about one churning connection in 450. Started from the channel's own loop, the
   * connection's events wait until {@code start} has returned.
   */
  static CompletableFuture<Session> startOnItsLoop(ClientLoop loop, Session session, Target target) {
    EventLoop eventLoop = loop.group().next();
    return CompletableFuture.supplyAsync(() -> session.start(loop.bootstrap().clone(eventLoop), target), eventLoop)
        .thenCompose(connected -> connected);
  }

  /** Connects {@code count} stable clients and starts their chatting; returns once all are in their rooms. */
  void startStable(int count) {
    List<CompletableFuture<Session>> opening = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Role role = new Role("s" + i, "room" + (i % rooms), true, new AtomicInteger());
      history.watch(role.id(), role.room());
      opening.add(open(i, role));
    }
    for (CompletableFuture<Session> f : opening) {
      stable.add(f.join());
    }
    // only once every receiver is in its room: a message sent before would be missed by design, not lost
    for (Session s : stable) {
      long firstDelay = ThreadLocalRandom.current().nextLong(CHAT_PERIOD_MILLIS);
      senders.add(s.eventLoop().scheduleAtFixedRate(() -> chat(s), firstDelay, CHAT_PERIOD_MILLIS,
          TimeUnit.MILLISECONDS));
    }
  }

  /** Keeps {@code concurrent} churning clients going until {@link #stop()}. */
  void startChurn(int concurrent) {
    for (int i = 0; i < concurrent; i++) {
      churnOnce();
    }
  }

  private void churnOnce() {
    if (!running) {
      return;
    }
    int index = nextIndex.getAndIncrement();
    Role role = new Role("c" + index, "room" + Math.floorMod(index, rooms), false, new AtomicInteger());
    open(index, role).whenComplete((s, error) -> {
      if (error != null) {
        churnFailures.incrementAndGet();
        synchronized (churnFailureCauses) {
          if (churnFailureCauses.size() < 5) {
            churnFailureCauses.add(role.id() + " (" + transportOf(index).name().toLowerCase(Locale.ROOT)
                + "): " + rootCause(error));
          }
        }
        loop.group().schedule(this::churnOnce, 100, TimeUnit.MILLISECONDS); // not a tight loop if it keeps failing
        return;
      }
      churners.add(s);
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int messages = 1 + random.nextInt(3);
      for (int m = 0; m < messages; m++) {
        s.eventLoop().schedule(() -> chat(s), random.nextLong(500), TimeUnit.MILLISECONDS);
      }
      s.eventLoop().schedule(() -> {
        churnCycles.incrementAndGet();
        s.close();
      }, 1000 + random.nextLong(2000), TimeUnit.MILLISECONDS);
    });
  }

  /** Sends the session's next chat message; on its event loop. */
  private void chat(Session s) {
    Role role = s.attachment();
    if (s.isClosed() || !running) {
      return;
    }
    int n = role.sent().getAndIncrement();
    ObjectNode message = Json.object().put("room", role.room()).put("from", role.id()).put("n", n)
        .put("text", "message " + n + " of " + role.id());
    s.emitWithAck("[\"chat\"," + message + "]", (x, args) -> history.acked(role.id(), role.room(), n));
  }

  @Override
  public void onPacket(Session session, ByteBuf packet) {
    Role role = session.attachment();
    if (role == null || !role.stable()) {
      return;
    }
    JsonNode event;
    try {
      event = Json.MAPPER.readTree(new ByteBufInputStream(packet.slice(packet.readerIndex() + 1,
          packet.readableBytes() - 1)));
    } catch (IOException e) {
      synchronized (disconnectCauses) {
        disconnectCauses.add(role.id() + ": unreadable packet " + e.getMessage());
      }
      return;
    }
    String name = event.path(0).asText();
    if ("chat".equals(name)) {
      JsonNode m = event.path(1);
      history.received(role.id(), m.path("from").asText(), m.path("n").asInt());
    } else if ("tick".equals(name)) {
      history.tick(role.id(), event.path(1).asLong());
    }
  }

  @Override
  public void onClosed(Session session, Throwable cause) {
    Role role = session.attachment();
    if (role == null) {
      return;
    }
    if (role.stable()) {
      if (running) {
        disconnected.add(role.id());
        synchronized (disconnectCauses) {
          disconnectCauses.add(role.id() + ": " + cause);
        }
      }
    } else if (churners.remove(session)) {
      // only a churner that was up is replaced here; a failed attempt is retried, later, by churnOnce itself
      churnOnce();
    }
  }

  /** Stops sending and churning; the stable clients stay connected until {@link #closeAll()}. */
  void stop() {
    running = false;
    senders.forEach(f -> f.cancel(false));
  }

  /** Closes every client. */
  void closeAll() {
    Connector.closeAll(stable);
    Connector.closeAll(new ArrayList<>(churners));
  }

  /** The stable clients that stayed connected throughout. */
  Set<String> throughout() {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    for (Session s : stable) {
      Role role = s.attachment();
      if (!disconnected.contains(role.id())) {
        ids.add(role.id());
      }
    }
    return ids;
  }

  List<String> disconnectCauses() {
    synchronized (disconnectCauses) {
      return List.copyOf(disconnectCauses);
    }
  }

  /** Up to five reasons churning connections failed. */
  List<String> churnFailureCauses() {
    synchronized (churnFailureCauses) {
      return List.copyOf(churnFailureCauses);
    }
  }

  private static String rootCause(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException
        || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof TimeoutException
        ? "not connected and joined within " + Connector.SESSION_TIMEOUT_MILLIS + " ms" : String.valueOf(t);
  }

  long churnCycles() {
    return churnCycles.get();
  }

  long churnFailures() {
    return churnFailures.get();
  }

  int stableCount() {
    return stable.size();
  }
}
