package dev.parley.engineio.server;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Immutable Engine.IO server options; build them with {@link #builder()}.
 *
 * <p>Defaults are the reference server's (engine.io 6): they are the constants below, and {@link #builder()} starts
 * from them. The bounds on what a client may make the server hold (sizes, queues, per-address caps, read timeouts) are
 * one {@link Limits} value, {@link #limits()}; the size setters here are shortcuts into it, kept for compatibility.
 *
 * <pre>{@code
 * EngineOptions options = EngineOptions.builder()
 *     .path("/socket.io/")
 *     .pingInterval(Duration.ofSeconds(25))
 *     .build();
 * }</pre>
 */
public final class EngineOptions {
  public static final String DEFAULT_PATH = "/engine.io/";
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);
  public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofSeconds(10);
  /** The reference's {@code maxHttpBufferSize}: 1e6 bytes, announced as {@code maxPayload}; see {@link Limits}. */
  public static final int DEFAULT_MAX_HTTP_BUFFER_SIZE = Limits.DEFAULT_MAX_HTTP_BUFFER_SIZE;
  public static final int DEFAULT_HTTP_COMPRESSION_THRESHOLD = 1024;
  public static final int DEFAULT_MAX_PACKETS_PER_PAYLOAD = Limits.DEFAULT_MAX_PACKETS_PER_PAYLOAD;
  public static final long DEFAULT_OUTBOUND_QUEUE_MAX_BYTES = Limits.DEFAULT_OUTBOUND_QUEUE_MAX_BYTES;
  /** How long a polling session waits for a GET to deliver its close packet (the reference's closeTimeout). */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final String path;
  private final Duration pingInterval;
  private final Duration pingTimeout;
  private final Duration upgradeTimeout;
  private final Duration closeTimeout;
  private final Limits limits;
  private final Set<TransportName> transports;
  private final boolean allowUpgrades;
  private final AllowRequest allowRequest;
  private final CorsOptions cors;
  private final List<String> allowedOrigins;
  private final boolean allowMissingOrigin;
  private final boolean perMessageDeflate;
  private final boolean httpCompression;
  private final int httpCompressionThreshold;

  private EngineOptions(Builder b, Limits limits) {
    this.path = b.path;
    this.pingInterval = b.pingInterval;
    this.pingTimeout = b.pingTimeout;
    this.upgradeTimeout = b.upgradeTimeout;
    this.closeTimeout = b.closeTimeout;
    this.limits = limits;
    this.transports = Set.copyOf(b.transports);
    this.allowUpgrades = b.allowUpgrades;
    this.allowRequest = b.allowRequest;
    this.cors = b.cors;
    this.allowedOrigins = List.copyOf(b.allowedOrigins);
    this.allowMissingOrigin = b.allowMissingOrigin;
    this.perMessageDeflate = b.perMessageDeflate;
    this.httpCompression = b.httpCompression;
    this.httpCompressionThreshold = b.httpCompressionThreshold;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive new ones. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The request path the server answers, always with a leading and a trailing slash. */
  public String path() {
    return path;
  }

  public Duration pingInterval() {
    return pingInterval;
  }

  public Duration pingTimeout() {
    return pingTimeout;
  }

  /** How long an upgrade may take from the WebSocket handshake to the {@code 5} packet. */
  public Duration upgradeTimeout() {
    return upgradeTimeout;
  }

  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** Every bound on what one client may make the server hold or do. */
  public Limits limits() {
    return limits;
  }

  /** The largest polling body and WebSocket message accepted, in bytes; announced as {@code maxPayload}. */
  public int maxHttpBufferSize() {
    return limits.maxHttpBufferSize();
  }

  /** {@link Limits#maxPacketsPerPayload()}. */
  public int maxPacketsPerPayload() {
    return limits.maxPacketsPerPayload();
  }

  /** The most bytes queued for one client before it is closed as a slow consumer ({@link Limits}). */
  public long outboundQueueMaxBytes() {
    return limits.outboundQueueMaxBytes();
  }

  public Set<TransportName> transports() {
    return transports;
  }

  public boolean allowUpgrades() {
    return allowUpgrades;
  }

  public AllowRequest allowRequest() {
    return allowRequest;
  }

  public CorsOptions cors() {
    return cors;
  }

  /** Origins a WebSocket upgrade may come from (exact match); empty allows any origin. */
  public List<String> allowedOrigins() {
    return allowedOrigins;
  }

  /** Whether a WebSocket upgrade without an {@code Origin} header (a non-browser client) is accepted. */
  public boolean allowMissingOrigin() {
    return allowMissingOrigin;
  }

  public boolean perMessageDeflate() {
    return perMessageDeflate;
  }

  public boolean httpCompression() {
    return httpCompression;
  }

  public int httpCompressionThreshold() {
    return httpCompressionThreshold;
  }

  /** Builds {@link EngineOptions}; {@link #build()} validates every value. */
  public static final class Builder {
    private String path = DEFAULT_PATH;
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
    private Duration upgradeTimeout = DEFAULT_UPGRADE_TIMEOUT;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private Limits.Builder limits = Limits.builder();
    private Set<TransportName> transports = EnumSet.allOf(TransportName.class);
    private boolean allowUpgrades = true;
    private AllowRequest allowRequest = AllowRequest.ALLOW_ALL;
    private CorsOptions cors = CorsOptions.DISABLED;
    private List<String> allowedOrigins = List.of();
    private boolean allowMissingOrigin = true;
    private boolean perMessageDeflate;
    private boolean httpCompression = true;
    private int httpCompressionThreshold = DEFAULT_HTTP_COMPRESSION_THRESHOLD;

    private Builder() {}

    private Builder(EngineOptions o) {
      path = o.path;
      pingInterval = o.pingInterval;
      pingTimeout = o.pingTimeout;
      upgradeTimeout = o.upgradeTimeout;
      closeTimeout = o.closeTimeout;
      limits = o.limits.toBuilder();
      transports = EnumSet.copyOf(o.transports);
      allowUpgrades = o.allowUpgrades;
      allowRequest = o.allowRequest;
      cors = o.cors;
      allowedOrigins = o.allowedOrigins;
      allowMissingOrigin = o.allowMissingOrigin;
      perMessageDeflate = o.perMessageDeflate;
      httpCompression = o.httpCompression;
      httpCompressionThreshold = o.httpCompressionThreshold;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder pingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
      return this;
    }

    public Builder pingTimeout(Duration pingTimeout) {
      this.pingTimeout = pingTimeout;
      return this;
    }

    public Builder upgradeTimeout(Duration upgradeTimeout) {
      this.upgradeTimeout = upgradeTimeout;
      return this;
    }

    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** Replaces every limit. */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits").toBuilder();
      return this;
    }

    /** Changes some limits, keeping the others. */
    public Builder limits(Consumer<Limits.Builder> change) {
      change.accept(limits);
      return this;
    }

    /** {@link Limits.Builder#maxHttpBufferSize}. */
    public Builder maxHttpBufferSize(int bytes) {
      limits.maxHttpBufferSize(bytes);
      return this;
    }

    /** {@link Limits.Builder#maxPacketsPerPayload}. */
    public Builder maxPacketsPerPayload(int packets) {
      limits.maxPacketsPerPayload(packets);
      return this;
    }

    /** {@link Limits.Builder#outboundQueueMaxBytes}. */
    public Builder outboundQueueMaxBytes(long bytes) {
      limits.outboundQueueMaxBytes(bytes);
      return this;
    }

    public Builder transports(Set<TransportName> transports) {
      this.transports = transports.isEmpty() ? EnumSet.noneOf(TransportName.class) : EnumSet.copyOf(transports);
      return this;
    }

    public Builder allowUpgrades(boolean allowUpgrades) {
      this.allowUpgrades = allowUpgrades;
      return this;
    }

    public Builder allowRequest(AllowRequest allowRequest) {
      this.allowRequest = allowRequest;
      return this;
    }

    public Builder cors(CorsOptions cors) {
      this.cors = cors;
      return this;
    }

    public Builder allowedOrigins(List<String> origins) {
      this.allowedOrigins = origins;
      return this;
    }

    public Builder allowMissingOrigin(boolean allow) {
      this.allowMissingOrigin = allow;
      return this;
    }

    public Builder perMessageDeflate(boolean enabled) {
      this.perMessageDeflate = enabled;
      return this;
    }

    public Builder httpCompression(boolean enabled) {
      this.httpCompression = enabled;
      return this;
    }

    public Builder httpCompressionThreshold(int bytes) {
      this.httpCompressionThreshold = bytes;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid option
     */
    public EngineOptions build() {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/': " + path);
      }
      if (!path.endsWith("/")) {
        path = path + "/";
      }
      requirePositive("pingInterval", pingInterval);
      requirePositive("pingTimeout", pingTimeout);
      requirePositive("upgradeTimeout", upgradeTimeout);
      requirePositive("closeTimeout", closeTimeout);
      Limits validLimits = limits.build();
      if (transports.isEmpty()) {
        throw new IllegalArgumentException("at least one transport is required");
      }
      if (httpCompressionThreshold < 0) {
        throw new IllegalArgumentException("httpCompressionThreshold must not be negative");
      }
      Objects.requireNonNull(allowRequest, "allowRequest");
      Objects.requireNonNull(cors, "cors");
      Objects.requireNonNull(allowedOrigins, "allowedOrigins");
      return new EngineOptions(this, validLimits);
    }

    private static void requirePositive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
    }
  }
}
