package dev.parley.engineio.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Every bound the server puts on what one client may make it hold or do, in one immutable, validated value.
 *
 * <p>It exists so that the limits that protect the server — sizes, counts, rates, read timeouts — are read, changed
 * and tested in one place instead of being spread over the HTTP layer, the engine and the Socket.IO decoder. The
 * Engine.IO server enforces the transport limits; the Socket.IO server reads the packet and event limits from the
 * same value ({@code ServerOptions.limits()}), and {@link dev.parley.engineio.server.netty.HttpServerLimits} is derived
 * from it. Defaults are the reliability catalogue's (docs/security.md, "Limits"), which for the sizes are the
 * reference server's.
 *
 * <p>A cap or rate set to {@link #OFF} is not enforced: do that for {@link #maxConnectionsPerIp()} behind a reverse
 * proxy (every client then has the proxy's address) and in load tests that run every client from one address.
 *
 * <pre>{@code
 * Limits limits = Limits.builder()
 *     .maxHttpBufferSize(2_000_000)
 *     .eventsPerSecondPerSocket(50).eventBurst(100)
 *     .build();
 * ServerOptions options = ServerOptions.builder().limits(limits).build();
 * }</pre>
 */
public final class Limits {
  /** The value that turns a cap or a rate off. */
  public static final int OFF = 0;

  public static final int DEFAULT_MAX_HTTP_BUFFER_SIZE = 1_000_000;
  public static final int DEFAULT_MAX_PACKETS_PER_PAYLOAD = 10_000;
  public static final int DEFAULT_MAX_ATTACHMENTS = 10;
  public static final int DEFAULT_MAX_JSON_DEPTH = 64;
  public static final int DEFAULT_MAX_NUMBER_LENGTH = 400;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 50;
  public static final int DEFAULT_EVENTS_PER_SECOND_PER_SOCKET = 20;
  public static final int DEFAULT_EVENT_BURST = 50;
  public static final int DEFAULT_MAX_THROTTLED_EVENTS = 50;
  public static final long DEFAULT_OUTBOUND_QUEUE_MAX_BYTES = 1_000_000;
  public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 8192;
  public static final int DEFAULT_MAX_HEADER_SIZE = 16_384;
  public static final int DEFAULT_MAX_PIPELINED_REQUESTS = 16;
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

  /** The catalogue's defaults. */
  public static final Limits DEFAULTS = builder().build();

  private final int maxHttpBufferSize;
  private final int maxPacketsPerPayload;
  private final int maxAttachments;
  private final int maxJsonDepth;
  private final int maxNumberLength;
  private final int maxConnectionsPerIp;
  private final int eventsPerSecondPerSocket;
  private final int eventBurst;
  private final int maxThrottledEvents;
  private final long outboundQueueMaxBytes;
  private final int maxInitialLineLength;
  private final int maxHeaderSize;
  private final int maxPipelinedRequests;
  private final Duration headerTimeout;
  private final Duration bodyTimeout;

  private Limits(Builder b) {
    maxHttpBufferSize = b.maxHttpBufferSize;
    maxPacketsPerPayload = b.maxPacketsPerPayload;
    maxAttachments = b.maxAttachments;
    maxJsonDepth = b.maxJsonDepth;
    maxNumberLength = b.maxNumberLength;
    maxConnectionsPerIp = b.maxConnectionsPerIp;
    eventsPerSecondPerSocket = b.eventsPerSecondPerSocket;
    eventBurst = b.eventBurst;
    maxThrottledEvents = b.maxThrottledEvents;
    outboundQueueMaxBytes = b.outboundQueueMaxBytes;
    maxInitialLineLength = b.maxInitialLineLength;
    maxHeaderSize = b.maxHeaderSize;
    maxPipelinedRequests = b.maxPipelinedRequests;
    headerTimeout = b.headerTimeout;
    bodyTimeout = b.bodyTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these limits, to derive new ones. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The largest polling body, WebSocket message, and sum of one packet's binary attachments, in bytes; announced to
   * clients as {@code maxPayload}. Past it: 413 for a polling body, close 1009 for a WebSocket message, a parse-error
   * close for attachments. Default 1,000,000 (the reference's 1e6).
   */
  public int maxHttpBufferSize() {
    return maxHttpBufferSize;
  }

  /** The most packets one polling body may carry; more is a parse error (400). Bounds a body of tiny packets. */
  public int maxPacketsPerPayload() {
    return maxPacketsPerPayload;
  }

  /** The most binary attachments one Socket.IO packet may declare; more closes the connection. Default 10. */
  public int maxAttachments() {
    return maxAttachments;
  }

  /** The deepest JSON nesting accepted in a packet, enforced while parsing. Default 64. */
  public int maxJsonDepth() {
    return maxJsonDepth;
  }

  /** The longest JSON number literal accepted, in characters, enforced while parsing. Default 400. */
  public int maxNumberLength() {
    return maxNumberLength;
  }

  /**
   * The most sessions open at once from one IP address, whatever their transport; the next handshake gets HTTP 429
   * before any upgrade, and a slot is freed when a session closes. {@link #OFF} disables the cap. Default 50.
   */
  public int maxConnectionsPerIp() {
    return maxConnectionsPerIp;
  }

  /**
   * The sustained rate of events one socket may send, per second (a token bucket refilled at this rate); an event
   * past the budget is dropped and the socket told with a {@code rate-limit} event. The same budget applies, once per
   * connection, to the CONNECT packets a client sends (a CONNECT past it is dropped, the first one answered with a
   * CONNECT_ERROR {@code "rate limited"} carrying {@code retryAfter}). {@link #OFF} disables both. Default 20.
   */
  public int eventsPerSecondPerSocket() {
    return eventsPerSecondPerSocket;
  }

  /**
   * The size of the token bucket: how many events a socket, or CONNECT packets a connection, may send at once after a
   * quiet period. Default 50.
   */
  public int eventBurst() {
    return eventBurst;
  }

  /**
   * How many events a socket (or CONNECT packets a connection) may have dropped by the rate limit without a second's
   * pause before its connection is closed as a policy violation (WebSocket close 1008). Default 50.
   */
  public int maxThrottledEvents() {
    return maxThrottledEvents;
  }

  /**
   * The most outbound bytes queued for one client (Netty's outbound buffer, or the polling buffer) before it is closed
   * as a slow consumer (WebSocket close 1008, or the polling session closed). Default 1,000,000.
   */
  public long outboundQueueMaxBytes() {
    return outboundQueueMaxBytes;
  }

  /** The longest HTTP request line accepted; longer: 400 and close. Default 8 KiB. */
  public int maxInitialLineLength() {
    return maxInitialLineLength;
  }

  /** The most HTTP header bytes accepted; more: 400 and close. Default 16 KiB. */
  public int maxHeaderSize() {
    return maxHeaderSize;
  }

  /**
   * The most pipelined HTTP requests held while an earlier one is answered (or while the client does not read its
   * answers); one more closes the connection. Default 16; Engine.IO clients never pipeline.
   */
  public int maxPipelinedRequests() {
    return maxPipelinedRequests;
  }

  /**
   * How long a connection may take to send a request's headers, from its opening or its previous answer; also the
   * idle timeout of a kept-alive connection. Default 10 s.
   */
  public Duration headerTimeout() {
    return headerTimeout;
  }

  /** How long a request may take to send its body, and a client to take an answer. Default 30 s. */
  public Duration bodyTimeout() {
    return bodyTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Limits l && maxHttpBufferSize == l.maxHttpBufferSize
        && maxPacketsPerPayload == l.maxPacketsPerPayload && maxAttachments == l.maxAttachments
        && maxJsonDepth == l.maxJsonDepth && maxNumberLength == l.maxNumberLength
        && maxConnectionsPerIp == l.maxConnectionsPerIp && eventsPerSecondPerSocket == l.eventsPerSecondPerSocket
        && eventBurst == l.eventBurst && maxThrottledEvents == l.maxThrottledEvents
        && outboundQueueMaxBytes == l.outboundQueueMaxBytes && maxInitialLineLength == l.maxInitialLineLength
        && maxHeaderSize == l.maxHeaderSize && maxPipelinedRequests == l.maxPipelinedRequests
        && headerTimeout.equals(l.headerTimeout) && bodyTimeout.equals(l.bodyTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxHttpBufferSize, maxPacketsPerPayload, maxAttachments, maxJsonDepth, maxNumberLength,
        maxConnectionsPerIp, eventsPerSecondPerSocket, eventBurst, maxThrottledEvents, outboundQueueMaxBytes,
        maxInitialLineLength, maxHeaderSize, maxPipelinedRequests, headerTimeout, bodyTimeout);
  }

  @Override
  public String toString() {
    return "Limits[maxHttpBufferSize=" + maxHttpBufferSize + ", maxPacketsPerPayload=" + maxPacketsPerPayload
        + ", maxAttachments=" + maxAttachments + ", maxJsonDepth=" + maxJsonDepth + ", maxNumberLength="
        + maxNumberLength + ", maxConnectionsPerIp=" + maxConnectionsPerIp + ", eventsPerSecondPerSocket="
        + eventsPerSecondPerSocket + ", eventBurst=" + eventBurst + ", maxThrottledEvents=" + maxThrottledEvents
        + ", outboundQueueMaxBytes=" + outboundQueueMaxBytes + ", maxInitialLineLength=" + maxInitialLineLength
        + ", maxHeaderSize=" + maxHeaderSize + ", maxPipelinedRequests=" + maxPipelinedRequests
        + ", headerTimeout=" + headerTimeout + ", bodyTimeout=" + bodyTimeout + "]";
  }

  /** Builds {@link Limits}, starting from the defaults; {@link #build()} validates every value. */
  public static final class Builder {
    private int maxHttpBufferSize = DEFAULT_MAX_HTTP_BUFFER_SIZE;
    private int maxPacketsPerPayload = DEFAULT_MAX_PACKETS_PER_PAYLOAD;
    private int maxAttachments = DEFAULT_MAX_ATTACHMENTS;
    private int maxJsonDepth = DEFAULT_MAX_JSON_DEPTH;
    private int maxNumberLength = DEFAULT_MAX_NUMBER_LENGTH;
    private int maxConnectionsPerIp = DEFAULT_MAX_CONNECTIONS_PER_IP;
    private int eventsPerSecondPerSocket = DEFAULT_EVENTS_PER_SECOND_PER_SOCKET;
    private int eventBurst = DEFAULT_EVENT_BURST;
    private int maxThrottledEvents = DEFAULT_MAX_THROTTLED_EVENTS;
    private long outboundQueueMaxBytes = DEFAULT_OUTBOUND_QUEUE_MAX_BYTES;
    private int maxInitialLineLength = DEFAULT_MAX_INITIAL_LINE_LENGTH;
    private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
    private int maxPipelinedRequests = DEFAULT_MAX_PIPELINED_REQUESTS;
    private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
    private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;

    private Builder() {}

    private Builder(Limits l) {
      maxHttpBufferSize = l.maxHttpBufferSize;
      maxPacketsPerPayload = l.maxPacketsPerPayload;
      maxAttachments = l.maxAttachments;
      maxJsonDepth = l.maxJsonDepth;
      maxNumberLength = l.maxNumberLength;
      maxConnectionsPerIp = l.maxConnectionsPerIp;
      eventsPerSecondPerSocket = l.eventsPerSecondPerSocket;
      eventBurst = l.eventBurst;
      maxThrottledEvents = l.maxThrottledEvents;
      outboundQueueMaxBytes = l.outboundQueueMaxBytes;
      maxInitialLineLength = l.maxInitialLineLength;
      maxHeaderSize = l.maxHeaderSize;
      maxPipelinedRequests = l.maxPipelinedRequests;
      headerTimeout = l.headerTimeout;
      bodyTimeout = l.bodyTimeout;
    }

    public Builder maxHttpBufferSize(int bytes) {
      this.maxHttpBufferSize = bytes;
      return this;
    }

    public Builder maxPacketsPerPayload(int packets) {
      this.maxPacketsPerPayload = packets;
      return this;
    }

    public Builder maxAttachments(int attachments) {
      this.maxAttachments = attachments;
      return this;
    }

    public Builder maxJsonDepth(int depth) {
      this.maxJsonDepth = depth;
      return this;
    }

    public Builder maxNumberLength(int characters) {
      this.maxNumberLength = characters;
      return this;
    }

    /** {@link #OFF} disables the cap. */
    public Builder maxConnectionsPerIp(int sessions) {
      this.maxConnectionsPerIp = sessions;
      return this;
    }

    /** {@link #OFF} disables the rate limit. */
    public Builder eventsPerSecondPerSocket(int events) {
      this.eventsPerSecondPerSocket = events;
      return this;
    }

    public Builder eventBurst(int events) {
      this.eventBurst = events;
      return this;
    }

    public Builder maxThrottledEvents(int events) {
      this.maxThrottledEvents = events;
      return this;
    }

    public Builder outboundQueueMaxBytes(long bytes) {
      this.outboundQueueMaxBytes = bytes;
      return this;
    }

    public Builder maxInitialLineLength(int bytes) {
      this.maxInitialLineLength = bytes;
      return this;
    }

    public Builder maxHeaderSize(int bytes) {
      this.maxHeaderSize = bytes;
      return this;
    }

    public Builder maxPipelinedRequests(int requests) {
      this.maxPipelinedRequests = requests;
      return this;
    }

    public Builder headerTimeout(Duration timeout) {
      this.headerTimeout = timeout;
      return this;
    }

    public Builder bodyTimeout(Duration timeout) {
      this.bodyTimeout = timeout;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid limit
     */
    public Limits build() {
      atLeast("maxHttpBufferSize", maxHttpBufferSize, 1);
      atLeast("maxPacketsPerPayload", maxPacketsPerPayload, 1);
      atLeast("maxAttachments", maxAttachments, 0);
      atLeast("maxJsonDepth", maxJsonDepth, 2);
      atLeast("maxNumberLength", maxNumberLength, 1);
      atLeast("maxConnectionsPerIp", maxConnectionsPerIp, OFF);
      atLeast("eventsPerSecondPerSocket", eventsPerSecondPerSocket, OFF);
      atLeast("eventBurst", eventBurst, 1);
      atLeast("maxThrottledEvents", maxThrottledEvents, 1);
      if (outboundQueueMaxBytes < 1) {
        throw new IllegalArgumentException("outboundQueueMaxBytes must be positive");
      }
      atLeast("maxInitialLineLength", maxInitialLineLength, 64);
      atLeast("maxHeaderSize", maxHeaderSize, 256);
      atLeast("maxPipelinedRequests", maxPipelinedRequests, 1);
      requirePositive("headerTimeout", headerTimeout);
      requirePositive("bodyTimeout", bodyTimeout);
      return new Limits(this);
    }

    private static void atLeast(String name, long value, long min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
      }
    }

    private static void requirePositive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
    }
  }
}
