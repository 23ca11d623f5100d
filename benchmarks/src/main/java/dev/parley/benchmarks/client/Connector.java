package dev.parley.benchmarks.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Opens many sessions with a bounded number of handshakes in flight, optionally joining each one to a room (the
 * contract's {@code join} event, whose ack tells that the receiver is in place).
 */
public final class Connector {

  /**
   * What {@link #open} did.
   *
   * @param sessions the sessions that became ready, in no particular order
   * @param failed how many failed or did not finish in time
   * @param elapsedNanos from the first attempt to the last session ready (or the deadline)
   * @param readyLatencyMicros the time each ready session took from its first SYN to ready
   * @param firstError one failure's description, or null
   */
  public record Result(List<Session> sessions, int failed, long elapsedNanos, Histogram readyLatencyMicros,
      String firstError) {}

  /** How long one session may take to become ready. */
  public static final long SESSION_TIMEOUT_MILLIS = 30_000;

  private final ClientLoop loop;
  private final Target target;
  private final Transport transport;

  public Connector(ClientLoop loop, Target target, Transport transport) {
    this.loop = loop;
    this.target = target;
    this.transport = transport;
  }

  /** A new, not yet started session on this connector's transport. */
  public Session newSession(int index, SessionListener listener) {
    return transport == Transport.WEBSOCKET ? new WsSession(index, listener) : new PollingSession(index, listener);
  }

  /**
   * Opens {@code count} sessions.
   *
   * @param room the room every session joins before it counts as ready, or null
   * @param timeoutMillis the overall deadline; sessions not ready by then are closed and counted as failed
   */
  public Result open(int count, int concurrency, String room, SessionListener listener, long timeoutMillis)
      throws InterruptedException {
    Set<Session> ready = ConcurrentHashMap.newKeySet(count);
    List<Session> all = Collections.synchronizedList(new ArrayList<>(count));
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(count);
    Recorder latency = new Recorder(3);
    String[] firstError = new String[1];
    long start = System.nanoTime();
    Runnable[] launch = new Runnable[1];
    launch[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      Session s = newSession(i, listener);
      all.add(s);
      long t0 = System.nanoTime();
      whenReady(s.start(loop.bootstrap(), target), room)
          .orTimeout(SESSION_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).whenComplete((ok, err) -> {
        if (err == null) {
          latency.recordValue(Math.max(0, (System.nanoTime() - t0) / 1000));
          ready.add(s);
        } else {
          failed.incrementAndGet();
          synchronized (firstError) {
            if (firstError[0] == null) {
              firstError[0] = String.valueOf(err);
            }
          }
          s.close();
        }
        done.countDown();
        launch[0].run();
      });
    };
    for (int i = 0; i < Math.min(concurrency, count); i++) {
      launch[0].run();
    }
    boolean finished = done.await(timeoutMillis, TimeUnit.MILLISECONDS);
    long elapsed = System.nanoTime() - start;
    int lost = 0;
    if (!finished) {
      next.set(count);
      synchronized (all) {
        for (Session s : all) {
          if (!ready.contains(s)) {
            s.close();
          }
        }
      }
      lost = count - ready.size() - failed.get();
    }
    List<Session> result = new ArrayList<>(ready);
    return new Result(result, count - result.size(), elapsed, latency.getIntervalHistogram(),
        firstError[0] != null ? firstError[0] : lost > 0 ? lost + " not ready before the deadline" : null);
  }

  private static CompletableFuture<Session> whenReady(CompletableFuture<Session> connected, String room) {
    if (room == null) {
      return connected;
    }
    return connected.thenCompose(s -> {
      CompletableFuture<Session> joined = new CompletableFuture<>();
      s.execute(() -> s.emitWithAck("[\"join\"," + quote(room) + "]", (session, args) -> joined.complete(session)));
      return joined;
    });
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Closes every session. */
  public static void closeAll(List<Session> sessions) {
    for (Session s : sessions) {
      s.close();
    }
  }
}
