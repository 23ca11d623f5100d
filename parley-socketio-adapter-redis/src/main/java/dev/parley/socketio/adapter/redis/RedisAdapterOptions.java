package dev.parley.socketio.adapter.redis;

import dev.parley.socketio.adapter.cluster.WireFormat;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where Redis is, how the adapter names its channels, and how the Redis client behaves when Redis is slow or gone.
 * Immutable; {@link Builder#build()} validates. The defaults are the reference's where it has one ({@code key}
 * {@code "socket.io"}, {@code requestsTimeout} 5 s, {@code publishOnSpecificResponseChannel} false,
 * {@code subscriptionMode} dynamic), and otherwise chosen so that an outage costs neither memory nor stale messages.
 *
 * <pre>{@code
 * RedisAdapterOptions options = RedisAdapterOptions.builder()
 *     .uri("redis://redis.internal:6379")
 *     .commandTimeout(Duration.ofSeconds(2))
 *     .build();
 * ServerOptions.builder().adapter(RedisAdapter.factory(options));
 * }</pre>
 */
public final class RedisAdapterOptions {
  public static final String DEFAULT_URI = "redis://127.0.0.1:6379";
  /** The channel prefix: {@code key} of the reference's adapter and emitter, {@code channelPrefix} when sharded. */
  public static final String DEFAULT_KEY = "socket.io";
  /** How long {@code fetchSockets()} and {@code serverSideEmitWithAck()} wait for the other nodes. */
  public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);
  /** How long one Redis command may take before it fails (so nothing waits forever on a hung Redis). */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
  /** How long establishing a connection may take. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Commands queued per connection before new ones are refused: the bound on memory while Redis is slow. */
  public static final int DEFAULT_REQUEST_QUEUE_SIZE = 4096;
  /** Idle time before TCP keep-alive probes: a silently dropped connection is noticed within about a minute. */
  public static final Duration DEFAULT_KEEP_ALIVE_IDLE = Duration.ofSeconds(30);
  /** The first and the longest pause between reconnection attempts. */
  public static final Duration DEFAULT_RECONNECT_DELAY_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_RECONNECT_DELAY_MAX = Duration.ofSeconds(2);
  /**
   * How often each connection is sent a {@code PING}: a black-holed Redis (half-open TCP) is noticed within this plus
   * {@code commandTimeout}, and its connections are replaced.
   */
  public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);

  private final String uri;
  private final String key;
  private final Duration requestsTimeout;
  private final boolean publishOnSpecificResponseChannel;
  private final SubscriptionMode subscriptionMode;
  private final Duration commandTimeout;
  private final Duration connectTimeout;
  private final int requestQueueSize;
  private final Duration keepAliveIdle;
  private final Duration reconnectDelayMin;
  private final Duration reconnectDelayMax;
  private final int maxMessageBytes;
  private final Duration healthCheckInterval;

  private RedisAdapterOptions(Builder b) {
    this.uri = b.uri;
    this.key = b.key;
    this.requestsTimeout = b.requestsTimeout;
    this.publishOnSpecificResponseChannel = b.publishOnSpecificResponseChannel;
    this.subscriptionMode = b.subscriptionMode;
    this.commandTimeout = b.commandTimeout;
    this.connectTimeout = b.connectTimeout;
    this.requestQueueSize = b.requestQueueSize;
    this.keepAliveIdle = b.keepAliveIdle;
    this.reconnectDelayMin = b.reconnectDelayMin;
    this.reconnectDelayMax = b.reconnectDelayMax;
    this.maxMessageBytes = b.maxMessageBytes;
    this.healthCheckInterval = b.healthCheckInterval;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.uri = uri;
    b.key = key;
    b.requestsTimeout = requestsTimeout;
    b.publishOnSpecificResponseChannel = publishOnSpecificResponseChannel;
    b.subscriptionMode = subscriptionMode;
    b.commandTimeout = commandTimeout;
    b.connectTimeout = connectTimeout;
    b.requestQueueSize = requestQueueSize;
    b.keepAliveIdle = keepAliveIdle;
    b.reconnectDelayMin = reconnectDelayMin;
    b.reconnectDelayMax = reconnectDelayMax;
    b.maxMessageBytes = maxMessageBytes;
    b.healthCheckInterval = healthCheckInterval;
    return b;
  }

  /** The Redis URI ({@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS). */
  public String uri() {
    return uri;
  }

  /** The prefix of every channel; all nodes (and emitters) of a cluster use the same. */
  public String key() {
    return key;
  }

  public Duration requestsTimeout() {
    return requestsTimeout;
  }

  /**
   * Whether answers go to the requesting node's own channel ({@code <key>-response#<nsp>#<uid>#}) instead of the
   * shared one, as the reference's option of the same name (classic mode only; Node 8.x nodes listen on both).
   */
  public boolean publishOnSpecificResponseChannel() {
    return publishOnSpecificResponseChannel;
  }

  /** Sharded mode only: which channels are subscribed, see {@link SubscriptionMode}. */
  public SubscriptionMode subscriptionMode() {
    return subscriptionMode;
  }

  public Duration commandTimeout() {
    return commandTimeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public int requestQueueSize() {
    return requestQueueSize;
  }

  /** TCP keep-alive idle time. */
  public Duration keepAliveIdle() {
    return keepAliveIdle;
  }

  public Duration reconnectDelayMin() {
    return reconnectDelayMin;
  }

  public Duration reconnectDelayMax() {
    return reconnectDelayMax;
  }

  /** The largest message read from Redis; a larger one is logged and dropped. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** The pause between two {@code PING}s of each connection (see {@link #DEFAULT_HEALTH_CHECK_INTERVAL}). */
  public Duration healthCheckInterval() {
    return healthCheckInterval;
  }

  /** Builds {@link RedisAdapterOptions}. */
  public static final class Builder {
    private String uri = DEFAULT_URI;
    private String key = DEFAULT_KEY;
    private Duration requestsTimeout = DEFAULT_REQUESTS_TIMEOUT;
    private boolean publishOnSpecificResponseChannel;
    private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private int requestQueueSize = DEFAULT_REQUEST_QUEUE_SIZE;
    private Duration keepAliveIdle = DEFAULT_KEEP_ALIVE_IDLE;
    private Duration reconnectDelayMin = DEFAULT_RECONNECT_DELAY_MIN;
    private Duration reconnectDelayMax = DEFAULT_RECONNECT_DELAY_MAX;
    private int maxMessageBytes = WireFormat.DEFAULT_MAX_MESSAGE_BYTES;
    private Duration healthCheckInterval = DEFAULT_HEALTH_CHECK_INTERVAL;

    private Builder() {}

    public Builder uri(String value) {
      this.uri = value;
      return this;
    }

    public Builder key(String value) {
      this.key = value;
      return this;
    }

    public Builder requestsTimeout(Duration value) {
      this.requestsTimeout = value;
      return this;
    }

    public Builder publishOnSpecificResponseChannel(boolean value) {
      this.publishOnSpecificResponseChannel = value;
      return this;
    }

    public Builder subscriptionMode(SubscriptionMode value) {
      this.subscriptionMode = value;
      return this;
    }

    public Builder commandTimeout(Duration value) {
      this.commandTimeout = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder requestQueueSize(int value) {
      this.requestQueueSize = value;
      return this;
    }

    public Builder keepAliveIdle(Duration value) {
      this.keepAliveIdle = value;
      return this;
    }

    public Builder reconnectDelay(Duration min, Duration max) {
      this.reconnectDelayMin = min;
      this.reconnectDelayMax = max;
      return this;
    }

    public Builder maxMessageBytes(int value) {
      this.maxMessageBytes = value;
      return this;
    }

    public Builder healthCheckInterval(Duration value) {
      this.healthCheckInterval = value;
      return this;
    }

    /** Validates and builds. */
    public RedisAdapterOptions build() {
      Objects.requireNonNull(uri, "uri");
      try {
        RedisURI.create(uri);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a Redis URI: " + uri, e);
      }
      Objects.requireNonNull(key, "key");
      if (key.isEmpty()) {
        throw new IllegalArgumentException("key must not be empty");
      }
      Objects.requireNonNull(subscriptionMode, "subscriptionMode");
      positive(requestsTimeout, "requestsTimeout");
      positive(commandTimeout, "commandTimeout");
      positive(connectTimeout, "connectTimeout");
      positive(keepAliveIdle, "keepAliveIdle");
      positive(reconnectDelayMin, "reconnectDelayMin");
      positive(reconnectDelayMax, "reconnectDelayMax");
      positive(healthCheckInterval, "healthCheckInterval");
      if (reconnectDelayMax.compareTo(reconnectDelayMin) < 0) {
        throw new IllegalArgumentException("reconnectDelayMax must not be shorter than reconnectDelayMin");
      }
      if (requestQueueSize < 1) {
        throw new IllegalArgumentException("requestQueueSize must be positive");
      }
      if (maxMessageBytes < 1024) {
        throw new IllegalArgumentException("maxMessageBytes must be at least 1024");
      }
      return new RedisAdapterOptions(this);
    }

    private static void positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
    }
  }

  @Override
  public String toString() {
    // the URI may hold a password: it is not printed
    return "RedisAdapterOptions[key=" + key + ", requestsTimeout=" + requestsTimeout + ", subscriptionMode="
        + subscriptionMode.wireName() + ", commandTimeout=" + commandTimeout + ", requestQueueSize="
        + requestQueueSize + ", healthCheckInterval=" + healthCheckInterval + "]";
  }
}
