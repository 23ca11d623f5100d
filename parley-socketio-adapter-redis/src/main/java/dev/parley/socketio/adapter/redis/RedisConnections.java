package dev.parley.socketio.adapter.redis;

import dev.parley.socketio.adapter.cluster.ThrottledLog;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis connections of one adapter factory, shared by the adapters of all its namespaces as the reference shares
 * its {@code pubClient} and {@code subClient}: one connection to publish and query, one to subscribe, and one
 * scheduler thread for the adapters' timers and application callbacks.
 *
 * <p>Nothing here blocks: connections are opened asynchronously (and retried with backoff if Redis is down at
 * start), publishes return futures, and subscriptions are kept as wishes: each is (re)issued until Redis confirms it,
 * so a namespace created during an outage is subscribed once Redis is back. Redis keeps one subscription per channel
 * and connection however often it is asked, so the re-issue never duplicates deliveries.
 */
final class RedisConnections {
  private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Receives the messages of one channel, pattern or shard channel, on Lettuce's I/O thread. */
  @FunctionalInterface
  interface Handler {
    void onMessage(String channel, byte[] message);
  }

  /** The three kinds of subscriptions, each with its own command. */
  enum Kind { CHANNEL, PATTERN, SHARD }

  private final class Subscription {
    final Kind kind;
    final String name;
    final Handler handler;
    final CompletableFuture<Void> firstConfirmation = new CompletableFuture<>();
    final AtomicBoolean pending = new AtomicBoolean();
    volatile boolean confirmed;

    Subscription(Kind kind, String name, Handler handler) {
      this.kind = kind;
      this.name = name;
      this.handler = handler;
    }
  }

  private final RedisAdapterOptions options;
  private final ClientResources resources;
  private final RedisClient client;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final ThrottledLog problems = new ThrottledLog(log, Duration.ofSeconds(10));
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicBoolean sweepScheduled = new AtomicBoolean();
  private volatile StatefulRedisConnection<String, byte[]> pub;
  private volatile StatefulRedisPubSubConnection<String, byte[]> sub;
  private volatile boolean closed;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicInteger replacements = new AtomicInteger();
  private volatile String lastError;
  private int connectAttempts;

  RedisConnections(RedisAdapterOptions options) {
    this.options = options;
    this.resources = LettuceClients.resources(options);
    this.client = LettuceClients.client(options, resources);
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "parley-redis-adapter-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    // cancelled request timers must not pile up until their deadline
    scheduler.setRemoveOnCancelPolicy(true);
    client.addListener(new StateListener());
    connect();
    long every = options.healthCheckInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  RedisAdapterOptions options() {
    return options;
  }

  /** The event loops and timers of the connections, for a further client on them (the stream reader's). */
  ClientResources resources() {
    return resources;
  }

  // ---- connecting ----

  private void connect() {
    if (closed) {
      return;
    }
    ConnectionFuture<StatefulRedisConnection<String, byte[]>> p =
        client.connectAsync(LettuceClients.CODEC, LettuceClients.uri(options));
    ConnectionFuture<StatefulRedisPubSubConnection<String, byte[]>> s =
        client.connectPubSubAsync(LettuceClients.CODEC, LettuceClients.uri(options));
    CompletableFuture.allOf(p.toCompletableFuture(), s.toCompletableFuture()).whenComplete((v, error) -> {
      if (error != null || closed) {
        p.thenAccept(StatefulRedisConnection::closeAsync);
        s.thenAccept(StatefulRedisPubSubConnection::closeAsync);
        if (!closed) {
          lastError = rootMessage(error);
          problems.warn("cannot connect to Redis at {} yet: {}; retrying", redactedUri(), lastError);
          later(this::connect, backoff(++connectAttempts));
        }
        return;
      }
      StatefulRedisPubSubConnection<String, byte[]> subscriber = s.join();
      subscriber.addListener(new Dispatcher());
      sub = subscriber;
      pub = p.join();
      connectAttempts = 0;
      lastError = null;
      down.set(false);
      log.info("connected to Redis at {}", redactedUri());
      sweep();
    });
  }

  private long backoff(int attempt) {
    long min = options.reconnectDelayMin().toMillis();
    long max = options.reconnectDelayMax().toMillis();
    return Math.min(max, min << Math.min(attempt, 16));
  }

  /** Whether both connections are up (for tests and health checks). */
  boolean isConnected() {
    StatefulRedisConnection<String, byte[]> p = pub;
    StatefulRedisPubSubConnection<String, byte[]> s = sub;
    return p != null && s != null && p.isOpen() && s.isOpen() && !down.get();
  }

  /** The root cause of the last connection problem, or {@code null} once Redis answered again. */
  String lastError() {
    return lastError;
  }

  /** How often the connections were given up as dead and opened anew. */
  int replacements() {
    return replacements.get();
  }

  /**
   * A black-holed Redis (cable pulled, half-open TCP: no FIN, no RST) looks connected to Lettuce for as long as
   * TCP keep-alive takes, which a proxy in between answers anyway. A {@code PING} on each connection, bounded by the
   * command timeout, notices it; a timed-out one gives both connections up (see {@link #replace}). A refused
   * {@code PING} is not acted on: then Lettuce already knows the connection is down and reconnects by itself.
   */
  private void probe() {
    StatefulRedisConnection<String, byte[]> p = pub;
    StatefulRedisPubSubConnection<String, byte[]> s = sub;
    if (closed || !isConnected() || !probing.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<String> pubAnswer;
    CompletableFuture<String> subAnswer;
    try {
      pubAnswer = p.async().ping().toCompletableFuture();
      subAnswer = s.async().ping().toCompletableFuture();
    } catch (RuntimeException e) {
      probing.set(false);
      return;
    }
    CompletableFuture.allOf(pubAnswer, subAnswer).whenComplete((v, error) -> {
      probing.set(false);
      if (error == null) {
        lastError = null;
      } else if (timedOut(error)) {
        replace(p, s, error);
      } else {
        lastError = rootMessage(error);
      }
    });
  }

  static boolean timedOut(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RedisCommandTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Gives up connections Redis no longer answers on and opens new ones: publishes fail at once meanwhile instead of
   * waiting for the timeout, the commands queued on the old ones fail instead of reaching Redis late when the network
   * heals, and the subscriptions are issued again on the new subscriber connection.
   */
  private synchronized void replace(StatefulRedisConnection<String, byte[]> p,
      StatefulRedisPubSubConnection<String, byte[]> s, Throwable error) {
    if (closed || pub != p || sub != s) {
      return;
    }
    pub = null;
    sub = null;
    lastError = rootMessage(error);
    down.set(true);
    replacements.incrementAndGet();
    subscriptions.values().forEach(x -> x.confirmed = false);
    log.warn("Redis at {} did not answer a PING within {}: replacing the connections; local delivery goes on",
        redactedUri(), options.commandTimeout());
    p.closeAsync();
    s.closeAsync();
    connect();
  }

  private boolean isCurrent(RedisChannelHandler<?, ?> connection) {
    return connection == pub || connection == sub;
  }

  private final class StateListener implements RedisConnectionStateListener {
    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
      // connections being opened or given up are connect()'s and replace()'s business
      if (!isCurrent(connection)) {
        return;
      }
      if (down.compareAndSet(true, false)) {
        log.info("reconnected to Redis at {}", address);
      }
      // Lettuce resubscribes what Redis had confirmed; what could not be subscribed meanwhile is issued here
      later(RedisConnections.this::sweep, 50);
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      if (!isCurrent(connection)) {
        return;
      }
      if (connection == sub) {
        subscriptions.values().forEach(s -> s.confirmed = false);
      }
      if (!closed && down.compareAndSet(false, true)) {
        log.warn("lost the connection to Redis; local delivery goes on, publishes fail until it is back");
      }
    }
  }

  // ---- subscriptions ----

  /**
   * Subscribes (and keeps subscribing after outages) until {@link #unsubscribe}.
   *
   * @return completes once Redis first confirmed the subscription
   */
  CompletionStage<Void> subscribe(Kind kind, String name, Handler handler) {
    Subscription subscription = new Subscription(kind, name, handler);
    Subscription previous = subscriptions.putIfAbsent(key(kind, name), subscription);
    if (previous != null) {
      return previous.firstConfirmation;
    }
    issue(subscription);
    return subscription.firstConfirmation;
  }

  void unsubscribe(Kind kind, String name) {
    Subscription subscription = subscriptions.remove(key(kind, name));
    StatefulRedisPubSubConnection<String, byte[]> s = sub;
    if (subscription == null || s == null || !s.isOpen()) {
      return;
    }
    RedisFuture<Void> result = switch (kind) {
      case CHANNEL -> s.async().unsubscribe(name);
      case PATTERN -> s.async().punsubscribe(name);
      case SHARD -> s.async().sunsubscribe(name);
    };
    result.exceptionally(e -> null);
  }

  private static String key(Kind kind, String name) {
    return kind.ordinal() + ":" + name;
  }

  private void sweep() {
    sweepScheduled.set(false);
    for (Subscription subscription : subscriptions.values()) {
      if (!subscription.confirmed) {
        issue(subscription);
      }
    }
  }

  private void sweepLater() {
    if (!closed && sweepScheduled.compareAndSet(false, true)) {
      later(this::sweep, options.reconnectDelayMax().toMillis());
    }
  }

  /** Runs a task later on the scheduler, unless it is shut down (then the connections are closed anyway). */
  private void later(Runnable task, long delayMillis) {
    try {
      scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private void issue(Subscription subscription) {
    StatefulRedisPubSubConnection<String, byte[]> s = sub;
    if (s == null || closed || !subscription.pending.compareAndSet(false, true)) {
      return;
    }
    RedisFuture<Void> result;
    try {
      result = switch (subscription.kind) {
        case CHANNEL -> s.async().subscribe(subscription.name);
        case PATTERN -> s.async().psubscribe(subscription.name);
        case SHARD -> s.async().ssubscribe(subscription.name);
      };
    } catch (RuntimeException e) {
      subscription.pending.set(false);
      sweepLater();
      return;
    }
    result.whenComplete((v, error) -> {
      subscription.pending.set(false);
      if (error != null) {
        problems.warn("subscribing to {} failed: {}; retrying", subscription.name, rootMessage(error));
        sweepLater();
      } else if (subscriptions.get(key(subscription.kind, subscription.name)) == subscription) {
        subscription.confirmed = true;
        subscription.firstConfirmation.complete(null);
      }
    });
  }

  /** Routes messages to their subscription's handler; a failing handler is logged, never thrown at Lettuce. */
  private final class Dispatcher extends RedisPubSubAdapter<String, byte[]> {
    @Override
    public void message(String channel, byte[] message) {
      dispatch(Kind.CHANNEL, channel, channel, message);
    }

    @Override
    public void message(String pattern, String channel, byte[] message) {
      dispatch(Kind.PATTERN, pattern, channel, message);
    }

    @Override
    public void smessage(String shardChannel, byte[] message) {
      dispatch(Kind.SHARD, shardChannel, shardChannel, message);
    }

    private void dispatch(Kind kind, String name, String channel, byte[] message) {
      Subscription subscription = subscriptions.get(key(kind, name));
      if (subscription == null) {
        return;
      }
      try {
        subscription.handler.onMessage(channel, message);
      } catch (RuntimeException e) {
        problems.warn("handling a message of channel {} failed", channel, e);
      }
    }
  }

  // ---- commands ----

  /** {@code PUBLISH}; fails at once while disconnected. */
  CompletionStage<Long> publish(String channel, byte[] message) {
    StatefulRedisConnection<String, byte[]> p = pub;
    if (p == null) {
      return notConnected();
    }
    return track(p.async().publish(channel, message));
  }

  /** {@code SPUBLISH}; fails at once while disconnected. */
  CompletionStage<Long> spublish(String channel, byte[] message) {
    StatefulRedisConnection<String, byte[]> p = pub;
    if (p == null) {
      return notConnected();
    }
    return track(p.async().spublish(channel, message));
  }

  /** {@code PUBSUB NUMSUB channel}: how many connections subscribe to it. */
  CompletionStage<Integer> numsub(String channel) {
    StatefulRedisConnection<String, byte[]> p = pub;
    if (p == null) {
      return notConnected();
    }
    return p.async().pubsubNumsub(channel).thenApply(counts -> counts.getOrDefault(channel, 0L).intValue());
  }

  /** {@code PUBSUB SHARDNUMSUB channel}. */
  CompletionStage<Integer> shardNumsub(String channel) {
    StatefulRedisConnection<String, byte[]> p = pub;
    if (p == null) {
      return notConnected();
    }
    return p.async().pubsubShardNumsub(channel).thenApply(counts -> counts.getOrDefault(channel, 0L).intValue());
  }

  /**
   * Any other command on the publishing connection (a stream's {@code XADD} and {@code XRANGE}, a session's
   * {@code SET}); fails at once while disconnected.
   */
  <T> CompletionStage<T> run(Function<RedisAsyncCommands<String, byte[]>, RedisFuture<T>> command) {
    StatefulRedisConnection<String, byte[]> p = pub;
    if (p == null) {
      return notConnected();
    }
    try {
      return command.apply(p.async());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<Long> track(RedisFuture<Long> command) {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    return command.whenComplete((v, e) -> inFlight.decrementAndGet());
  }

  private static <T> CompletionStage<T> notConnected() {
    return CompletableFuture.failedFuture(new RedisConnectionException("not connected to Redis yet"));
  }

  /** The most publishes ever waiting at once (for tests: the bound on memory during an outage). */
  int maxInFlight() {
    return maxInFlight.get();
  }

  // ---- closing ----

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscriptions.clear();
    StatefulRedisConnection<String, byte[]> p = pub;
    StatefulRedisPubSubConnection<String, byte[]> s = sub;
    CompletableFuture<Void> pubClosed = p == null ? CompletableFuture.completedFuture(null) : p.closeAsync();
    CompletableFuture<Void> subClosed = s == null ? CompletableFuture.completedFuture(null) : s.closeAsync();
    CompletableFuture.allOf(pubClosed, subClosed)
        .handle((v, e) -> client.shutdownAsync(0, 2, TimeUnit.SECONDS))
        .thenCompose(f -> f)
        .handle((v, e) -> resources.shutdown(0, 2, TimeUnit.SECONDS))
        .whenComplete((v, e) -> scheduler.shutdown());
  }

  private String redactedUri() {
    io.lettuce.core.RedisURI uri = LettuceClients.uri(options);
    return uri.getHost() + ":" + uri.getPort();
  }

  static String rootMessage(Throwable error) {
    Throwable t = error;
    while (t != null && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
