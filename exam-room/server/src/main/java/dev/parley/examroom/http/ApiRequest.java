package dev.parley.examroom.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.service.ApiException;
import dev.parley.examroom.service.Json;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A complete API request: method, path parameters, query, headers, body, and (once authenticated) the caller.
 */
public final class ApiRequest {
  private final String method;
  private final QueryStringDecoder uri;
  private final HttpHeaders headers;
  private final byte[] body;
  private final Map<String, String> pathParams;
  private final Supplier<Principal> principal;

  ApiRequest(String method, QueryStringDecoder uri, HttpHeaders headers, byte[] body, Map<String, String> pathParams,
      Supplier<Principal> principal) {
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
    this.pathParams = Map.copyOf(pathParams);
    this.principal = principal;
  }

  public String method() {
    return method;
  }

  public String path() {
    return uri.path();
  }

  public String param(String name) {
    return pathParams.get(name);
  }

  public String query(String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String header(String name) {
    return headers.get(name);
  }

  public HttpHeaders headers() {
    return headers;
  }

  public byte[] body() {
    return body;
  }

  /** The JSON body, an object; an empty body is {@code {}}. */
  public JsonNode json() {
    if (body.length == 0) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiException.invalid("the body must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw ApiException.invalid("the body is not valid JSON");
    }
  }

  /** A cookie's value, or {@code null}. */
  public String cookie(String name) {
    String header = headers.get("Cookie");
    if (header == null) {
      return null;
    }
    for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(header)) {
      if (c.name().equals(name)) {
        return c.value();
      }
    }
    return null;
  }

  /** The authenticated caller; throws {@code unauthorized} without a valid Bearer token. */
  public Principal principal() {
    return principal.get();
  }
}
