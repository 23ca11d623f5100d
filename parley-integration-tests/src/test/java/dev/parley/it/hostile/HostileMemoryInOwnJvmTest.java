package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.Limits;
import dev.parley.it.hostile.AbstractHostileTest.RawWs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What hostile input costs the server in memory, measured in a server JVM of its own ({@link ChildServer}, 256 MB,
 * one I/O thread), where neither the clients nor the test add to the figures.
 *
 * <p>Catalogue B5: binary packets that declare three attachments and get one are held by the decoder until their
 * connection ends, and freed then, whether the client disconnects or goes silent and is closed by the heartbeat.
 * Catalogue C1 and C2: a frame header declaring a huge payload and a flood of continuation frames make the server
 * allocate little: counted as the heap bytes its Netty threads allocate, which any buffer sized by the declared length
 * would show at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileMemoryInOwnJvmTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int LIMIT = Limits.DEFAULT_MAX_HTTP_BUFFER_SIZE;
  private static final long MB = 1_000_000;
  private static final int ATTACKERS = 100;
  /** One attachment, close to the limit on a packet's attachments (which is also the WebSocket message limit). */
  private static final int ATTACHMENT_BYTES = 900_000;
  private static final String DECLARES_THREE = "453-[\"echo\",{\"_placeholder\":true,\"num\":0},"
      + "{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":2}]";

  private static RawWs connected(int port) throws IOException {
    RawWs ws = RawWs.open(port, "?EIO=4&transport=websocket");
    assertThat(ws.nextText()).startsWith("0{");
    ws.sendText("40");
    assertThat(ws.nextText()).startsWith("40{");
    return ws;
  }

  /**
   * {@link #ATTACKERS} clients each declare three attachments and send one of {@link #ATTACHMENT_BYTES}; returns
   * them once the server holds their partial packets (its heap has grown by nearly all those bytes).
   */
  private static List<RawWs> declareThreeSendOne(ChildServer server, long baseline) throws IOException {
    byte[] attachment = RawWs.frame(true, 0, 0x2, new byte[ATTACHMENT_BYTES]);
    List<RawWs> attackers = new ArrayList<>();
    for (int i = 0; i < ATTACKERS; i++) {
      RawWs ws = connected(server.port());
      attackers.add(ws);
      assertThat(ws.sendText(DECLARES_THREE)).isTrue();
      assertThat(ws.write(attachment)).isTrue();
    }
    long held = (long) ATTACKERS * ATTACHMENT_BYTES * 9 / 10;
    // the attack is real: the server holds the attachments while the packets wait for the two that never come
    server.awaitHeapOver(baseline + held, WAIT);
    assertThat(server.sessions()).isEqualTo(ATTACKERS);
    return attackers;
  }

  /** A first binary packet, complete, so that the baseline is taken with the decoding path loaded. */
  private static void warmUp(ChildServer server) throws IOException {
    try (RawWs ws = connected(server.port())) {
      ws.sendText("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]");
      ws.write(RawWs.frame(true, 0, 0x2, new byte[1000]));
      ws.sendText(DECLARES_THREE);
      ws.write(RawWs.frame(true, 0, 0x2, new byte[1000]));
    }
    await().atMost(WAIT).until(() -> server.sessions() == 0);
  }

  @Test
  void partialPacketsAreFreedWhenTheirClientsDisconnect() throws Exception {
    // a heartbeat longer than the test: only the disconnections can end these sessions
    try (ChildServer server = ChildServer.start("pingIntervalMs=60000", "pingTimeoutMs=60000")) {
      warmUp(server);
      long baseline = server.usedHeapAfterGc();
      List<RawWs> attackers = declareThreeSendOne(server, baseline);

      for (RawWs ws : attackers) {
        ws.close();
      }
      await().atMost(WAIT).until(() -> server.sessions() == 0);
      server.awaitHeapUnder(baseline + 2 * MB, WAIT);
      await().atMost(WAIT).until(() -> server.disconnects.size() == ATTACKERS + 1);
      assertThat(server.disconnects).containsOnly("- transport close");
      assertThat(server.isAlive()).isTrue();
    }
  }

  @Test
  void partialPacketsOfSilentClientsAreFreedWhenTheHeartbeatClosesThem() throws Exception {
    // a heartbeat short enough for a test (5 s), long enough that all 100 hold their packets before the first closes
    try (ChildServer server = ChildServer.start("pingIntervalMs=3000", "pingTimeoutMs=2000")) {
      warmUp(server);
      long baseline = server.usedHeapAfterGc();
      List<RawWs> attackers = declareThreeSendOne(server, baseline);
      try {
        await().atMost(WAIT).until(() -> server.sessions() == 0);
        server.awaitHeapUnder(baseline + 2 * MB, WAIT);
        await().atMost(WAIT).until(() -> server.disconnects.size() == ATTACKERS + 1);
        // the warm-up client's, then those of the attack, each closed by the heartbeat
        assertThat(server.disconnects.subList(1, ATTACKERS + 1)).containsOnly("- ping timeout");
        assertThat(server.isAlive()).isTrue();
      } finally {
        for (RawWs ws : attackers) {
          ws.close();
        }
      }
    }
  }

  // ---- C1: a frame header declaring a huge payload ----

  /**
   * The heap bytes the server's threads allocated while it answered {@code attack} on a fresh connection and closed
   * it, up to the moment the connection was gone from its sessions.
   */
  private static long allocatedWhile(ChildServer server, RawWs ws, byte[] attack, int expectedClose)
      throws IOException {
    long before = server.serverThreadsAllocatedBytes();
    ws.write(attack);
    assertThat(ws.awaitCloseStatus(WAIT)).isEqualTo(expectedClose);
    await().atMost(WAIT).until(() -> server.sessions() == 0);
    return server.serverThreadsAllocatedBytes() - before;
  }

  @ParameterizedTest
  @ValueSource(longs = {Long.MAX_VALUE, 1L << 31})
  void aFrameHeaderDeclaringAHugePayloadCostsTheServerLessThanOneMegabyte(long declared) throws Exception {
    try (ChildServer server = ChildServer.start()) {
      // the same attack once first, so that classes loaded on its path do not count
      try (RawWs ws = connected(server.port())) {
        allocatedWhile(server, ws, RawWs.header(true, 0, 0x2, declared), 1009);
      }
      try (RawWs ws = connected(server.port())) {
        long allocated = allocatedWhile(server, ws, RawWs.header(true, 0, 0x2, declared), 1009);
        assertThat(allocated).as("bytes allocated by the server for a header declaring %d", declared)
            .isLessThan(MB);
      }
      assertThat(server.isAlive()).isTrue();
    }
  }

  /**
   * The measurement itself: a message the server does read (of the limit, so it is closed as an attachment nobody
   * announced once read) shows as more than the bound above, so a header whose declared size the server acted upon
   * could not pass that test.
   */
  @Test
  void aPayloadTheServerReadsShowsInTheMeasurement() throws Exception {
    try (ChildServer server = ChildServer.start()) {
      byte[] message = RawWs.frame(true, 0, 0x2, new byte[LIMIT]);
      try (RawWs ws = connected(server.port())) {
        allocatedWhile(server, ws, message, 1000);
      }
      try (RawWs ws = connected(server.port())) {
        assertThat(allocatedWhile(server, ws, message, 1000)).isGreaterThan(MB);
      }
    }
  }

  // ---- C2: a flood of continuation frames ----

  /** 200,000 continuation frames of {@code fragmentSize} bytes after a text frame that starts a message. */
  private static long floodAllocates(ChildServer server, int fragmentSize) throws Exception {
    try (RawWs ws = connected(server.port())) {
      byte[] continuation = RawWs.frame(false, 0, 0x0, new byte[fragmentSize]);
      byte[] batch = new byte[continuation.length * 1000];
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(continuation, 0, batch, i * continuation.length, continuation.length);
      }
      long before = server.serverThreadsAllocatedBytes();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        if (ws.write(RawWs.frame(false, 0, 0x1, "4".getBytes(StandardCharsets.US_ASCII)))) {
          for (int i = 0; i < 200 && ws.write(batch); i++) {
            // until the server closes
          }
        }
      });
      assertThat(ws.awaitCloseStatus(WAIT)).isEqualTo(1009);
      writer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      await().atMost(WAIT).until(() -> server.sessions() == 0);
      return server.serverThreadsAllocatedBytes() - before;
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 0})
  void aFloodOfContinuationFramesIsCutBeforeItCostsTheServerMuch(int fragmentSize) throws Exception {
    try (ChildServer server = ChildServer.start()) {
      floodAllocates(server, fragmentSize);
      long baseline = server.usedHeapAfterGc();
      long allocated = floodAllocates(server, fragmentSize);
      // the 10,000 fragments read before the cut cost about 1.6 MB (1-byte) or 0.3 MB (empty); the 200,000 of the
      // flood would cost twenty times that, so this bound also fails a server that reads them all
      assertThat(allocated).as("bytes allocated by the server for the flood").isLessThan(4 * MB);
      assertThat(server.usedHeapAfterGc()).isLessThan(baseline + MB);
      assertThat(server.isAlive()).isTrue();
    }
  }
}
