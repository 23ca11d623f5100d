package dev.parley.socketio.adapter.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a cluster adapter waits for other nodes, and how often nodes that count each other by heartbeats speak.
 * Immutable; the defaults are the reference's ({@code DEFAULT_TIMEOUT}, {@code heartbeatInterval},
 * {@code heartbeatTimeout} of socket.io-adapter's {@code cluster-adapter.ts}).
 *
 * <pre>{@code
 * ClusterAdapterOptions options = ClusterAdapterOptions.builder().requestTimeout(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class ClusterAdapterOptions {
  /** How long {@code fetchSockets()} and {@code serverSideEmitWithAck()} wait for the other nodes by default. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** Between two heartbeats of a silent node. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  /** Without any message for this long, a node is counted out. */
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private static final ClusterAdapterOptions DEFAULTS = builder().build();

  private final Duration requestTimeout;
  private final Duration heartbeatInterval;
  private final Duration heartbeatTimeout;

  private ClusterAdapterOptions(Builder b) {
    this.requestTimeout = b.requestTimeout;
    this.heartbeatInterval = b.heartbeatInterval;
    this.heartbeatTimeout = b.heartbeatTimeout;
  }

  public static ClusterAdapterOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().requestTimeout(requestTimeout).heartbeatInterval(heartbeatInterval)
        .heartbeatTimeout(heartbeatTimeout);
  }

  /** How long requests to the other nodes wait for their answers (unless the call sets its own timeout). */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** How often a node that published nothing else says it is alive. */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /** How long a node may stay silent before it is no longer counted. */
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  /** Builds {@link ClusterAdapterOptions}; {@link #build()} validates. */
  public static final class Builder {
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;

    private Builder() {}

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    public Builder heartbeatInterval(Duration value) {
      this.heartbeatInterval = value;
      return this;
    }

    public Builder heartbeatTimeout(Duration value) {
      this.heartbeatTimeout = value;
      return this;
    }

    public ClusterAdapterOptions build() {
      positive(requestTimeout, "requestTimeout");
      positive(heartbeatInterval, "heartbeatInterval");
      positive(heartbeatTimeout, "heartbeatTimeout");
      if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
        throw new IllegalArgumentException("heartbeatTimeout must be longer than heartbeatInterval");
      }
      return new ClusterAdapterOptions(this);
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
    return "ClusterAdapterOptions[requestTimeout=" + requestTimeout + ", heartbeatInterval=" + heartbeatInterval
        + ", heartbeatTimeout=" + heartbeatTimeout + "]";
  }
}
