package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.EngineErrorCode;
import dev.parley.engineio.server.EngineStats;
import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile Engine.IO requests (catalogue A1, A2, A4, A6): bad handshake parameters get the reference's 400 and code,
 * invalid packets end the session, binary POST bodies are refused with an answer that ends, and upgrade abuse
 * (another protocol version, {@code Upgrade: h2c}, a second or broken WebSocket) never harms the session it targets.
 */
class HostileHandshakeTest extends AbstractHostileTest {

  private static String get(String query, String extraHeaders) {
    return "GET /socket.io/" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
  }

  private static String post(String query, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "POST /socket.io/" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + bytes.length + "\r\n\r\n" + new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static String errorBody(int code, String message) {
    return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
  }

  // ---- A1: handshake parameters ----

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "GET ?EIO=4&transport=__proto__     | 0 | Transport unknown",
      "GET ?EIO=4&transport=constructor   | 0 | Transport unknown",
      "GET ?EIO=4&transport=hasOwnProperty| 0 | Transport unknown",
      "GET ?EIO=4&transport=abc           | 0 | Transport unknown",
      "GET ?EIO=4                         | 0 | Transport unknown",
      "GET ?EIO=4&transport=              | 0 | Transport unknown",
      "GET ?transport=polling             | 5 | Unsupported protocol version",
      "GET ?EIO=abc&transport=polling     | 5 | Unsupported protocol version",
      "GET ?EIO=3&transport=polling       | 5 | Unsupported protocol version",
      "GET ?EIO=5&transport=polling       | 5 | Unsupported protocol version",
      "PUT ?EIO=4&transport=polling       | 2 | Bad handshake method",
      "GET ?EIO=4&transport=polling&sid=unknown | 1 | Session ID unknown",
      "GET ?EIO=4&transport=polling&sid=__proto__ | 1 | Session ID unknown",
  })
  void badHandshakeParametersGetTheReferenceCodeAndCreateNoSession(String request, int code, String message) {
    String method = request.substring(0, 3).trim();
    String query = request.substring(4).trim();
    try (RawWebSocketClient canary = connectWebSocket()) {
      int sessions = io.engine().clientsCount();
      EngineStats stats = io.engine().stats();
      EngineErrorCode error = EngineErrorCode.values()[code];
      long refusedBefore = stats.refusedRequests(error);
      RawResponse r = raw(method + " /socket.io/" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");

      assertThat(r.status()).isEqualTo(400);
      assertThat(r.headers().get("content-type")).startsWith("application/json");
      assertThat(r.body()).isEqualTo(errorBody(code, message));
      assertThat(io.engine().clientsCount()).isEqualTo(sessions);
      assertThat(stats.openSessions()).isEqualTo(sessions);
      assertThat(stats.refusedRequests(error)).as("refusals counted").isEqualTo(refusedBefore + 1);
      assertOthersServed(canary);
    }
  }

  @Test
  void transportProtoIsAnUnknownTransportOnEveryMethodAndNeverALookupOfAnInheritedProperty() {
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient victim = connectPolling();
      String unknown = errorBody(0, "Transport unknown");
      assertThat(raw(get("?EIO=4&transport=__proto__", "")).body()).isEqualTo(unknown);
      assertThat(raw(get("?EIO=4&transport=__proto__&sid=" + victim.sid(), "")).body()).isEqualTo(unknown);
      RawResponse posted = raw(post("?EIO=4&transport=__proto__&sid=" + victim.sid(), "text/plain", "42[\"echo\"]"));
      assertThat(posted.status()).isEqualTo(400);
      assertThat(posted.body()).isEqualTo(unknown);
      RawResponse upgrade = raw(webSocketRequest("?EIO=4&transport=__proto__&sid=" + victim.sid(), ""));
      assertThat(upgrade.status()).isEqualTo(400);
      assertThat(upgrade.body()).isEqualTo(unknown);
      assertThat(handled).isEmpty();
      assertServed(victim);
      assertOthersServed(canary);
    }
  }

  @Test
  void aLongUnknownSidIsAnUnknownSession() {
    RawResponse r = raw(get("?EIO=4&transport=polling&sid=" + "A".repeat(4000), ""));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(errorBody(1, "Session ID unknown"));
  }

  @Test
  void aRequestLineOverTheHttpLimitIsRefusedAndClosed() throws IOException {
    // a 10 kB sid does not fit the 8 kB request line: the HTTP layer refuses it before any Engine.IO logic
    try (RawWebSocketClient canary = connectWebSocket();
        java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.getOutputStream().write(get("?EIO=4&transport=polling&sid=" + "A".repeat(10_000), "")
          .getBytes(StandardCharsets.US_ASCII));
      RawResponse r = readResponse(socket.getInputStream());
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).isEqualTo(errorBody(3, "Bad request"));
      assertClosedByPeer(socket, WAIT);
      assertOthersServed(canary);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"?EIO=4&transport=__proto__", "?EIO=4&transport=constructor", "?EIO=3&transport=websocket"})
  void badWebSocketHandshakesAreRefusedBeforeSwitchingProtocols(String query) {
    RawResponse r = raw(webSocketRequest(query, ""));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"code\":");
  }

  // ---- A2: invalid Engine.IO packets over polling ----

  @ParameterizedTest
  @ValueSource(strings = {"abc", "9x", "", "b!!notbase64", "4ok\u001e\u001e4ok", "7"})
  void anInvalidPollingPayloadIsRefusedAndEndsTheSession(String body) {
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient attacker = new RawPollingClient(httpBase());
      attacker.handshake();
      RawPollingClient.Response r = attacker.post(body);
      assertThat(r.status()).isEqualTo(400);
      RawPollingClient.Response next = attacker.poll();
      assertThat(next.status()).isEqualTo(400);
      assertThat(next.body()).isEqualTo(errorBody(1, "Session ID unknown"));
      assertOthersServed(canary);
    }
  }

  /**
   * A body that is not UTF-8 is refused as an invalid payload, as a WebSocket message that is not UTF-8 is closed
   * with 1007 (the reference would decode it to U+FFFD): an invalid byte, a truncated character, an overlong
   * encoding, an encoded surrogate. The event never reaches a handler.
   */
  @ParameterizedTest
  @ValueSource(strings = {"ff", "c3", "c0af", "eda080", "f4908080"})
  void aPollingBodyThatIsNotUtf8IsRefusedAndEndsTheSession(String hex) throws IOException {
    RawPollingClient client = connectPolling();
    byte[] head = "42[\"chat\",\"".getBytes(StandardCharsets.US_ASCII);
    byte[] bad = java.util.HexFormat.of().parseHex(hex);
    byte[] tail = "\"]".getBytes(StandardCharsets.US_ASCII);
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.writeBytes(head);
    body.writeBytes(bad);
    body.writeBytes(tail);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST /socket.io/?EIO=4&transport=polling&sid=" + client.sid() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + body.size() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body.toByteArray());
      out.flush();
      RawResponse r = readResponse(socket.getInputStream());
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).isEqualTo(errorBody(3, "Bad request"));
    }
    await().atMost(WAIT).until(() -> disconnects.contains("parse error"));
    assertThat(client.poll().body()).isEqualTo(errorBody(1, "Session ID unknown"));
    assertThat(handled).isEmpty();
  }

  @Test
  void aPollingBodyOfMultiByteTextIsAccepted() {
    RawPollingClient client = connectPolling();
    assertThat(client.post("4291[\"echo\",\"é€😀\"]").body()).isEqualTo("ok");
    assertThat(pollSkippingPings(client)).isEqualTo("4391[\"é€😀\"]");
  }

  // ---- A4: binary POST bodies ----

  @Test
  void anOctetStreamPostIsAnswered400AndTheAnswerEnds() throws IOException {
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient victim = connectPolling();
      String request = post("?EIO=4&transport=polling&sid=" + victim.sid(), "application/octet-stream", "4abc");
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        RawResponse r = readResponse(socket.getInputStream()); // completes only if the answer ends
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(errorBody(3, "Bad request"));
        // the connection is still usable: the answer really ended where it said
        socket.getOutputStream().write(get("?EIO=4&transport=polling&sid=nope", "").getBytes(StandardCharsets.US_ASCII));
        assertThat(readResponse(socket.getInputStream()).body()).isEqualTo(errorBody(1, "Session ID unknown"));
      }
      assertServed(victim); // nothing of the binary body was taken as packets
      assertOthersServed(canary);
    }
  }

  @Test
  void aThousandOctetStreamPostsLeaveNoConnectionBehind() throws IOException {
    long baseline = openFileDescriptors();
    String request = post("?EIO=4&transport=polling&sid=x", "application/octet-stream", "\u0000\u0001binary");
    for (int i = 0; i < 1000; i++) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(readResponse(socket.getInputStream()).status()).isEqualTo(400);
      }
    }
    // server and client share this JVM: every server-side socket must be closed again too
    await().atMost(WAIT).untilAsserted(() -> assertThat(openFileDescriptors()).isLessThan(baseline + 20));
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  // ---- A6: upgrade abuse ----

  @ParameterizedTest
  @ValueSource(strings = {"EIO=3&", "EIO=5&", ""})
  void anUpgradeWithAnotherProtocolVersionIsRefusedAndThePollingSessionGoesOn(String eio) {
    RawPollingClient victim = connectPolling();
    RawResponse r = raw(webSocketRequest("?" + eio + "transport=websocket&sid=" + victim.sid(), ""));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(errorBody(5, "Unsupported protocol version"));
    assertServed(victim);
  }

  @Test
  void anH2cUpgradeIsNeverSwitchedToAndTheSessionGoesOn() throws IOException {
    String h2c = "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n";
    RawResponse handshake = raw(get("?EIO=4&transport=polling", h2c));
    assertThat(handshake.status()).isEqualTo(200);
    assertThat(handshake.body()).startsWith("0{\"sid\":");

    RawPollingClient victim = connectPolling();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      String body = "42[\"echo\",\"over-h2c-attempt\"]";
      out.write(("POST /socket.io/?EIO=4&transport=polling&sid=" + victim.sid() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + h2c + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
          .getBytes(StandardCharsets.US_ASCII));
      RawResponse posted = readResponse(in);
      assertThat(posted.status()).isEqualTo(200);
      assertThat(posted.body()).isEqualTo("ok");
      // still HTTP/1.1 on the same connection: the poll that follows is answered as one
      out.write(get("?EIO=4&transport=polling&sid=" + victim.sid(), h2c).getBytes(StandardCharsets.US_ASCII));
      RawResponse polled = readResponse(in);
      assertThat(polled.status()).isEqualTo(200);
      assertThat(polled.body()).isEqualTo("42[\"echo\",\"over-h2c-attempt\"]");
    }
    assertServed(victim);
  }

  /** Malformed or pre-RFC 6455 WebSocket handshakes; the reference's ws accepts only versions 13 and 8. */
  static Stream<String> malformedWebSocketHandshakes() {
    String valid = webSocketRequest("?EIO=4&transport=websocket", "");
    return Stream.of(
        valid.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 7"),
        valid.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 0"),
        valid.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 14"),
        valid.replace("Sec-WebSocket-Version: 13\r\n", ""),                       // hixie-75
        valid.replace("Sec-WebSocket-Version: 13\r\n", "Origin: http://a.example\r\n")
            .replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
                "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\nSec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n")
            + "^n:ds[4U",                                                            // hixie-76, with its 8 bytes
        valid.replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", ""),    // no key
        valid.replace("Connection: Upgrade\r\n", ""),                              // no Connection: Upgrade
        valid.replace("Connection: Upgrade\r\n", "Connection: keep-alive\r\n"));
  }

  @ParameterizedTest
  @MethodSource("malformedWebSocketHandshakes")
  void aMalformedOrObsoleteWebSocketHandshakeIsAnswered400(String request) throws IOException {
    try (RawWebSocketClient canary = connectWebSocket();
        java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      int sessions = io.engine().clientsCount();
      socket.setSoTimeout((int) WAIT.toMillis());
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      RawResponse r;
      try {
        r = readResponse(socket.getInputStream());
      } catch (java.net.SocketTimeoutException e) {
        throw new AssertionError("the handshake was never answered", e);
      }
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).isEqualTo(errorBody(3, "Bad request"));
      assertThat(io.engine().clientsCount()).isEqualTo(sessions);
      assertOthersServed(canary);
    }
  }

  @Test
  void anUnsupportedWebSocketVersionOnAnUpgradeLeavesTheSessionAloneAndWithoutUpgradeHeadersItIsAPlainPoll() {
    RawPollingClient victim = connectPolling();
    String v7 = webSocketRequest("?EIO=4&transport=websocket&sid=" + victim.sid(), "")
        .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 7");
    assertThat(raw(v7).status()).isEqualTo(400);

    RawResponse plain = raw(get("?EIO=4&transport=polling&sid=nope",
        "Sec-WebSocket-Version: 7\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
    assertThat(plain.status()).isEqualTo(400);
    assertThat(plain.body()).isEqualTo(errorBody(1, "Session ID unknown"));
    assertServed(victim);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x1 | 0x40, 0x1 | 0x10, 0x3, 0xB})
  void aBrokenFrameRightAfterTheUpgradeHandshakeClosesOnlyTheWebSocket(int firstByte) throws IOException {
    RawPollingClient victim = connectPolling();
    try (RawWs ws = RawWs.open(port(), "?EIO=4&transport=websocket&sid=" + victim.sid())) {
      // RSV1 or RSV2 set without an extension, or a reserved opcode: a protocol error
      byte[] frame = RawWs.frame(true, 0, 0, "2probe".getBytes(StandardCharsets.US_ASCII));
      frame[0] = (byte) (0x80 | firstByte);
      ws.write(frame);
      assertThat(ws.awaitCloseStatus(WAIT)).isIn(1002, -1);
    }
    assertServed(victim);
  }

  @Test
  void garbageInsteadOfFramesClosesOnlyTheWebSocket() throws IOException {
    RawPollingClient victim = connectPolling();
    try (RawWs ws = RawWs.open(port(), "?EIO=4&transport=websocket&sid=" + victim.sid())) {
      ws.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      ws.awaitCloseStatus(WAIT);
    }
    assertServed(victim);
  }

  @Test
  void anUnmaskedClientFrameClosesTheWebSocket() throws IOException {
    try (RawWebSocketClient canary = connectWebSocket();
        RawWs ws = RawWs.open(port(), "?EIO=4&transport=websocket")) {
      assertThat(ws.nextText()).startsWith("0{");
      ws.write(new byte[] {(byte) 0x81, 0x02, '4', '0'}); // no mask bit: clients must mask (RFC 6455 5.1)
      assertThat(ws.awaitCloseStatus(WAIT)).isIn(1002, -1);
      assertOthersServed(canary);
    }
  }

  @Test
  void upgradingAnUpgradedSessionOrUpgradingTwiceAtOnceNeverHarmsIt() {
    RawPollingClient victim = connectPolling();
    String upgrade = wsUrl("?EIO=4&transport=websocket&sid=" + victim.sid());
    try (RawWebSocketClient first = openWebSocket(upgrade)) {
      first.sendText("2probe");
      assertThat(first.nextText(WAIT)).isEqualTo("3probe");
      try (RawWebSocketClient concurrent = openWebSocket(upgrade)) {
        concurrent.awaitClose(WAIT); // a second upgrade while one is in progress
      }
      assertThat(pollSkippingPings(victim)).isEqualTo("6");
      first.sendText("5");
      first.sendText("4293[\"echo\",\"upgraded\"]");
      assertThat(first.nextText(WAIT)).isEqualTo("4393[\"upgraded\"]");

      try (RawWebSocketClient again = openWebSocket(upgrade)) {
        again.awaitClose(WAIT); // the session is already upgraded
      }
      assertThat(victim.poll().status()).isEqualTo(400); // polling is over for this session
      first.sendText("4294[\"echo\",\"still\"]");
      assertThat(first.nextText(WAIT)).isEqualTo("4394[\"still\"]");
      assertThat(disconnects).isEmpty();
    }
  }
}
