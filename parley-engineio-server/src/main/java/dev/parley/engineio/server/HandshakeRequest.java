package dev.parley.engineio.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A read-only copy of the HTTP request that opened (or is about to open) a session.
 *
 * @param method the HTTP method
 * @param uri the request URI, path and query
 * @param query the query parameters, in order of appearance
 * @param headers the headers, keyed by lower-case name
 * @param remoteAddress the peer's address
 * @param secure whether the connection uses TLS
 * @param time when the request arrived
 */
public record HandshakeRequest(String method, String uri, Map<String, List<String>> query,
    Map<String, List<String>> headers, InetSocketAddress remoteAddress, boolean secure, Instant time) {

  public HandshakeRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    Objects.requireNonNull(time, "time");
  }

  /** The first value of a query parameter, or {@code null}. */
  public String queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first value of a header (any case), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
