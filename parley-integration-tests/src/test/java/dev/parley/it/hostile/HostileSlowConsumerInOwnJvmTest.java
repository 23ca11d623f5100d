package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.Limits;
import dev.parley.it.hostile.AbstractHostileTest.RawWs;
import dev.parley.testkit.RawWebSocketClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Catalogue E1 as written: the server runs in a JVM of its own with a 256 MB heap ({@link ChildServer}), a raw TCP
 * client joins {@code room1} and never reads again, and 100 messages of 100 kB go to {@code room1}, which 20 clients
 * that keep up also joined. {@link HostileSlowConsumersTest#slowConsumerIsCutOff} is the same attack on a server in
 * the test's own JVM, where the engine's counters can be read directly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileSlowConsumerInOwnJvmTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long QUEUE_LIMIT = Limits.DEFAULT_OUTBOUND_QUEUE_MAX_BYTES;
  private static final int MESSAGE_BYTES = 100_000;
  private static final long MB = 1_000_000;

  /** Joins {@code room1} as {@code slow} with a 4 kB receive buffer, then never reads again. */
  private static RawWs stalledClient(int port) throws IOException {
    RawWs ws = RawWs.connect(port, null, 4096);
    assertThat(ws.handshake("?EIO=4&transport=websocket&name=slow", "").status()).isEqualTo(101);
    assertThat(ws.nextText()).startsWith("0{");
    ws.sendText("40");
    assertThat(ws.nextText()).startsWith("40{");
    ws.sendText("421[\"join\",\"room1\"]");
    assertThat(ws.nextText()).isEqualTo("431[]");
    return ws;
  }

  private static RawWebSocketClient fastClient(int port, String name) {
    RawWebSocketClient client = AbstractHostileTest.openWebSocket("ws://127.0.0.1:" + port
        + "/socket.io/?EIO=4&transport=websocket&name=" + name);
    assertThat(client.nextText(WAIT)).startsWith("0{");
    client.sendText("40");
    assertThat(client.nextText(WAIT)).startsWith("40{");
    client.sendText("421[\"join\",\"room1\"]");
    assertThat(client.nextText(WAIT)).isEqualTo("431[]");
    return client;
  }

  private static String expected(int index) {
    char[] data = new char[MESSAGE_BYTES];
    Arrays.fill(data, (char) ('a' + index % 26));
    return "42[\"big\"," + index + ",\"" + new String(data) + "\"]";
  }

  @Test
  void slowConsumerIsCutOffAndAServerWithA256MegabyteHeapNeverRunsOutOfMemory() throws Exception {
    List<RawWebSocketClient> fast = new ArrayList<>();
    try (ChildServer server = ChildServer.start("ioThreads=2"); RawWs slow = stalledClient(server.port())) {
      for (int i = 0; i < 20; i++) {
        fast.add(fastClient(server.port(), "fast" + i));
      }
      long baseline = server.usedHeapAfterGc();
      long maxQueued = 0;
      for (int i = 0; i < 100; i++) {
        assertThat(server.ask("EMIT room1 " + i + " " + MESSAGE_BYTES)).isEqualTo(Integer.toString(i));
        String expected = expected(i);
        // every client that keeps up gets every message, in order
        for (RawWebSocketClient client : fast) {
          assertThat(client.nextText(WAIT)).isEqualTo(expected);
        }
        String queued = server.ask("QUEUED slow");
        if (!"closed".equals(queued)) {
          maxQueued = Math.max(maxQueued, Long.parseLong(queued));
        }
      }
      await().atMost(WAIT).until(() -> server.disconnects.contains("slow slow consumer"));
      assertThat(server.disconnects).containsExactly("slow slow consumer");
      // Netty's outbound buffer and the session's queue together: the bound, and the message that crossed it
      assertThat(maxQueued).isLessThanOrEqualTo(QUEUE_LIMIT + MESSAGE_BYTES + 64);

      assertThat(server.isAlive()).isTrue();
      assertThat(server.stderr()).doesNotContain("OutOfMemoryError");
      assertThat(server.log()).noneMatch(line -> line.contains("OutOfMemoryError"));
      server.awaitHeapUnder(baseline + 4 * MB, WAIT);

      // the server goes on: a fast client is still answered
      fast.get(0).sendText("4299[\"echo\",\"still here\"]");
      assertThat(fast.get(0).nextText(WAIT)).isEqualTo("4399[\"still here\"]");
      // and the slow client's TCP connection is closed (once it reads what it left unread)
      slow.socket.setReceiveBufferSize(1 << 20);
      AbstractHostileTest.assertClosedByPeer(slow.socket, WAIT);
    } finally {
      fast.forEach(RawWebSocketClient::close);
    }
  }
}
