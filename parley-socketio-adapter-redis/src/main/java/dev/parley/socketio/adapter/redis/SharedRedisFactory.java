package dev.parley.socketio.adapter.redis;

import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterContext;
import dev.parley.socketio.adapter.AdapterFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes the adapters of one server's namespaces on one set of Redis connections, opened with the first namespace and
 * closed with the last one (a server that is closed and a factory used again get new connections).
 */
final class SharedRedisFactory implements AdapterFactory {

  /** The adapter's constructor: a namespace, the shared connections, and what to call once closed. */
  @FunctionalInterface
  interface Maker {
    Adapter make(AdapterContext context, RedisConnections redis, Runnable release);
  }

  private final RedisAdapterOptions options;
  private final Maker maker;
  private RedisConnections shared;
  private int users;

  SharedRedisFactory(RedisAdapterOptions options, Maker maker) {
    this.options = options;
    this.maker = maker;
  }

  @Override
  public synchronized Adapter create(AdapterContext context) {
    if (shared == null) {
      shared = new RedisConnections(options);
    }
    users++;
    RedisConnections redis = shared;
    AtomicBoolean released = new AtomicBoolean();
    return maker.make(context, redis, () -> {
      if (released.compareAndSet(false, true)) {
        release(redis);
      }
    });
  }

  private synchronized void release(RedisConnections redis) {
    if (redis == shared && --users == 0) {
      shared.close();
      shared = null;
    }
  }
}
