package dev.parley.socketio.server;

import dev.parley.engineio.server.AllowRequest;
import dev.parley.engineio.server.CorsOptions;
import dev.parley.engineio.server.EngineOptions;
import dev.parley.engineio.server.Limits;
import dev.parley.engineio.server.TransportName;
import dev.parley.engineio.server.netty.HttpServerLimits;
import dev.parley.socketio.adapter.AdapterFactory;
import dev.parley.socketio.adapter.SessionAwareAdapter;
import dev.parley.socketio.codec.CodecLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Immutable Socket.IO server options, with the reference server's defaults; build them with {@link #builder()}.
 *
 * <p>Every bound on what a client may make the server hold or do — sizes, attachments, JSON depth, per-address caps,
 * event rates, outbound queues, HTTP read timeouts — is one {@link Limits} value ({@link #limits()}), from which the
 * engine's, the decoder's ({@link #codecLimits()}) and the HTTP layer's ({@link #httpLimits()}) are derived. The
 * older setters ({@link Builder#maxHttpBufferSize}, {@link Builder#maxAttachments}, {@link Builder#httpLimits}, …)
 * change that value.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder()
 *     .port(3000)
 *     .pingInterval(Duration.ofSeconds(25))
 *     .cors(CorsOptions.anyOrigin())
 *     .handlerExecutor(Executors.newVirtualThreadPerTaskExecutor())   // JDK 21+
 *     .build();
 * }</pre>
 */
public final class ServerOptions {
  public static final String DEFAULT_PATH = "/socket.io/";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(45);
  public static final int DEFAULT_PORT = 3000;

  private final EngineOptions engine;
  private final Duration connectTimeout;
  private final boolean serveClient;
  private final AdapterFactory adapter;
  private final CodecLimits codecLimits;
  private final RecoveryOptions recovery;
  private final Executor handlerExecutor;
  private final String host;
  private final int port;
  private final int ioThreads;
  private final boolean cleanupEmptyChildNamespaces;

  private ServerOptions(Builder b, EngineOptions engine) {
    this.engine = engine;
    this.connectTimeout = b.connectTimeout;
    this.serveClient = b.serveClient;
    // with recovery on, the default adapter must remember broadcasts and sessions, as the reference's does
    this.adapter = b.recovery != null && b.adapter == AdapterFactory.IN_MEMORY
        ? ctx -> new SessionAwareAdapter(ctx, b.recovery.maxDisconnectionDuration(), b.recovery.maxStoredPackets(),
            b.recovery.maxPersistedSessions(), java.time.Clock.systemUTC())
        : b.adapter;
    Limits limits = engine.limits();
    // the sum of one packet's attachments is bounded by the same size as a message
    this.codecLimits = new CodecLimits(limits.maxAttachments(), limits.maxHttpBufferSize(), limits.maxJsonDepth(),
        limits.maxNumberLength());
    this.recovery = b.recovery;
    this.handlerExecutor = b.handlerExecutor;
    this.host = b.host;
    this.port = b.port;
    this.ioThreads = b.ioThreads;
    this.cleanupEmptyChildNamespaces = b.cleanupEmptyChildNamespaces;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The Engine.IO options (path, heartbeat, limits, CORS, transports). */
  public EngineOptions engine() {
    return engine;
  }

  /** How long a connection may stay without joining any namespace before it is closed. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Whether {@code <path>socket.io.js} and the other client bundles are served. */
  public boolean serveClient() {
    return serveClient;
  }

  public AdapterFactory adapter() {
    return adapter;
  }

  /** Every bound on what one client may make the server hold or do; the other limits are derived from it. */
  public Limits limits() {
    return engine.limits();
  }

  /** The decoder's limits: attachments per packet, their total size (the buffer size), JSON depth. */
  public CodecLimits codecLimits() {
    return codecLimits;
  }

  /** Connection state recovery, or {@code null} when off (the default). */
  public RecoveryOptions recovery() {
    return recovery;
  }

  /** Where handlers run; {@code null} runs them on the connection's event loop. */
  public Executor handlerExecutor() {
    return handlerExecutor;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public int ioThreads() {
    return ioThreads;
  }

  /** The HTTP part of {@link #limits()}. */
  public HttpServerLimits httpLimits() {
    return HttpServerLimits.of(engine.limits());
  }

  /** Whether a dynamic namespace is removed once its last socket leaves. */
  public boolean cleanupEmptyChildNamespaces() {
    return cleanupEmptyChildNamespaces;
  }

  /** Builds {@link ServerOptions}; {@link #build()} validates every value. */
  public static final class Builder {
    private final EngineOptions.Builder engine = EngineOptions.builder().path(DEFAULT_PATH);
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private boolean serveClient = true;
    private AdapterFactory adapter = AdapterFactory.IN_MEMORY;
    private RecoveryOptions recovery;
    private Executor handlerExecutor;
    private String host = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private int ioThreads = Runtime.getRuntime().availableProcessors();
    private boolean cleanupEmptyChildNamespaces;

    private Builder() {}

    /** The request path; default {@code /socket.io/}. */
    public Builder path(String path) {
      engine.path(path);
      return this;
    }

    public Builder pingInterval(Duration pingInterval) {
      engine.pingInterval(pingInterval);
      return this;
    }

    public Builder pingTimeout(Duration pingTimeout) {
      engine.pingTimeout(pingTimeout);
      return this;
    }

    public Builder upgradeTimeout(Duration upgradeTimeout) {
      engine.upgradeTimeout(upgradeTimeout);
      return this;
    }

    /** Replaces every limit (default {@link Limits#DEFAULTS}). */
    public Builder limits(Limits limits) {
      engine.limits(limits);
      return this;
    }

    /** Changes some limits, keeping the others. */
    public Builder limits(Consumer<Limits.Builder> change) {
      engine.limits(change);
      return this;
    }

    /** The largest message, polling body and attachment total accepted; default 1 MB ({@link Limits}). */
    public Builder maxHttpBufferSize(int bytes) {
      engine.maxHttpBufferSize(bytes);
      return this;
    }

    public Builder transports(Set<TransportName> transports) {
      engine.transports(transports);
      return this;
    }

    public Builder cors(CorsOptions cors) {
      engine.cors(cors);
      return this;
    }

    /** Origins a WebSocket may come from (exact match); empty allows any. */
    public Builder allowedOrigins(List<String> origins) {
      engine.allowedOrigins(origins);
      return this;
    }

    public Builder allowRequest(AllowRequest allowRequest) {
      engine.allowRequest(allowRequest);
      return this;
    }

    /** Any other Engine.IO option. */
    public Builder engine(Consumer<EngineOptions.Builder> customizer) {
      customizer.accept(engine);
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder serveClient(boolean serveClient) {
      this.serveClient = serveClient;
      return this;
    }

    public Builder adapter(AdapterFactory adapter) {
      this.adapter = adapter;
      return this;
    }

    /** {@link Limits.Builder#maxAttachments}. */
    public Builder maxAttachments(int maxAttachments) {
      engine.limits(l -> l.maxAttachments(maxAttachments));
      return this;
    }

    /** {@link Limits.Builder#maxJsonDepth}. */
    public Builder maxJsonDepth(int maxJsonDepth) {
      engine.limits(l -> l.maxJsonDepth(maxJsonDepth));
      return this;
    }

    /** Turns connection state recovery on ({@code null}: off). */
    public Builder connectionStateRecovery(RecoveryOptions recovery) {
      this.recovery = recovery;
      return this;
    }

    /** Runs handlers on this executor (one at a time per socket) instead of the event loop. */
    public Builder handlerExecutor(Executor executor) {
      this.handlerExecutor = executor;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port {@link SocketIoServer#start()} listens on; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder ioThreads(int ioThreads) {
      this.ioThreads = ioThreads;
      return this;
    }

    /** Replaces the HTTP part of the {@link Limits}. */
    public Builder httpLimits(HttpServerLimits limits) {
      Objects.requireNonNull(limits, "httpLimits");
      engine.limits(l -> l.maxInitialLineLength(limits.maxInitialLineLength()).maxHeaderSize(limits.maxHeaderSize())
          .headerTimeout(limits.headerTimeout()).bodyTimeout(limits.bodyTimeout()));
      return this;
    }

    public Builder cleanupEmptyChildNamespaces(boolean cleanup) {
      this.cleanupEmptyChildNamespaces = cleanup;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid option
     */
    public ServerOptions build() {
      EngineOptions engineOptions = engine.build();
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive");
      }
      Objects.requireNonNull(adapter, "adapter");
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      if (ioThreads < 1) {
        throw new IllegalArgumentException("ioThreads must be positive");
      }
      return new ServerOptions(this, engineOptions);
    }
  }
}
