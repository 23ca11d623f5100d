package dev.parley.examroom.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Routes {@code METHOD /path/{param}} to handlers. Each route states the largest body it accepts, so the HTTP
 * handler can refuse an oversized upload (413) before reading it.
 */
public final class Router {

  /** A route's code. */
  @FunctionalInterface
  public interface Handler {
    CompletableFuture<ApiResponse> handle(ApiRequest request) throws Exception;
  }

  /** An upload route's code: it receives the request before its body, and answers with the sink for the body. */
  @FunctionalInterface
  public interface UploadHandler {
    /** Called once the headers are in; throwing refuses the upload before any of its body is read. */
    BodySink open(ApiRequest request) throws Exception;
  }

  /**
   * A route.
   *
   * @param method the HTTP method
   * @param segments the path, split on {@code /}; {@code {name}} segments match anything
   * @param maxBody the largest body accepted, in bytes
   * @param handler the code (of a route whose body is gathered in memory)
   * @param upload the code of a route whose body is streamed to a {@link BodySink}, else {@code null}
   */
  public record Route(String method, String[] segments, long maxBody, Handler handler, UploadHandler upload) {}

  /** A route matched with its path parameters. */
  public record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  public Router add(String method, String path, long maxBody, Handler handler) {
    routes.add(new Route(method, path.substring(1).split("/"), maxBody, handler, null));
    return this;
  }

  /** A route whose body (up to {@code maxBody} bytes, 413 past it) is streamed to the sink {@code upload} opens. */
  public Router upload(String method, String path, long maxBody, UploadHandler upload) {
    routes.add(new Route(method, path.substring(1).split("/"), maxBody, null, upload));
    return this;
  }

  public Router get(String path, Handler handler) {
    return add("GET", path, 0, handler);
  }

  public Router post(String path, Handler handler) {
    return add("POST", path, 64 * 1024, handler);
  }

  /** The route for a request, or {@code null}; {@code methodMismatch[0]} tells a known path with another method. */
  public Match match(String method, String path, boolean[] methodMismatch) {
    String[] parts = path.substring(1).split("/", -1);
    for (Route route : routes) {
      Map<String, String> params = matches(route.segments(), parts);
      if (params != null) {
        if (route.method().equals(method)) {
          return new Match(route, params);
        }
        methodMismatch[0] = true;
      }
    }
    return null;
  }

  private static Map<String, String> matches(String[] pattern, String[] parts) {
    if (pattern.length != parts.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 1), parts[i]);
      } else if (!p.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }

  /** Whether a path belongs to the API (the handler takes it even when no route matches: 404 JSON). */
  public static boolean isApiPath(String path) {
    return path.startsWith("/api/") || path.equals("/upload-audio");
  }
}
