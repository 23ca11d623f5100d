package dev.parley.examroom.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exam room's configuration, typed and validated once at start. Every key, its default and its environment
 * variable are documented in {@code docs/operations.md}; {@link #DEFAULTS} is the embedded default set-up (SQLite and
 * recordings under {@code ./data}, demo accounts on).
 *
 * @param httpHost address to bind
 * @param httpPort port of the web UI, the REST API and Socket.IO
 * @param dataDir where the embedded database, recordings and the generated JWT secret live
 * @param dbUrl JDBC URL: {@code jdbc:sqlite:...} (default) or {@code jdbc:postgresql://...}
 * @param dbUser database user (PostgreSQL)
 * @param dbPassword database password (PostgreSQL)
 * @param dbPoolSize connection pool size
 * @param dbConnectionTimeout how long a request waits for a connection before it fails with {@code unavailable}
 * @param recordingsDir where audio is stored (server-generated names only)
 * @param maxRecordingBytes the largest recording
 * @param maxChunkBytes the largest uploaded chunk (and seed 002 upload)
 * @param jwtSecret the HMAC secret of access tokens; generated into the data directory when unset
 * @param accessTokenTtl lifetime of access tokens
 * @param refreshTokenTtl lifetime of refresh tokens
 * @param secureCookies whether the refresh cookie is {@code Secure} (turn on behind HTTPS)
 * @param demo whether to create the demo accounts and show them on the login page
 * @param part1 length of Part 1
 * @param part2Prep length of the Part 2 preparation
 * @param part2Talk length of the Part 2 talk
 * @param part3 length of Part 3
 * @param waitingLead how long before the scheduled start a session turns Waiting
 * @param disconnectGrace how long a candidate may stay disconnected before the examiner is warned
 * @param adjustableClock testing only: lets an admin move the server clock ({@code POST /api/testing/clock})
 * @param corsOrigins origins allowed to use the API and polling from another origin (exact match)
 * @param redisUrl Redis for a multi-node deployment, or {@code null} for one node
 * @param chat the chat settings
 * @param pingInterval the Socket.IO heartbeat interval (shorter than the reference's, so a dead tab is noticed
 *     within the presence timeout)
 * @param pingTimeout the Socket.IO heartbeat timeout
 * @param cluster how several nodes share Socket.IO
 * @param socketLimits the Socket.IO server's per-address and per-socket limits
 */
public record AppConfig(String httpHost, int httpPort, Path dataDir, String dbUrl, String dbUser, String dbPassword,
    int dbPoolSize, Duration dbConnectionTimeout, Path recordingsDir, long maxRecordingBytes, long maxChunkBytes,
    String jwtSecret, Duration accessTokenTtl, Duration refreshTokenTtl, boolean secureCookies, boolean demo,
    Duration part1, Duration part2Prep, Duration part2Talk, Duration part3, Duration waitingLead,
    Duration disconnectGrace, boolean adjustableClock, List<String> corsOrigins, String redisUrl, Chat chat,
    Duration pingInterval, Duration pingTimeout, Cluster cluster, SocketLimits socketLimits) {

  /**
   * The Socket.IO server's per-client limits (the other limits are the library's defaults, docs/security.md).
   *
   * <p>The events-per-second budget is above the library's default of 20 because a chat client answers every message
   * it receives with a {@code receipt}: in a busy room that alone can pass 20 per second, and the library would drop
   * them and then close the connection. Chat messages have their own, stricter, per-user bucket
   * ({@link Chat#ratePerSecond()}).
   *
   * @param maxConnectionsPerIp sessions at once from one address; 0 turns the cap off (do that behind a reverse proxy,
   *     where every client has the proxy's address)
   * @param eventsPerSecond events one socket may send per second, sustained; 0 turns the limit off
   * @param eventBurst events one socket may send at once
   */
  public record SocketLimits(int maxConnectionsPerIp, int eventsPerSecond, int eventBurst) {}

  /**
   * Several nodes of one exam room.
   *
   * @param mode the Socket.IO adapter: {@code memory} (one node), {@code redis} or {@code redis-streams}
   * @param key the prefix of the Redis channels, stream and session keys; the same on every node
   */
  public record Cluster(ClusterMode mode, String key) {
    public boolean isClustered() {
      return mode != ClusterMode.MEMORY;
    }
  }

  /**
   * Chat limits and timings.
   *
   * @param maxMessageLength the longest message, in characters
   * @param editWindow how long after sending a message may be edited or deleted by its author
   * @param ratePerSecond messages a user may send per second, sustained (token bucket refill)
   * @param rateBurst messages a user may send in a burst (token bucket capacity)
   * @param presenceOfflineGrace how long after a user's last socket is gone they show offline
   * @param typingThrottle at most one "typing" event per user and room in this interval
   * @param kickDuration how long a kicked user may not rejoin the room
   * @param attachmentsDir where chat attachments are stored (server-generated names only)
   * @param maxAttachmentBytes the largest chat attachment
   */
  public record Chat(int maxMessageLength, Duration editWindow, double ratePerSecond, int rateBurst,
      Duration presenceOfflineGrace, Duration typingThrottle, Duration kickDuration, Path attachmentsDir,
      long maxAttachmentBytes) {}

  /** The embedded defaults. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("http.host", "0.0.0.0");
    d.put("http.port", "8080");
    d.put("data.dir", "./data");
    d.put("db.url", "jdbc:sqlite:${data.dir}/exam-room.db");
    d.put("db.user", "");
    d.put("db.password", "");
    d.put("db.pool.size", "8");
    d.put("db.connection.timeout", "3s");
    d.put("recordings.dir", "${data.dir}/recordings");
    d.put("recordings.max.bytes", "20MB");
    d.put("recordings.max.chunk.bytes", "2MB");
    d.put("auth.jwt.secret", "");
    d.put("auth.access.token.ttl", "15m");
    d.put("auth.refresh.token.ttl", "7d");
    d.put("auth.secure.cookies", "false");
    d.put("demo.enabled", "true");
    d.put("exam.part1", "5m");
    d.put("exam.part2.prep", "60s");
    d.put("exam.part2.talk", "2m");
    d.put("exam.part3", "5m");
    d.put("exam.waiting.lead", "5m");
    d.put("exam.disconnect.grace", "2m");
    d.put("testing.adjustable.clock", "false");
    d.put("cors.origins", "");
    d.put("redis.url", "");
    d.put("cluster.adapter", "memory");
    d.put("cluster.key", "exam-room");
    d.put("chat.message.max.length", "4000");
    d.put("chat.edit.window", "10m");
    d.put("chat.rate.per.second", "2");
    d.put("chat.rate.burst", "5");
    d.put("chat.presence.offline.grace", "5s");
    d.put("chat.typing.throttle", "2s");
    d.put("chat.kick.duration", "10m");
    d.put("chat.attachments.dir", "${data.dir}/chat-attachments");
    d.put("chat.attachments.max.bytes", "10MB");
    d.put("socket.ping.interval", "10s");
    d.put("socket.ping.timeout", "5s");
    d.put("socket.max.connections.per.ip", "50");
    d.put("socket.events.per.second", "100");
    d.put("socket.event.burst", "200");
    return Map.copyOf(d);
  }

  /** Loads from defaults, the file, the environment and the flags. */
  public static AppConfig load(Map<String, String> env, String[] args) {
    return from(Settings.load(new LinkedHashMap<>(DEFAULTS), env, args));
  }

  static AppConfig from(Settings s) {
    String dbUrl = s.string("db.url", null);
    if (dbUrl == null || !(dbUrl.startsWith("jdbc:sqlite:") || dbUrl.startsWith("jdbc:postgresql:"))) {
      throw new IllegalArgumentException("db.url must be a jdbc:sqlite: or jdbc:postgresql: URL, got " + dbUrl);
    }
    String cors = s.string("cors.origins", "");
    return new AppConfig(s.string("http.host", "0.0.0.0"), s.integer("http.port", 0, 65535),
        Path.of(s.string("data.dir", "./data")), dbUrl, s.string("db.user", null), s.string("db.password", null),
        s.integer("db.pool.size", 1, 200), positive(s, "db.connection.timeout"),
        Path.of(s.string("recordings.dir", "./data/recordings")), s.size("recordings.max.bytes"),
        s.size("recordings.max.chunk.bytes"), s.string("auth.jwt.secret", null),
        positive(s, "auth.access.token.ttl"), positive(s, "auth.refresh.token.ttl"), s.bool("auth.secure.cookies"),
        s.bool("demo.enabled"), positive(s, "exam.part1"), positive(s, "exam.part2.prep"),
        positive(s, "exam.part2.talk"), positive(s, "exam.part3"), positive(s, "exam.waiting.lead"),
        positive(s, "exam.disconnect.grace"), s.bool("testing.adjustable.clock"),
        cors.isBlank() ? List.of() : Arrays.stream(cors.split(",")).map(String::trim).toList(),
        s.string("redis.url", null),
        new Chat(s.integer("chat.message.max.length", 1, 100_000), positive(s, "chat.edit.window"),
            s.integer("chat.rate.per.second", 1, 1000), s.integer("chat.rate.burst", 1, 10_000),
            positive(s, "chat.presence.offline.grace"), positive(s, "chat.typing.throttle"),
            positive(s, "chat.kick.duration"), Path.of(s.string("chat.attachments.dir", "./data/chat-attachments")),
            attachmentLimit(s)),
        positive(s, "socket.ping.interval"), positive(s, "socket.ping.timeout"), cluster(s, dbUrl),
        new SocketLimits(s.integer("socket.max.connections.per.ip", 0, 1_000_000),
            s.integer("socket.events.per.second", 0, 1_000_000), s.integer("socket.event.burst", 1, 1_000_000)));
  }

  private static Cluster cluster(Settings s, String dbUrl) {
    ClusterMode mode = ClusterMode.parse(s.string("cluster.adapter", "memory"));
    if (mode != ClusterMode.MEMORY) {
      if (s.string("redis.url", null) == null) {
        throw new IllegalArgumentException("cluster.adapter=" + mode.wireName() + " needs redis.url");
      }
      // each node's SQLite file would be a database of its own: the nodes must share one
      if (!dbUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("cluster.adapter=" + mode.wireName()
            + " needs a PostgreSQL db.url shared by every node");
      }
    }
    return new Cluster(mode, s.string("cluster.key", "exam-room"));
  }

  private static long attachmentLimit(Settings s) {
    long bytes = s.size("chat.attachments.max.bytes");
    if (bytes < 1 || bytes > 1024L * 1024 * 1024) {
      throw new IllegalArgumentException("chat.attachments.max.bytes must be between 1 byte and 1GB");
    }
    return bytes;
  }

  private static Duration positive(Settings s, String key) {
    Duration d = s.duration(key);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive");
    }
    return d;
  }

  public boolean isSqlite() {
    return dbUrl.startsWith("jdbc:sqlite:");
  }
}
