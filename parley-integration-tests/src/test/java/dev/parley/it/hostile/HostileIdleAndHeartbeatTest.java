package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.Limits;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold a connection without using it, or flood it with packets that cost nothing to send (catalogue D5,
 * A7, A5): a WebSocket that never joins a namespace is closed at connectTimeout, a client that never answers pings at
 * pingInterval + pingTimeout, a pong flood changes nothing, and a body of tiny packets is refused by the per-payload
 * packet cap.
 */
class HostileIdleAndHeartbeatTest extends AbstractHostileTest {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration PING_INTERVAL = Duration.ofMillis(300);
  private static final Duration PING_TIMEOUT = Duration.ofMillis(200);

  @Override
  ServerOptions.Builder options() {
    // the heartbeat (10 s) is longer than connectTimeout: only the latter can close an idle WebSocket here
    return super.options().connectTimeout(CONNECT_TIMEOUT);
  }

  private void restartWithShortHeartbeat() {
    restart(ServerOptions.builder().pingInterval(PING_INTERVAL).pingTimeout(PING_TIMEOUT));
  }

  /** Reads frames until the close; answers nothing. Returns the milliseconds it took from {@code start}. */
  private static long awaitCloseWithoutAnswering(RawWs ws, long start) throws IOException {
    ws.awaitCloseStatus(WAIT);
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void idleWebSocketWithoutConnect() throws IOException {
    long start = System.nanoTime(); // before the handshake: the server's clock starts with it
    try (RawWebSocketClient canary = connectWebSocket(); RawWs idle = RawWs.open(port(), "?EIO=4&transport=websocket")) {
      assertThat(idle.nextText()).startsWith("0{");

      long elapsed = awaitCloseWithoutAnswering(idle, start);
      assertThat(elapsed).as("closed after %d ms", elapsed).isGreaterThanOrEqualTo(CONNECT_TIMEOUT.toMillis());
      await().atMost(WAIT).until(() -> io.engine().clientsCount() == 1);
      assertThat(disconnects).isEmpty(); // it never was a socket

      // the canary joined a namespace in time: connectTimeout no longer applies to it
      assertOthersServed(canary);
    }
  }

  @Test
  void eioHeartbeatEnforced() throws IOException {
    restartWithShortHeartbeat();
    long start = System.nanoTime(); // before the handshake: the server's clock starts with it
    try (RawWs silent = RawWs.open(port(), "?EIO=4&transport=websocket")) {
      assertThat(silent.nextText()).startsWith("0{");
      silent.sendText("40");
      assertThat(silent.nextText()).startsWith("40{");

      long elapsed = awaitCloseWithoutAnswering(silent, start);
      assertThat(elapsed).isGreaterThanOrEqualTo(PING_INTERVAL.plus(PING_TIMEOUT).toMillis());
      await().atMost(WAIT).until(() -> disconnects.contains("ping timeout"));
    }
  }

  @Test
  void aPongFloodNeitherGrowsMemoryNorChangesTheHeartbeat() throws IOException {
    restartWithShortHeartbeat();
    long heapBefore = usedHeapAfterGc(); // before connecting: a collection takes longer than the ping timeout
    try (RawWs flooder = RawWs.open(port(), "?EIO=4&transport=websocket")) {
      assertThat(flooder.nextText()).startsWith("0{");
      flooder.sendText("40");
      assertThat(flooder.nextText()).startsWith("40{");

      byte[] pong = RawWs.frame(true, 0, 0x1, "3".getBytes(StandardCharsets.US_ASCII));
      byte[] batch = new byte[pong.length * 1000];
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(pong, 0, batch, i * pong.length, pong.length);
      }
      for (int i = 0; i < 10; i++) {
        assertThat(flooder.write(batch)).as("the server keeps the connection").isTrue();
      }

      // then it behaves: pings come one pingInterval apart (the unanswered pongs scheduled none) and it stays
      long previous = 0;
      for (int pings = 0; pings < 5; ) {
        String text = flooder.nextText();
        if ("2".equals(text)) {
          long now = System.nanoTime();
          if (previous != 0) {
            assertThat(Duration.ofNanos(now - previous)).isGreaterThanOrEqualTo(PING_INTERVAL);
          }
          previous = now;
          pings++;
          flooder.sendText("3");
        }
      }
      assertThat(disconnects).isEmpty();
      assertThat(usedHeapAfterGc()).isLessThan(heapBefore + 16 * 1024 * 1024);
    }
  }

  @Test
  void eioTinyPacketFloodIsLinear() {
    try (RawWebSocketClient canary = connectWebSocket()) {
      // 1 MB of "4x": a third of a million packets in a body within maxHttpBufferSize
      RawPollingClient attacker = new RawPollingClient(httpBase());
      attacker.handshake();
      String flood = String.join("\u001e", Collections.nCopies(333_333, "4x"));
      assertThat(flood.length()).isLessThanOrEqualTo(Limits.DEFAULT_MAX_HTTP_BUFFER_SIZE);
      assertThat(attacker.post(flood).status()).isEqualTo(400);
      assertThat(attacker.poll().status()).isEqualTo(400); // the session is gone

      // the cap itself is accepted: ten thousand pongs, harmless, in one body
      RawPollingClient client = connectPolling();
      String atTheCap = String.join("\u001e", Collections.nCopies(Limits.DEFAULT_MAX_PACKETS_PER_PAYLOAD, "3"));
      assertThat(client.post(atTheCap).body()).isEqualTo("ok");
      assertServed(client);
      assertThat(handled).containsOnly("any:echo");
      assertOthersServed(canary);
    }
  }
}
