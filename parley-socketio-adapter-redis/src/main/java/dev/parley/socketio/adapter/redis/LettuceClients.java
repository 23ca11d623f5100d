package dev.parley.socketio.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce configured for a cluster adapter, where an outage must cost neither memory nor stale messages:
 *
 * <ul>
 *   <li>{@code disconnectedBehavior(REJECT_COMMANDS)}: while the connection is down a publish fails at once; it is
 *       neither buffered (memory) nor sent after the reconnection (a broadcast from minutes ago is worse than none),
 *       and the commands in flight when the connection drops are failed, not replayed;</li>
 *   <li>a bounded request queue, so a slow Redis cannot make the queue grow without limit;</li>
 *   <li>a timeout on every command, so nothing waits forever on a hung Redis;</li>
 *   <li>TCP keep-alive, so a silently dropped connection is noticed;</li>
 *   <li>auto-reconnect with a short capped backoff, and Lettuce's resubscription of the confirmed channels (the
 *       adapter adds the ones that could not be subscribed during the outage).</li>
 * </ul>
 */
final class LettuceClients {
  /** Channel names as UTF-8 strings, payloads as raw bytes (JSON or MessagePack). */
  static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private LettuceClients() {}

  static ClientResources resources(RedisAdapterOptions options) {
    return DefaultClientResources.builder()
        .ioThreadPoolSize(DefaultClientResources.MIN_IO_THREADS)
        .computationThreadPoolSize(DefaultClientResources.MIN_COMPUTATION_THREADS)
        .reconnectDelay(Delay.exponential(options.reconnectDelayMin(), options.reconnectDelayMax(), 2,
            TimeUnit.MILLISECONDS))
        .build();
  }

  static RedisURI uri(RedisAdapterOptions options) {
    RedisURI uri = RedisURI.create(options.uri());
    uri.setTimeout(options.commandTimeout());
    return uri;
  }

  static RedisClient client(RedisAdapterOptions options, ClientResources resources) {
    RedisClient client = RedisClient.create(resources, uri(options));
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(options.requestQueueSize())
        .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
        .socketOptions(SocketOptions.builder()
            .connectTimeout(options.connectTimeout())
            .tcpNoDelay(true)
            .keepAlive(SocketOptions.KeepAliveOptions.builder()
                .enable()
                .idle(options.keepAliveIdle())
                .interval(options.keepAliveIdle().dividedBy(3))
                .count(3)
                .build())
            .build())
        // Redis Enterprise maintenance events are of no use here and an extra handshake step with older servers
        .maintNotificationsConfig(MaintNotificationsConfig.disabled())
        .build());
    return client;
  }
}
