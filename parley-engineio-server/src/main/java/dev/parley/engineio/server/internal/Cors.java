package dev.parley.engineio.server.internal;

import dev.parley.engineio.server.CorsOptions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/** Applies {@link CorsOptions} to polling answers and preflight requests. */
final class Cors {
  private Cors() {}

  /** Adds the CORS headers for a request from {@code origin}; nothing when CORS is off or the origin not allowed. */
  static void apply(CorsOptions cors, String origin, HttpHeaders headers) {
    if (!cors.enabled()) {
      return;
    }
    String allowed = cors.allowOriginFor(origin);
    if (allowed == null) {
      return;
    }
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
    if (!"*".equals(allowed)) {
      headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
    if (cors.credentials()) {
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
  }

  /** Adds the preflight headers. */
  static void applyPreflight(CorsOptions cors, String origin, HttpHeaders headers) {
    apply(cors, origin, headers);
    if (!headers.contains(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)) {
      return;
    }
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET,POST");
    String allowHeaders =
        cors.allowedHeaders().isEmpty() ? "content-type" : String.join(",", cors.allowedHeaders());
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, allowHeaders);
    headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, cors.maxAge().toSeconds());
  }
}
