package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.EngineOptions;
import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Oversized input (catalogue C1, C2, C3): polling bodies over maxHttpBufferSize get 413 and the session is kept (as
 * the reference does); WebSocket messages over it, whole or fragmented, and frames that merely declare a huge size,
 * are closed with 1009 before anything that size is buffered. Other clients go on being served.
 */
class HostileSizeLimitsTest extends AbstractHostileTest {
  private static final int LIMIT = EngineOptions.DEFAULT_MAX_HTTP_BUFFER_SIZE;

  // ---- polling ----

  @Test
  void aDeclaredBodyOverTheLimitIs413BeforeItIsSentAndTheSessionIsKept() throws IOException {
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient victim = connectPolling();
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.getOutputStream().write(("POST /socket.io/?EIO=4&transport=polling&sid=" + victim.sid()
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: " + (LIMIT + 1)
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        // the headers alone earn the answer: no byte of the body was sent
        assertThat(readResponse(socket.getInputStream()).status()).isEqualTo(413);
        assertClosedByPeer(socket, WAIT);
      }
      assertServed(victim);
      assertOthersServed(canary);
    }
  }

  @Test
  void aChunkedBodyGrowingOverTheLimitIs413AndTheSessionIsKept() throws Exception {
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient victim = connectPolling();
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
        socket.setSoTimeout((int) WAIT.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /socket.io/?EIO=4&transport=polling&sid=" + victim.sid() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = ("10000\r\n" + "4" + "x".repeat(0xFFFF) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        // up to twice the limit, from another thread, while this one reads the answer
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
          try {
            for (int sent = 0; sent < 2 * LIMIT; sent += 0x10000) {
              out.write(chunk);
            }
          } catch (IOException e) {
            // the server stopped reading: expected
          }
        });
        assertThat(readResponse(socket.getInputStream()).status()).isEqualTo(413);
        assertClosedByPeer(socket, WAIT);
        writer.get();
      }
      assertServed(victim);
      assertOthersServed(canary);
    }
  }

  @Test
  void aClientStillSendingItsOversizedBodyReadsThe413RatherThanAReset() throws Exception {
    RawPollingClient victim = connectPolling();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST /socket.io/?EIO=4&transport=polling&sid=" + victim.sid() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: text/plain\r\nContent-Length: " + 2 * LIMIT + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      // the body goes on being sent after the server has answered, and the answer is read only then
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          for (int sent = 0; sent < 3 * LIMIT / 2; sent += 0x10000) {
            out.write(new byte[0x10000]);
          }
        } catch (IOException e) {
          // reset by the server
        }
      });
      writer.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      RawResponse r = readResponse(socket.getInputStream());
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.headers().get("connection")).isEqualToIgnoringCase("close");
    }
    assertServed(victim);
  }

  @Test
  void aBodyOfExactlyTheLimitIsAccepted() {
    RawPollingClient client = connectPolling();
    String prefix = "42[\"echo\",\"";
    String payload = prefix + "x".repeat(LIMIT - prefix.length() - 2) + "\"]";
    assertThat(payload.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);

    assertThat(client.post(payload).body()).isEqualTo("ok");
    assertThat(pollSkippingPings(client)).isEqualTo(payload);
  }

  // ---- WebSocket messages ----

  private void assertClosedWith1009(RawWebSocketClient attacker, RawWebSocketClient canary) {
    assertThat(attacker.awaitClose(WAIT).closeStatus()).isEqualTo(1009);
    await().atMost(WAIT).until(() -> !disconnects.isEmpty());
    assertThat(handled).isEmpty();
    assertOthersServed(canary);
  }

  @Test
  void aTextMessageOverTheLimitIsClosedWith1009() {
    try (RawWebSocketClient canary = connectWebSocket(); RawWebSocketClient attacker = connectWebSocket()) {
      attacker.sendText("42[\"echo\",\"" + "x".repeat(LIMIT) + "\"]");
      assertClosedWith1009(attacker, canary);
    }
  }

  @Test
  void aBinaryMessageOverTheLimitIsClosedWith1009() {
    try (RawWebSocketClient canary = connectWebSocket(); RawWebSocketClient attacker = connectWebSocket()) {
      attacker.sendText("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]");
      attacker.sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[LIMIT + 1])));
      assertClosedWith1009(attacker, canary);
    }
  }

  @Test
  void aFragmentedMessageAddingUpToMoreThanTheLimitIsClosedWith1009() {
    try (RawWebSocketClient canary = connectWebSocket(); RawWebSocketClient attacker = connectWebSocket()) {
      byte[] part = "x".repeat(LIMIT / 2 + 1).getBytes(StandardCharsets.US_ASCII);
      attacker.sendFrame(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(("42[\"echo\",\"").getBytes(
          StandardCharsets.US_ASCII))));
      attacker.sendFrame(new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(part)));
      attacker.sendFrame(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(part)));
      assertClosedWith1009(attacker, canary);
    }
  }

  @Test
  void aMessageOfExactlyTheLimitIsAccepted() {
    try (RawWebSocketClient client = connectWebSocket()) {
      String prefix = "42[\"echo\",\"";
      String message = prefix + "x".repeat(LIMIT - prefix.length() - 2) + "\"]";
      client.sendText(message);
      assertThat(client.nextText(WAIT)).isEqualTo(message);
    }
  }

  // ---- frame headers (C1) and fragment floods (C2), from a raw socket ----

  @ParameterizedTest
  @ValueSource(longs = {Long.MAX_VALUE, 1L << 31, 1L << 32, LIMIT + 1L})
  void aFrameHeaderDeclaringAHugePayloadIsClosedWith1009AtOnce(long declared) throws IOException {
    try (RawWebSocketClient canary = connectWebSocket(); RawWs ws = RawWs.open(port(), "?EIO=4&transport=websocket")) {
      assertThat(ws.nextText()).startsWith("0{");
      // the header alone, nothing of the payload: the close must come from the header, so the server neither waits
      // for the payload nor reserves room for it (2^31 bytes and more could not be allocated in this 1 GB heap)
      ws.write(RawWs.header(true, 0, 0x2, declared));
      assertThat(ws.awaitCloseStatus(WAIT)).isEqualTo(1009);
      assertOthersServed(canary);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 0})
  void aFloodOfContinuationFramesIsClosedWith1009(int fragmentSize) throws Exception {
    try (RawWebSocketClient canary = connectWebSocket(); RawWs ws = RawWs.open(port(), "?EIO=4&transport=websocket")) {
      assertThat(ws.nextText()).startsWith("0{");
      byte[] first = RawWs.frame(false, 0, 0x1, "4".getBytes(StandardCharsets.US_ASCII));
      byte[] continuation = RawWs.frame(false, 0, 0x0, new byte[fragmentSize]);
      byte[] batch = new byte[continuation.length * 1000];
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(continuation, 0, batch, i * continuation.length, continuation.length);
      }
      // 200k fragments that never end the message, written while this thread waits for the close
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        if (ws.write(first)) {
          for (int i = 0; i < 200 && ws.write(batch); i++) {
            // until the server closes
          }
        }
      });
      assertThat(ws.awaitCloseStatus(WAIT)).isEqualTo(1009);
      writer.get();
      assertOthersServed(canary);
    }
  }
}
