package dev.parley.socketio.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The details of the connection that made a socket, as the reference's {@code socket.handshake}.
 *
 * @param headers the request headers, lower-case names; repeated headers joined with ", "
 * @param time when the connection was made
 * @param address the client's IP address
 * @param xdomain whether the request carried an Origin header (a cross-origin browser request)
 * @param secure whether the connection used TLS
 * @param url the request URL (path and query)
 * @param query the query parameters (first value of each)
 * @param auth the CONNECT packet's {@code auth} payload, an object ({@code {}} when none was sent)
 */
public record Handshake(Map<String, String> headers, Instant time, String address, boolean xdomain, boolean secure,
    String url, Map<String, String> query, JsonNode auth) {

  public Handshake {
    headers = Map.copyOf(headers);
    Objects.requireNonNull(time, "time");
    query = Map.copyOf(query);
    Objects.requireNonNull(auth, "auth");
  }

  /** The epoch milliseconds of {@link #time()}, the reference's {@code issued}. */
  public long issued() {
    return time.toEpochMilli();
  }

  /** A header's value, or {@code null}. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
