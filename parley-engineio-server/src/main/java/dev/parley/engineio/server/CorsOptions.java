package dev.parley.engineio.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Cross-origin rules for the HTTP long-polling transport (WebSocket upgrades use
 * {@link EngineOptions#allowedOrigins()} instead, since browsers do not apply CORS to them).
 *
 * <p>Origins match exactly (scheme, host and port); {@code "*"} allows any origin but only without credentials, so a
 * credentialed request is never answered with a reflected origin it was not configured for.
 *
 * @param origins the allowed origins, or {@code ["*"]}; empty disables CORS headers entirely
 * @param credentials whether to send {@code Access-Control-Allow-Credentials: true}
 * @param allowedHeaders the request headers allowed in preflight answers
 * @param maxAge how long browsers may cache a preflight answer
 */
public record CorsOptions(List<String> origins, boolean credentials, List<String> allowedHeaders, Duration maxAge) {

  /** No CORS headers at all: same-origin pages only, the reference's default. */
  public static final CorsOptions DISABLED = new CorsOptions(List.of(), false, List.of(), Duration.ZERO);

  public CorsOptions {
    origins = List.copyOf(origins);
    allowedHeaders = List.copyOf(allowedHeaders);
    Objects.requireNonNull(maxAge, "maxAge");
    if (credentials && origins.contains("*")) {
      throw new IllegalArgumentException("CORS: credentials cannot be allowed for the wildcard origin");
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("CORS: maxAge must not be negative");
    }
  }

  /** Any origin, no credentials (what the seeds' {@code cors_allowed_origins="*"} asks for). */
  public static CorsOptions anyOrigin() {
    return new CorsOptions(List.of("*"), false, List.of(), Duration.ofDays(1));
  }

  /** Exactly these origins, optionally with credentials. */
  public static CorsOptions origins(List<String> origins, boolean credentials) {
    return new CorsOptions(origins, credentials, List.of(), Duration.ofDays(1));
  }

  public boolean enabled() {
    return !origins.isEmpty();
  }

  /** The value of {@code Access-Control-Allow-Origin} for a request from {@code origin}, or {@code null}. */
  public String allowOriginFor(String origin) {
    if (origins.contains("*")) {
      return "*";
    }
    return origin != null && origins.contains(origin) ? origin : null;
  }
}
