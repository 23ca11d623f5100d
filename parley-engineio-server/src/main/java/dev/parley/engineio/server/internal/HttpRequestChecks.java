package dev.parley.engineio.server.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/**
 * Request shapes that let a front proxy and this server disagree on where a request ends (request smuggling).
 * Netty's decoder already refuses malformed chunk sizes and header syntax; these are the well-formed but ambiguous
 * cases, refused with 400 and a closed connection.
 */
final class HttpRequestChecks {
  private HttpRequestChecks() {}

  static boolean isSafe(HttpRequest request) {
    HttpHeaders headers = request.headers();
    List<String> transferEncodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!transferEncodings.isEmpty()) {
      if (transferEncodings.size() != 1 || !"chunked".equalsIgnoreCase(transferEncodings.get(0).trim())) {
        return false;
      }
      if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        return false;
      }
    }
    return headers.getAll(HttpHeaderNames.CONTENT_LENGTH).size() <= 1;
  }
}
