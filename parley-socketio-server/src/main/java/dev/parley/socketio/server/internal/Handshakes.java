package dev.parley.socketio.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.engineio.server.HandshakeRequest;
import dev.parley.socketio.server.Handshake;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds {@link Handshake}s, and converts them to and from the reference's JSON shape (for cluster messages). */
public final class Handshakes {
  /** JavaScript's {@code Date.prototype.toString()} in UTC, the reference's {@code handshake.time}. */
  private static final DateTimeFormatter JS_DATE = DateTimeFormatter
      .ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private Handshakes() {}

  static Handshake of(HandshakeRequest request, JsonNode auth) {
    Map<String, String> headers = new LinkedHashMap<>();
    // a header sent once keeps the request's own string: every socket holds its handshake for its whole life
    request.headers().forEach((name, values) ->
        headers.put(name, values.size() == 1 ? values.get(0) : String.join(", ", values)));
    Map<String, String> query = new LinkedHashMap<>();
    request.query().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
    InetSocketAddress remote = request.remoteAddress();
    String address = remote == null ? "" : remote.getAddress() == null ? remote.getHostString()
        : remote.getAddress().getHostAddress();
    return new Handshake(headers, request.time(), address, request.header("origin") != null, request.secure(),
        request.uri(), query, auth == null ? JsonNodeFactory.instance.objectNode() : auth);
  }

  /** The reference's JSON form of a handshake. */
  public static ObjectNode toJson(Handshake h) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    ObjectNode headers = node.putObject("headers");
    h.headers().forEach(headers::put);
    node.put("time", JS_DATE.format(h.time()));
    node.put("address", h.address());
    node.put("xdomain", h.xdomain());
    node.put("secure", h.secure());
    node.put("issued", h.issued());
    node.put("url", h.url());
    ObjectNode query = node.putObject("query");
    h.query().forEach(query::put);
    node.set("auth", h.auth());
    return node;
  }

  /** Reads the reference's JSON form back, leniently: what is missing gets a neutral value. */
  public static Handshake fromJson(JsonNode node) {
    Map<String, String> headers = new LinkedHashMap<>();
    node.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    Map<String, String> query = new LinkedHashMap<>();
    node.path("query").fields().forEachRemaining(e -> query.put(e.getKey(), e.getValue().asText()));
    JsonNode auth = node.path("auth").isObject() ? node.get("auth") : JsonNodeFactory.instance.objectNode();
    return new Handshake(headers, Instant.ofEpochMilli(node.path("issued").asLong(0)),
        node.path("address").asText(""), node.path("xdomain").asBoolean(false), node.path("secure").asBoolean(false),
        node.path("url").asText(""), query, auth);
  }
}
