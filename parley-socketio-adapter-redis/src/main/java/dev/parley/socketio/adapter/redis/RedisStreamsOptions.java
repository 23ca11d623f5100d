package dev.parley.socketio.adapter.redis;

import dev.parley.socketio.adapter.cluster.ClusterAdapterOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RedisStreamsAdapter} uses Redis: the connection and its failure behaviour ({@link RedisAdapterOptions},
 * whose {@code key} is the reference's {@code channelPrefix}), the stream, and where sessions are kept for connection
 * state recovery. Immutable; {@link Builder#build()} validates. The defaults are those of
 * {@code @socket.io/redis-streams-adapter}.
 *
 * <pre>{@code
 * RedisStreamsOptions options = RedisStreamsOptions.builder()
 *     .redis(RedisAdapterOptions.builder().uri("redis://redis.internal:6379").build())
 *     .sessionTtl(Duration.ofMinutes(2))   // the server's RecoveryOptions.maxDisconnectionDuration
 *     .build();
 * }</pre>
 */
public final class RedisStreamsOptions {
  /** The stream's name ({@code streamName}), or the prefix of the streams when there are several. */
  public static final String DEFAULT_STREAM_NAME = "socket.io";
  /** The entries a stream keeps, trimmed approximately ({@code MAXLEN ~}): how far back a client can recover. */
  public static final int DEFAULT_MAX_LEN = 10_000;
  /** Entries fetched per {@code XREAD}. */
  public static final int DEFAULT_READ_COUNT = 100;
  /** How long one {@code XREAD} blocks when the stream is quiet. */
  public static final Duration DEFAULT_BLOCK_TIME = Duration.ofSeconds(5);
  /** The prefix of the keys sessions are kept under ({@code sessionKeyPrefix}). */
  public static final String DEFAULT_SESSION_KEY_PREFIX = "sio:session:";
  /** How long a session is kept: the reference's {@code maxDisconnectionDuration} default. */
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofMinutes(2);

  private final RedisAdapterOptions redis;
  private final String streamName;
  private final int streamCount;
  private final int maxLen;
  private final int readCount;
  private final Duration blockTime;
  private final String sessionKeyPrefix;
  private final Duration sessionTtl;
  private final boolean useShardedPubSub;
  private final StreamsProtocol protocol;
  private final ClusterAdapterOptions heartbeats;

  private RedisStreamsOptions(Builder b) {
    this.redis = b.redis;
    this.streamName = b.streamName;
    this.streamCount = b.streamCount;
    this.maxLen = b.maxLen;
    this.readCount = b.readCount;
    this.blockTime = b.blockTime;
    this.sessionKeyPrefix = b.sessionKeyPrefix;
    this.sessionTtl = b.sessionTtl;
    this.useShardedPubSub = b.useShardedPubSub;
    this.protocol = b.protocol;
    this.heartbeats = ClusterAdapterOptions.builder().requestTimeout(b.redis.requestsTimeout())
        .heartbeatInterval(b.heartbeatInterval).heartbeatTimeout(b.heartbeatTimeout).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The connection, its timeouts and bounds; its {@code key} prefixes the pub/sub channels. */
  public RedisAdapterOptions redis() {
    return redis;
  }

  public String streamName() {
    return streamName;
  }

  /** How many streams the namespaces are spread over ({@code streamCount}); one namespace always uses one stream. */
  public int streamCount() {
    return streamCount;
  }

  public int maxLen() {
    return maxLen;
  }

  public int readCount() {
    return readCount;
  }

  public Duration blockTime() {
    return blockTime;
  }

  public String sessionKeyPrefix() {
    return sessionKeyPrefix;
  }

  /**
   * How long a disconnected socket's session stays in Redis; set it to the server's
   * {@code RecoveryOptions.maxDisconnectionDuration} (the adapter does not see the server's options).
   */
  public Duration sessionTtl() {
    return sessionTtl;
  }

  /** Whether requests and answers use sharded pub/sub (Redis 7+), as {@code useShardedPubSub}. */
  public boolean useShardedPubSub() {
    return useShardedPubSub;
  }

  public StreamsProtocol protocol() {
    return protocol;
  }

  /** The request timeout and, for {@link StreamsProtocol#V0_2}, the heartbeats. */
  ClusterAdapterOptions clusterOptions() {
    return heartbeats;
  }

  /**
   * The stream of a namespace: the reference's {@code computeStreamName}, with Java's {@code String.hashCode},
   * which is JavaScript's {@code hash * 31 + charCode | 0} to the bit, and the same (negative) remainder.
   */
  public String streamOf(String namespace) {
    if (streamCount == 1) {
      return streamName;
    }
    return streamName + "-" + (namespace.hashCode() % streamCount);
  }

  /** Builds {@link RedisStreamsOptions}. */
  public static final class Builder {
    private RedisAdapterOptions redis = RedisAdapterOptions.builder().build();
    private String streamName = DEFAULT_STREAM_NAME;
    private int streamCount = 1;
    private int maxLen = DEFAULT_MAX_LEN;
    private int readCount = DEFAULT_READ_COUNT;
    private Duration blockTime = DEFAULT_BLOCK_TIME;
    private String sessionKeyPrefix = DEFAULT_SESSION_KEY_PREFIX;
    private Duration sessionTtl = DEFAULT_SESSION_TTL;
    private boolean useShardedPubSub;
    private StreamsProtocol protocol = StreamsProtocol.V0_3;
    private Duration heartbeatInterval = ClusterAdapterOptions.DEFAULT_HEARTBEAT_INTERVAL;
    private Duration heartbeatTimeout = ClusterAdapterOptions.DEFAULT_HEARTBEAT_TIMEOUT;

    private Builder() {}

    public Builder redis(RedisAdapterOptions value) {
      this.redis = value;
      return this;
    }

    public Builder streamName(String value) {
      this.streamName = value;
      return this;
    }

    public Builder streamCount(int value) {
      this.streamCount = value;
      return this;
    }

    public Builder maxLen(int value) {
      this.maxLen = value;
      return this;
    }

    public Builder readCount(int value) {
      this.readCount = value;
      return this;
    }

    public Builder blockTime(Duration value) {
      this.blockTime = value;
      return this;
    }

    public Builder sessionKeyPrefix(String value) {
      this.sessionKeyPrefix = value;
      return this;
    }

    public Builder sessionTtl(Duration value) {
      this.sessionTtl = value;
      return this;
    }

    public Builder useShardedPubSub(boolean value) {
      this.useShardedPubSub = value;
      return this;
    }

    public Builder protocol(StreamsProtocol value) {
      this.protocol = value;
      return this;
    }

    /** {@link StreamsProtocol#V0_2} only: how often a silent node says it is alive, and when it is counted out. */
    public Builder heartbeats(Duration interval, Duration timeout) {
      this.heartbeatInterval = interval;
      this.heartbeatTimeout = timeout;
      return this;
    }

    /** Validates and builds. */
    public RedisStreamsOptions build() {
      Objects.requireNonNull(redis, "redis");
      Objects.requireNonNull(protocol, "protocol");
      notBlank(streamName, "streamName");
      notBlank(sessionKeyPrefix, "sessionKeyPrefix");
      if (streamCount < 1 || streamCount > 1024) {
        throw new IllegalArgumentException("streamCount must be between 1 and 1024");
      }
      if (maxLen < 1) {
        throw new IllegalArgumentException("maxLen must be positive");
      }
      if (readCount < 1 || readCount > 10_000) {
        throw new IllegalArgumentException("readCount must be between 1 and 10000");
      }
      positive(blockTime, "blockTime");
      positive(sessionTtl, "sessionTtl");
      if (sessionTtl.toMillis() < 1000) {
        throw new IllegalArgumentException("sessionTtl must be at least one second");
      }
      return new RedisStreamsOptions(this);
    }

    private static void notBlank(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
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
    return "RedisStreamsOptions[" + redis + ", streamName=" + streamName + ", streamCount=" + streamCount
        + ", maxLen=" + maxLen + ", protocol=" + protocol + ", sessionTtl=" + sessionTtl + "]";
  }
}
