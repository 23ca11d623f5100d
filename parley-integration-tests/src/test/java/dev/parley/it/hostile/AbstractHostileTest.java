package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A Socket.IO server for one hostile-input test, with an echo that any healthy client can use, and a record of what
 * reached the application: every event (through {@code onAny} and a handler on each reserved name), every error and
 * every disconnect reason.
 *
 * <p>The heartbeat is long (10 s / 10 s) on purpose: a connection that closes within a test was closed by the
 * server's answer to the attack, never by a missed ping.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractHostileTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final List<String> RESERVED = List.of("error", "connect", "connect_error", "disconnect", "disconnecting",
      "newListener", "removeListener");

  SocketIoServer io;
  InetSocketAddress address;
  /** Events that reached the application: {@code any:<name>} from onAny, {@code on:<name>} from a handler. */
  final List<String> handled = new CopyOnWriteArrayList<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  final List<String> disconnects = new CopyOnWriteArrayList<>();

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

  /** The server options; override to change them. */
  ServerOptions.Builder options() {
    return ServerOptions.builder().pingInterval(Duration.ofSeconds(10)).pingTimeout(Duration.ofSeconds(10));
  }

  @BeforeEach
  void startServer() {
    watchForEscapedExceptions();
    start(options());
  }

  /** Replaces the server by one with {@code options} (same handlers), for a test that needs other limits. */
  void restart(ServerOptions.Builder options) {
    io.close(Duration.ofMillis(300));
    start(options);
  }

  /** Hook for subclasses: starts listening (default {@code io.start()}), for a test that needs its own HTTP server. */
  InetSocketAddress listen(SocketIoServer server) {
    return server.start();
  }

  /** Hook for subclasses: more handlers on every socket, installed with the record-keeping ones. */
  void onConnection(dev.parley.socketio.server.Socket socket) {
    // none by default
  }

  private void start(ServerOptions.Builder options) {
    io = SocketIoServer.create(options.host("127.0.0.1").port(0).build());
    io.on("connection", socket -> {
      onConnection(socket);
      socket.onAny((event, args) -> handled.add("any:" + event));
      socket.on("echo", (args, ack) -> {
        if (ack.isRequested()) {
          ack.send(args.toArray());
        } else {
          socket.emit("echo", args.toArray());
        }
      });
      for (String name : RESERVED) {
        socket.on(name, (args, ack) -> handled.add("on:" + name));
      }
      socket.onError(errors::add);
      socket.onDisconnect((reason, detail) -> disconnects.add(reason.description()));
    });
    address = listen(io);
  }

  @AfterEach
  void stopServer() {
    io.close(Duration.ofMillis(300));
    assertNoExceptionEscaped();
  }

  int port() {
    return address.getPort();
  }

  /** The engine's implementation, for the internal counters the tests read (per-address slots, dropped packets). */
  dev.parley.engineio.server.internal.DefaultEngineServer engine() {
    return (dev.parley.engineio.server.internal.DefaultEngineServer) io.engine();
  }

  /**
   * The heap in use after garbage collection, in bytes. Server and clients share this JVM, so it measures what the
   * server holds for the attack's connections; callers compare it with a baseline and allow a margin for noise.
   */
  static long usedHeapAfterGc() {
    java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** The open file descriptors of this JVM (clients' and server's sockets alike). */
  static long fileDescriptorsInUse() {
    try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of(
        "/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  String httpBase() {
    return "http://127.0.0.1:" + port() + "/socket.io/";
  }

  String wsUrl(String query) {
    return "ws://127.0.0.1:" + port() + "/socket.io/" + query;
  }

  // ---- healthy clients ----

  /**
   * Opens a testkit WebSocket. Its handshake can fail on the client side when the server answers faster than Netty
   * notifies the client of its own request write ("ChannelPipeline does not contain an HttpRequestEncoder"): the
   * server did its part (status 101), so that case alone is retried.
   */
  static RawWebSocketClient openWebSocket(String url) {
    for (int attempt = 1; ; attempt++) {
      try {
        return RawWebSocketClient.connect(url);
      } catch (IllegalStateException e) {
        if (attempt == 3 || !String.valueOf(e.getMessage()).endsWith("status 101")) {
          throw e;
        }
      }
    }
  }

  /** A WebSocket client connected to the main namespace. */
  RawWebSocketClient connectWebSocket() {
    RawWebSocketClient ws = openWebSocket(wsUrl("?EIO=4&transport=websocket"));
    assertThat(ws.nextText(WAIT)).startsWith("0{");
    ws.sendText("40");
    assertThat(ws.nextText(WAIT)).startsWith("40{\"sid\":");
    return ws;
  }

  /** A polling client connected to the main namespace. */
  RawPollingClient connectPolling() {
    RawPollingClient polling = new RawPollingClient(httpBase());
    polling.handshake();
    assertThat(polling.post("40").body()).isEqualTo("ok");
    assertThat(pollSkippingPings(polling)).startsWith("40{\"sid\":");
    return polling;
  }

  /** A poll whose pings are answered and removed; repeated while it brought nothing else. */
  static String pollSkippingPings(RawPollingClient polling) {
    while (true) {
      RawPollingClient.Response r = polling.poll();
      assertThat(r.status()).as("poll of %s: %s", polling.sid(), r.body()).isEqualTo(200);
      List<String> packets = new java.util.ArrayList<>(List.of(r.body().split("\u001e", -1)));
      if (packets.removeIf("2"::equals)) {
        polling.post("3");
      }
      if (!packets.isEmpty()) {
        return String.join("\u001e", packets);
      }
    }
  }

  private int canaryCount;

  /** The client still gets its acknowledgement: the server goes on serving it. */
  void assertServed(RawWebSocketClient client) {
    String tag = "canary-" + (++canaryCount);
    client.sendText("4291[\"echo\",\"" + tag + "\"]");
    assertThat(client.nextText(WAIT)).isEqualTo("4391[\"" + tag + "\"]");
  }

  void assertServed(RawPollingClient client) {
    String tag = "canary-" + (++canaryCount);
    assertThat(client.post("4292[\"echo\",\"" + tag + "\"]").body()).isEqualTo("ok");
    assertThat(pollSkippingPings(client)).isEqualTo("4392[\"" + tag + "\"]");
  }

  /** The canary connected before the attack is still served, and a newcomer can connect and be served too. */
  void assertOthersServed(RawWebSocketClient canary) {
    assertServed(canary);
    try (RawWebSocketClient newcomer = connectWebSocket()) {
      assertServed(newcomer);
    }
  }

  // ---- raw HTTP ----

  /** A raw answer; header names are lower case. */
  record RawResponse(int status, Map<String, String> headers, String body) {}

  /** Sends {@code request} on a new connection and reads one answer. */
  RawResponse raw(String request) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return readResponse(socket.getInputStream());
    } catch (IOException e) {
      throw new AssertionError("raw request failed", e);
    }
  }

  /** A WebSocket handshake request with extra header lines (each ending in CRLF). */
  static String webSocketRequest(String query, String extraHeaders) {
    return "GET /socket.io/" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + extraHeaders + "\r\n";
  }

  /** Reads one HTTP response: status line, headers, and the body by Content-Length (none for 101). */
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

  /** Reads until the peer closes the connection; fails if it does not within {@code timeout}. */
  static void assertClosedByPeer(java.net.Socket socket, Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      while (in.read(buffer) >= 0) {
        // discard what the server still sends (an error answer, a close frame)
      }
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection within " + timeout, e);
    } catch (java.net.SocketException e) {
      // a reset is a close too
    }
  }

  // ---- raw WebSocket frames ----

  /** A WebSocket over a plain socket, for frames no client library would send. */
  static final class RawWs implements AutoCloseable {
    final java.net.Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWs(java.net.Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    /** Connects and completes the handshake (101) for {@code query}. */
    static RawWs open(int port, String query) throws IOException {
      return open(port, query, null);
    }

    /** Connects from {@code local} (such as 127.0.0.2; null: any) and completes the handshake (101). */
    static RawWs open(int port, String query, java.net.InetAddress local) throws IOException {
      RawWs ws = connect(port, local);
      RawResponse r = ws.handshake(query, "");
      assertThat(r.status()).as("WebSocket handshake").isEqualTo(101);
      return ws;
    }

    /** A TCP connection from {@code local} (null: any), before any handshake. */
    static RawWs connect(int port, java.net.InetAddress local) throws IOException {
      return connect(port, local, 0);
    }

    /**
     * A TCP connection from {@code local} (null: any) whose receive buffer is {@code receiveBuffer} bytes (0: the
     * system's), before any handshake; a small buffer makes a client that stops reading fill up soon.
     */
    static RawWs connect(int port, java.net.InetAddress local, int receiveBuffer) throws IOException {
      java.net.Socket socket = new java.net.Socket();
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      if (local != null) {
        socket.bind(new InetSocketAddress(local, 0));
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
      socket.setSoTimeout((int) WAIT.toMillis());
      return new RawWs(socket);
    }

    /** Sends the handshake request with {@code extraHeaders} and reads the answer (101 or an error). */
    RawResponse handshake(String query, String extraHeaders) throws IOException {
      out.write(webSocketRequest(query, extraHeaders).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return readResponse(in);
    }

    /** Sends a text message in one masked frame. */
    boolean sendText(String text) {
      return write(frame(true, 0, 0x1, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes bytes; returns false once the server has closed the connection. */
    boolean write(byte[] bytes) {
      try {
        out.write(bytes);
        out.flush();
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    /** A masked client frame. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
      byte[] head = header(fin, rsv, opcode, payload.length);
      byte[] frame = java.util.Arrays.copyOf(head, head.length + payload.length);
      byte[] mask = java.util.Arrays.copyOfRange(head, head.length - 4, head.length);
      for (int i = 0; i < payload.length; i++) {
        frame[head.length + i] = (byte) (payload[i] ^ mask[i % 4]);
      }
      return frame;
    }

    /** The header of a masked client frame declaring {@code length} payload bytes (the payload is not included). */
    static byte[] header(boolean fin, int rsv, int opcode, long length) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
      if (length < 126) {
        b.write(0x80 | (int) length);
      } else if (length <= 0xFFFF) {
        b.write(0x80 | 126);
        b.write((int) (length >>> 8));
        b.write((int) length);
      } else {
        b.write(0x80 | 127);
        for (int i = 7; i >= 0; i--) {
          b.write((int) (length >>> (8 * i)));
        }
      }
      b.writeBytes(new byte[] {0x11, 0x22, 0x33, 0x44});
      return b.toByteArray();
    }

    /** Reads the next server frame: {@code [opcode, payload]}; {@code null} at the end of the stream. */
    Object[] readFrame() throws IOException {
      int b0 = in.read();
      int b1 = in.read();
      if (b0 < 0 || b1 < 0) {
        return null;
      }
      long length = b1 & 0x7F;
      if (length == 126) {
        length = (in.read() << 8) | in.read();
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | in.read();
        }
      }
      byte[] payload = in.readNBytes((int) length);
      return new Object[] {b0 & 0x0F, payload};
    }

    /** Reads frames until the close frame and returns its status (1005 if none; -1 if the stream just ended). */
    int awaitCloseStatus(Duration timeout) throws IOException {
      socket.setSoTimeout((int) timeout.toMillis());
      try {
        while (true) {
          Object[] frame = readFrame();
          if (frame == null) {
            return -1;
          }
          if ((int) frame[0] == 0x8) {
            byte[] payload = (byte[]) frame[1];
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
          }
        }
      } catch (java.net.SocketTimeoutException e) {
        throw new AssertionError("no close within " + timeout, e);
      } catch (java.net.SocketException e) {
        return -1;
      }
    }

    /** The text of the next text frame. */
    String nextText() throws IOException {
      Object[] frame = readFrame();
      assertThat(frame).as("a frame").isNotNull();
      assertThat((int) frame[0]).as("a text frame").isEqualTo(0x1);
      return new String((byte[]) frame[1], StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
