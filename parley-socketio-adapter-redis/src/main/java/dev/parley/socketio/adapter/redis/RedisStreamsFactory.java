package dev.parley.socketio.adapter.redis;

import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterContext;
import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.socketio.adapter.cluster.ThrottledLog;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link RedisStreamsAdapter}s of one server's namespaces on shared resources, opened with the first
 * namespace and closed with the last, as the reference's {@code createAdapter} shares its clients: the Redis
 * connections, and one {@link StreamReader} per stream, which routes each entry to its namespace's adapter.
 */
final class RedisStreamsFactory implements AdapterFactory {
  private final RedisStreamsOptions options;
  private Shared shared;
  private int users;

  RedisStreamsFactory(RedisStreamsOptions options) {
    this.options = options;
  }

  @Override
  public synchronized Adapter create(AdapterContext context) {
    if (shared == null) {
      shared = new Shared(options);
    }
    users++;
    Shared current = shared;
    AtomicBoolean released = new AtomicBoolean();
    return new RedisStreamsAdapter(context, current, () -> {
      if (released.compareAndSet(false, true)) {
        release(current);
      }
    });
  }

  private synchronized void release(Shared current) {
    if (current == shared && --users == 0) {
      shared.close();
      shared = null;
    }
  }

  /** What the adapters of one server share. */
  static final class Shared {
    private static final Logger log = LoggerFactory.getLogger(RedisStreamsAdapter.class);

    private final RedisStreamsOptions options;
    private final RedisConnections redis;
    private final Map<String, RedisStreamsAdapter> byNamespace = new ConcurrentHashMap<>();
    private final Map<String, StreamReader> readers = new HashMap<>();
    private final Map<String, CompletableFuture<Void>> started = new HashMap<>();
    private final ThrottledLog dropped = new ThrottledLog(log, Duration.ofSeconds(10));

    Shared(RedisStreamsOptions options) {
      this.options = options;
      this.redis = new RedisConnections(options.redis());
    }

    RedisStreamsOptions options() {
      return options;
    }

    RedisConnections redis() {
      return redis;
    }

    /** Routes the adapter's entries to it; completes once its stream is being read. */
    CompletableFuture<Void> register(RedisStreamsAdapter adapter) {
      byNamespace.put(adapter.nspName(), adapter);
      synchronized (readers) {
        return started.computeIfAbsent(adapter.stream(), stream -> {
          StreamReader reader = new StreamReader(stream, options, redis, redis.scheduler(), this::route);
          readers.put(stream, reader);
          return reader.start();
        });
      }
    }

    void unregister(RedisStreamsAdapter adapter) {
      byNamespace.remove(adapter.nspName(), adapter);
    }

    /** Each entry to its namespace's adapter; entries of other namespaces are other servers' business. */
    private void route(List<StreamMessage<String, byte[]>> entries) {
      for (StreamMessage<String, byte[]> entry : entries) {
        String nsp = StreamEntryCodec.namespace(entry.getBody());
        if (nsp == null) {
          dropped.warn("dropped entry {} of stream {}: it names no namespace", entry.getId(), entry.getStream());
          continue;
        }
        RedisStreamsAdapter adapter = byNamespace.get(nsp);
        if (adapter != null) {
          adapter.onEntry(entry.getId(), entry.getBody());
        }
      }
    }

    void close() {
      List<StreamReader> all;
      synchronized (readers) {
        all = List.copyOf(readers.values());
        readers.clear();
        started.clear();
      }
      CompletableFuture.allOf(all.stream().map(StreamReader::close).toArray(CompletableFuture[]::new))
          .whenComplete((v, e) -> redis.close());
    }
  }
}
