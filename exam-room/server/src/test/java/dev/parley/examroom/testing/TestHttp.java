package dev.parley.examroom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP/1.1 for tests that look at bytes and headers (uploads, downloads): requests with a Bearer token, replies. */
public final class TestHttp {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * A reply.
   *
   * @param status the HTTP status
   * @param body its bytes
   * @param headers its headers
   */
  public record Reply(int status, byte[] body, HttpHeaders headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** A request to {@code url}, with {@code Authorization: Bearer <token>} unless the token is {@code null}. */
  public HttpRequest.Builder request(String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  /**
   * Writes {@code head} then {@code body} on a raw connection to {@code port} and returns everything the server sent
   * until it closed or went quiet for two seconds (for requests an HTTP client will not send: lying lengths, chunked
   * bodies of a chosen shape).
   */
  public static String raw(int port, String head, byte[] body) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before reading everything: what it sent is still readable
      }
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          received.write(buffer, 0, n);
        }
      } catch (IOException e) {
        // a read timeout or a reset ends the answer
      }
      return received.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What an endless chunked body got: the server's answer, and how many body bytes were written before the server
   * stopped taking them (or {@code cap}, when it never did).
   *
   * @param answer everything the server sent
   * @param sent body bytes written
   */
  public record Endless(String answer, long sent) {}

  /**
   * Writes {@code head} (a chunked request) then {@code first} and random chunks, never the last one, until the
   * server answers and closes or {@code cap} bytes went out. The answer is read while writing, so a reset that
   * follows the server's answer does not hide it.
   */
  public static Endless endlessChunked(int port, String head, byte[] first, long cap) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> {
        byte[] buffer = new byte[8192];
        try {
          InputStream in = socket.getInputStream();
          for (int n; (n = in.read(buffer)) > 0; ) {
            synchronized (received) {
              received.write(buffer, 0, n);
            }
          }
        } catch (IOException e) {
          // a reset after the answer ends it
        }
      }, "endless-reader");
      reader.start();
      OutputStream out = socket.getOutputStream();
      long sent = 0;
      byte[] chunk = new byte[64 * 1024];
      new java.util.Random(7).nextBytes(chunk);
      try {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] data = first; sent < cap && reader.isAlive(); data = chunk) {
          out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(data);
          out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
          sent += data.length;
        }
      } catch (IOException e) {
        // the server closed the connection: it stopped reading, which is the point
      }
      reader.join(30_000);
      synchronized (received) {
        return new Endless(received.toString(StandardCharsets.ISO_8859_1), sent);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Reply send(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
