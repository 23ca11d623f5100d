package dev.parley.engineio.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.engineio.server.EngineOptions;
import dev.parley.engineio.server.EngineSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Starts a fresh {@link EchoServer} (pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1e6) for every test, and
 * offers the three clients the Engine.IO tests need: the JDK HTTP client (HTTP/1.1 only), a raw socket for requests
 * no client library would send, and the JDK WebSocket client.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class AbstractEchoServerTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final String RS = "\u001e";
  /** The handshake the suite expects, key for key and in this order; the sid is 20 characters of base64url. */
  static final Pattern OPEN_PACKET = Pattern.compile(
      "0\\{\"sid\":\"([A-Za-z0-9_-]{20})\",\"upgrades\":\\[(.*)],\"pingInterval\":(\\d+),\"pingTimeout\":(\\d+),"
          + "\"maxPayload\":(\\d+)}");

  EchoServer echo;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** Log events that mean an exception escaped: Netty's own warnings (a task or the pipeline tail), errors. */
  private final ListAppender<ILoggingEvent> escaped = new ListAppender<>();

  private void watchForEscapedExceptions() {
    escaped.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(escaped);
  }

  private void assertNoExceptionEscaped() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(escaped);
    assertThat(escaped.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
            || (e.getLevel().isGreaterOrEqual(Level.WARN) && e.getLoggerName().startsWith("io.netty")))
        .as("errors and Netty warnings logged while the server ran").isEmpty();
  }

  /** The options of the server under test; override to change them. */
  EngineOptions.Builder options() {
    return EchoServer.suiteOptions();
  }

  @BeforeEach
  void startServer() throws InterruptedException {
    watchForEscapedExceptions();
    echo = new EchoServer(options());
    warmUp();
  }

  /**
   * One blocking and one asynchronous request that open no session: the first requests of a JVM (class loading, the
   * client's threads) can take longer than the 500 ms a session lives without a pong, which is not what tests test.
   */
  private void warmUp() {
    assertThat(get("?EIO=4&transport=warm-up").status()).isEqualTo(400);
    assertThat(answer(getAsync("?EIO=4&transport=warm-up")).status()).isEqualTo(400);
  }

  @AfterEach
  void stopServer() {
    echo.close();
    assertNoExceptionEscaped();
  }

  /** Replaces the server with one built from {@code options}, for tests that need their own configuration. */
  void restartWith(EngineOptions.Builder options) throws InterruptedException {
    echo.close();
    echo = new EchoServer(options);
    warmUp();
  }

  /** The server's handle on a session. */
  EngineSocket session(String sid) {
    return echo.engine.sockets().stream().filter(s -> s.id().equals(sid)).findFirst()
        .orElseThrow(() -> new AssertionError("no open session " + sid));
  }

  /**
   * Sends a GET on the session and returns it once the server holds it. Two requests on two connections reach the
   * server in no order a client can fix, so the tests where a GET must be held first peek at the server's state
   * (test-only reflection on the session's transport, read on the session's loop). A GET answered by a ping before
   * it could be seen held is answered with a pong and sent again.
   */
  CompletableFuture<Reply> heldGet(String sid) {
    for (int attempt = 0; attempt < 5; attempt++) {
      CompletableFuture<Reply> get = getAsync(pollingQuery(sid));
      await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(WAIT)
          .until(() -> get.isDone() || isGetHeld(sid));
      if (!get.isDone()) {
        return get;
      }
      assertThat(get.join().body()).as("a GET answered before it was held").isEqualTo("2");
      postOk(sid, "3");
    }
    throw new AssertionError("the server never held a GET of " + sid);
  }

  /** Whether the server holds a GET of this session now. */
  boolean isGetHeld(String sid) throws Exception {
    EngineSocket socket = session(sid);
    return onLoop(socket, () -> {
      Method current = socket.getClass().getDeclaredMethod("currentTransport");
      current.setAccessible(true);
      Object transport = current.invoke(socket);
      Field pending = transport.getClass().getDeclaredField("pendingPoll");
      pending.setAccessible(true);
      return pending.get(transport) != null;
    });
  }

  private static <T> T onLoop(EngineSocket socket, Callable<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    socket.executor().execute(() -> {
      try {
        result.complete(task.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Polls until the noop packet arrives (answering pings on the way); fails on anything else. */
  void pollUntilNoop(String sid, CompletableFuture<Reply> held) {
    Reply r = answer(held);
    while (true) {
      assertThat(r.status()).as("poll status, body %s", r.body()).isEqualTo(200);
      if (r.body().equals("6")) {
        return;
      }
      assertThat(r.body()).as("a ping or the noop").isEqualTo("2");
      postOk(sid, "3");
      r = get(pollingQuery(sid));
    }
  }

  String base() {
    return "http://127.0.0.1:" + echo.port() + "/engine.io/";
  }

  String wsBase() {
    return "ws://127.0.0.1:" + echo.port() + "/engine.io/";
  }

  static String pollingQuery(String sid) {
    return "?EIO=4&transport=polling&sid=" + sid;
  }

  // ---- HTTP through the JDK client ----

  /** An HTTP answer; {@code body} is the raw bytes decoded as UTF-8. */
  record Reply(int status, String body, byte[] bytes, HttpHeaders headers) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  Reply get(String query, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + query)).GET().timeout(WAIT);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  CompletableFuture<Reply> getAsync(String query) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base() + query)).GET().timeout(WAIT).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(AbstractEchoServerTest::reply);
  }

  Reply post(String query, String body) {
    return send(HttpRequest.newBuilder(URI.create(base() + query)).timeout(WAIT)
        .header("Content-Type", "text/plain;charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
  }

  Reply send(HttpRequest request) {
    try {
      return reply(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    } catch (IOException e) {
      throw new AssertionError("request failed: " + request.method() + " " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Reply reply(HttpResponse<byte[]> r) {
    return new Reply(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.body(), r.headers());
  }

  static Reply answer(CompletableFuture<Reply> pending) {
    try {
      return pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("no answer within " + WAIT, e);
    }
  }

  /** Opens a polling session and returns its sid. */
  String handshake() {
    Reply r = get("?EIO=4&transport=polling");
    assertThat(r.status()).as("handshake status, body %s", r.body()).isEqualTo(200);
    return sidOf(r.body());
  }

  static String sidOf(String openPacket) {
    Matcher m = OPEN_PACKET.matcher(openPacket);
    assertThat(m.matches()).as("open packet %s", openPacket).isTrue();
    return m.group(1);
  }

  /**
   * A GET on the session that must succeed; returns its packets but the pings, which it answers (the 300 ms
   * heartbeat would otherwise end the session in the middle of a test). A GET that brought only pings is repeated.
   */
  String poll(String sid) {
    while (true) {
      Reply r = get(pollingQuery(sid));
      assertThat(r.status()).as("poll status, body %s", r.body()).isEqualTo(200);
      List<String> packets = new ArrayList<>(List.of(r.body().split(RS, -1)));
      boolean pinged = packets.removeIf("2"::equals);
      if (pinged) {
        postOk(sid, "3");
      }
      if (!packets.isEmpty()) {
        return String.join(RS, packets);
      }
    }
  }

  /** A payload without its ping packets. */
  static String withoutPings(String payload) {
    List<String> packets = new ArrayList<>(List.of(payload.split(RS, -1)));
    packets.removeIf("2"::equals);
    return String.join(RS, packets);
  }

  /** A POST on the session that must be answered 200 {@code ok}. */
  void postOk(String sid, String payload) {
    Reply r = post(pollingQuery(sid), payload);
    assertThat(r.status()).as("POST status, body %s", r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
  }

  /** Asserts the session is gone: a GET gets 400 {@code {"code":1,…}}. */
  void assertSessionUnknown(String sid) {
    Reply r = get(pollingQuery(sid));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
  }

  // ---- raw HTTP over a socket ----

  /** A raw answer; header names are lower case. */
  record RawResponse(int status, Map<String, String> headers, String body) {}

  /** Sends {@code request} (CRLF line ends expected) on a new connection and reads one answer. */
  RawResponse raw(String request) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", echo.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return readResponse(socket.getInputStream());
    } catch (IOException e) {
      throw new AssertionError("raw request failed", e);
    }
  }

  /** A WebSocket handshake request for {@code query}, with extra header lines (each ending in CRLF). */
  static String webSocketRequest(String query, String extraHeaders) {
    return "GET /engine.io/" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
  }

  /** Reads one HTTP response: the status line, the headers, and the body by Content-Length (none for 101). */
  static RawResponse readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside the response head: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = new byte[0];
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    }
    return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  // ---- WebSocket through the JDK client ----

  /** Opens a WebSocket, failing the test if the handshake does not complete. */
  Ws openWebSocket(String query, Map<String, String> headers) {
    return Ws.open(http, wsBase() + query, headers);
  }

  Ws openWebSocket(String query) {
    return openWebSocket(query, Map.of());
  }

  /** A WebSocket that records what arrives, never answers pings by itself, and reports the close status. */
  static final class Ws implements AutoCloseable {
    /** A message, or the close (status -1 when the connection ended without a close frame). */
    record Frame(String text, byte[] binary, int closeStatus) {
      boolean isClose() {
        return text == null && binary == null;
      }
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    static Ws open(HttpClient client, String url, Map<String, String> headers) {
      Ws ws = new Ws();
      WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(WAIT);
      headers.forEach(builder::header);
      try {
        ws.socket = builder.buildAsync(URI.create(url), ws.new Listener()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError("WebSocket handshake failed: " + url, e);
      }
      return ws;
    }

    private final class Listener implements WebSocket.Listener {
      private final StringBuilder text = new StringBuilder();
      private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

      @Override
      public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
      }

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          frames.add(new Frame(text.toString(), null, 0));
          text.setLength(0);
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
        if (last) {
          frames.add(new Frame(null, binary.toByteArray(), 0));
          binary.reset();
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (closed.complete(statusCode)) {
          frames.add(new Frame(null, null, statusCode));
        }
        return null;
      }

      @Override
      public void onError(WebSocket webSocket, Throwable error) {
        if (closed.complete(-1)) {
          frames.add(new Frame(null, null, -1));
        }
      }
    }

    void sendText(String text) {
      join(socket.sendText(text, true));
    }

    void sendBinary(byte[] data) {
      join(socket.sendBinary(ByteBuffer.wrap(data), true));
    }

    private static void join(CompletableFuture<WebSocket> sent) {
      try {
        sent.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError("send failed", e);
      }
    }

    /** The next frame, or {@code null} after the timeout. */
    Frame next(Duration timeout) {
      try {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    /** The next frame, which must be text. */
    String nextText(Duration timeout) {
      Frame f = next(timeout);
      assertThat(f).as("a text frame within %s", timeout).isNotNull();
      assertThat(f.isClose()).as("closed with %s instead of a text frame", f.closeStatus()).isFalse();
      assertThat(f.text()).as("a text frame, not binary").isNotNull();
      return f.text();
    }

    /** The next text frame that is not a ping; pings are answered with a pong. */
    String nextMessage(Duration timeout) {
      while (true) {
        String text = nextText(timeout);
        if (!"2".equals(text)) {
          return text;
        }
        sendText("3");
      }
    }

    /** Waits for the close and returns its status (-1 when the connection ended without a close frame). */
    int awaitClose(Duration timeout) {
      try {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError("WebSocket not closed within " + timeout, e);
      }
    }

    @Override
    public void close() {
      if (socket != null) {
        socket.abort();
      }
    }
  }
}
