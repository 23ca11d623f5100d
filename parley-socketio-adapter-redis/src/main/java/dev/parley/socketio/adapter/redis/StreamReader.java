package dev.parley.socketio.adapter.redis;

import dev.parley.socketio.adapter.cluster.ThrottledLog;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one stream for every namespace of a server: {@code XREAD BLOCK} in a loop, on a connection of its own.
 *
 * <p>A blocking read holds its connection for up to {@code blockTime}: on the shared connection it would hold every
 * publish behind it, so it gets its own client, whose command timeout is {@code blockTime} longer than the others'.
 * Nothing here blocks a thread: each read is asynchronous, the next one is issued when it completes, and the entries
 * are handed to the adapters' executor, in stream order.
 *
 * <p>The reader starts after the stream's last entry and then always asks for entries after the last one it saw, so
 * that nothing is skipped between two reads, nor across a Redis outage (Lettuce reconnects; a failed read is retried
 * with the connection's backoff).
 */
final class StreamReader {
  private static final Logger log = LoggerFactory.getLogger(StreamReader.class);
  /** Before any entry: the id {@code XREAD} reads everything after. */
  private static final String BEGINNING = "0-0";

  private final String stream;
  private final RedisStreamsOptions options;
  private final RedisClient client;
  private final ScheduledExecutorService executor;
  private final Consumer<List<StreamMessage<String, byte[]>>> consumer;
  private final ThrottledLog problems = new ThrottledLog(log, Duration.ofSeconds(10));
  private final CompletableFuture<Void> reading = new CompletableFuture<>();
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile boolean closed;
  /** The last entry seen; only the read loop touches it, one read at a time. */
  private String offset;
  private int failures;

  /**
   * @param executor where entries are handed over (single-threaded: they keep their order)
   * @param consumer gets each non-empty batch of entries, on {@code executor}
   */
  StreamReader(String stream, RedisStreamsOptions options, RedisConnections redis, ScheduledExecutorService executor,
      Consumer<List<StreamMessage<String, byte[]>>> consumer) {
    this.stream = stream;
    this.options = options;
    RedisAdapterOptions blocking = options.redis().toBuilder()
        .commandTimeout(options.redis().commandTimeout().plus(options.blockTime())).build();
    this.client = LettuceClients.client(blocking, redis.resources());
    this.executor = executor;
    this.consumer = consumer;
  }

  /** Starts reading; completes once the reader knows where the stream ends (retried until Redis answers). */
  CompletableFuture<Void> start() {
    connect();
    return reading;
  }

  private void connect() {
    if (closed) {
      return;
    }
    client.connectAsync(LettuceClients.CODEC, LettuceClients.uri(options.redis())).whenComplete((c, error) -> {
      if (error != null) {
        retry("cannot connect to read stream {} yet: {}", error);
        return;
      }
      if (closed) {
        c.closeAsync();
        return;
      }
      connection = c;
      // a replaced connection goes on after the last entry seen: the stream's end now would skip what came meanwhile
      if (offset == null) {
        findStart();
      } else {
        read();
      }
    });
  }

  /** The stream's last entry now: what this node reads after. */
  private void findStart() {
    connection.async().xrevrange(stream, Range.unbounded(), Limit.from(1)).whenComplete((last, error) -> {
      if (error != null) {
        retry("cannot read the end of stream {}: {}", error);
        return;
      }
      offset = last.isEmpty() ? BEGINNING : last.get(0).getId();
      reading.complete(null);
      read();
    });
  }

  private void read() {
    if (closed) {
      return;
    }
    XReadArgs args = XReadArgs.Builder.block(options.blockTime()).count(options.readCount());
    connection.async().xread(args, StreamOffset.from(stream, offset)).whenComplete((entries, error) -> {
      if (error != null) {
        if (RedisConnections.timedOut(error)) {
          abandon();
        }
        retry("reading stream {} failed: {}; retrying", error);
        return;
      }
      failures = 0;
      if (entries != null && !entries.isEmpty()) {
        offset = entries.get(entries.size() - 1).getId();
        hand(entries);
      }
      read();
    });
  }

  /**
   * A read that outlived its block time by the command timeout means Redis is not answering (black-holed): the
   * connection is given up rather than read on, since Lettuce would keep it for as long as TCP does.
   */
  private void abandon() {
    StatefulRedisConnection<String, byte[]> c = connection;
    connection = null;
    if (c != null) {
      c.closeAsync();
    }
  }

  private void hand(List<StreamMessage<String, byte[]>> entries) {
    try {
      executor.execute(() -> {
        try {
          consumer.accept(entries);
        } catch (RuntimeException e) {
          problems.warn("handling entries of stream {} failed", stream, e);
        }
      });
    } catch (RejectedExecutionException e) {
      // the adapters are closing
    }
  }

  private void retry(String message, Throwable error) {
    if (closed) {
      return;
    }
    problems.warn(message, stream, RedisConnections.rootMessage(error));
    long min = options.redis().reconnectDelayMin().toMillis();
    long delay = Math.min(options.redis().reconnectDelayMax().toMillis(), min << Math.min(++failures, 16));
    Runnable next = connection == null ? this::connect : offset == null ? this::findStart : this::read;
    try {
      executor.schedule(next, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** Stops reading: a read in progress is abandoned with its connection. */
  CompletableFuture<Void> close() {
    closed = true;
    StatefulRedisConnection<String, byte[]> c = connection;
    CompletableFuture<Void> connectionClosed = c == null ? CompletableFuture.completedFuture(null) : c.closeAsync();
    return connectionClosed.handle((v, e) -> client.shutdownAsync(0, 2, TimeUnit.SECONDS))
        .thenCompose(f -> f)
        .handle((v, e) -> null);
  }
}
