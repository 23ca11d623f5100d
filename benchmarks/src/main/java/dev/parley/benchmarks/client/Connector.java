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
 *
 * <p>Given several targets (the nodes of a cluster), session {@code i} connects to target {@code i mod n}: the
 * sessions alternate, so every node gets an equal share (one more for the first ones when they do not divide), and
 * each node's share is spread over the whole connect phase rather than one node filling up first.
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
  private final List<Target> targets;
  private final Transport transport;

  public Connector(ClientLoop loop, Target target, Transport transport) {
    this(loop, List.of(target), transport);
  }

  /** A connector whose sessions alternate between {@code targets} (at least one). */
  public Connector(ClientLoop loop, List<Target> targets, Transport transport) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no target");
    }
    this.loop = loop;
    this.targets = List.copyOf(targets);
    this.transport = transport;
  }

  /** The target of the {@code index}-th session. */
  public Target targetOf(int index) {
    return targets.get(targetIndexOf(index));
  }

  /** The position in the target list of the {@code index}-th session's target. */
  public int targetIndexOf(int index) {
    return Math.floorMod(index, targets.size());
  }

  /** How many of {@code count} sessions go to each of {@code targets} targets, in target order. */
  public static int[] spread(int count, int targets) {
    if (count < 0 || targets < 1) {
      throw new IllegalArgumentException("count " + count + ", targets " + targets);
    }
    int[] out = new int[targets];
    for (int t = 0; t < targets; t++) {
      out[t] = count / targets + (t < count % targets ? 1 : 0);
    }
    return out;
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
      whenReady(s.start(loop.bootstrap(), targetOf(i)), room)
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
