package dev.parley.examroom.chat;

import dev.parley.examroom.testing.TestHttp;
import dev.parley.examroom.testing.TestHttp.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** HTTP for the attachment tests: sign-in, uploads (whole, or chunked on a raw socket), downloads. */
final class AttachmentHttp {
  private final TestHttp http = new TestHttp();
  private final int port;

  AttachmentHttp(int port) {
    this.port = port;
  }

  String login(String username, String password) {
    try {
      String body = TestHttp.JSON.writeValueAsString(Map.of("username", username, "password", password));
      Reply r = http.send(request("/api/auth/login", null).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build());
      return r.json().get("accessToken").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String uploadPath(String roomId, String name) {
    return "/api/chat/attachments?roomId=" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
        + (name == null ? "" : "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
  }

  /** POST of the whole file with its Content-Length. */
  Reply upload(String token, String roomId, String name, byte[] data) {
    HttpRequest.Builder b = request(uploadPath(roomId, name), token).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(data));
    return send(b.build());
  }

  /** The id of a file uploaded for a room (asserting the 201). */
  String uploaded(String token, String roomId, String name, byte[] data) {
    Reply r = upload(token, roomId, name, data);
    if (r.status() != 201) {
      throw new IllegalStateException("upload failed: " + r.status() + " " + new String(r.body(),
          StandardCharsets.UTF_8));
    }
    return r.json().get("attachment").get("id").asText();
  }

  Reply get(String path, String token, String range) {
    HttpRequest.Builder b = request(path, token).GET();
    if (range != null) {
      b.header("Range", range);
    }
    return send(b.build());
  }

  Reply head(String path, String token) {
    return send(request(path, token).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
  }

  /**
   * POSTs {@code data} with chunked transfer encoding (no length announced, so the server must stream and count) in
   * pieces of {@code piece} bytes; returns the server's answer as text.
   */
  String uploadChunked(String token, String roomId, String name, byte[] data, int piece) {
    String head = "POST " + uploadPath(roomId, name) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + token + "\r\nTransfer-Encoding: chunked\r\nContent-Type: application/octet-stream\r\n\r\n";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int at = 0; at < data.length; at += piece) {
      int n = Math.min(piece, data.length - at);
      body.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      body.write(data, at, n);
      body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return TestHttp.raw(port, head, body.toByteArray());
  }

  private HttpRequest.Builder request(String path, String token) {
    return http.request("http://127.0.0.1:" + port + path, token);
  }

  Reply send(HttpRequest request) {
    return http.send(request);
  }
}
