package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.Limits;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.testkit.RawWebSocketClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connection floods from one address (catalogue D1, D2): the per-address session cap answers 429 before any upgrade,
 * gives slots back when sessions close, and leaves other addresses alone; handshakes that are never followed by a
 * poll expire at pingInterval + pingTimeout and leave nothing behind. The second address is 127.0.0.2, on the same
 * loopback interface as the server's 127.0.0.1.
 */
class HostileConnectionCapsTest extends AbstractHostileTest {
  private static final String WS = "?EIO=4&transport=websocket";
  private static final String POLLING_HANDSHAKE = "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\n"
      + "Host: 127.0.0.1\r\n\r\n";
  private static final int CAP = Limits.DEFAULT_MAX_CONNECTIONS_PER_IP;

  private final List<RawWs> open = new ArrayList<>();
  private InetAddress first;
  private InetAddress second;

  @AfterEach
  void closeAll() throws IOException {
    for (RawWs ws : open) {
      ws.close();
    }
  }

  private RawWs openFrom(InetAddress local) throws IOException {
    RawWs ws = RawWs.open(port(), WS, local);
    open.add(ws);
    assertThat(ws.nextText()).startsWith("0{");
    return ws;
  }

  private int handshakeStatusFrom(InetAddress local) throws IOException {
    try (RawWs ws = RawWs.connect(port(), local)) {
      return ws.handshake(WS, "").status();
    }
  }

  /** A client of the main namespace over a raw WebSocket: it connects and gets its echo. */
  private static void assertServed(RawWs ws, String tag) throws IOException {
    ws.sendText("40");
    assertThat(ws.nextText()).startsWith("40{\"sid\":");
    ws.sendText("421[\"echo\",\"" + tag + "\"]");
    assertThat(ws.nextText()).isEqualTo("431[\"" + tag + "\"]");
  }

  @Test
  void perIpConnectionCap() throws IOException {
    first = InetAddress.getByName("127.0.0.1");
    second = InetAddress.getByName("127.0.0.2");
    RawWs canary = openFrom(second);
    for (int i = 0; i < CAP; i++) {
      openFrom(first);
    }
    assertThat(engine().sessionsFrom(first)).isEqualTo(CAP);

    // the next session from that address is refused before any upgrade, over either transport
    assertThat(handshakeStatusFrom(first)).isEqualTo(429);
    RawResponse polling = raw(POLLING_HANDSHAKE);
    assertThat(polling.status()).isEqualTo(429);
    assertThat(polling.body()).doesNotStartWith("0{");
    assertThat(engine().sessionsFrom(first)).isEqualTo(CAP);
    // both refusals are counted, and the sessions open now are the capped ones and the canary
    assertThat(io.engine().stats().refusedOverConnectionCap()).isEqualTo(2);
    assertThat(io.engine().stats().openSessions()).isEqualTo(CAP + 1);

    // another address is unaffected, and the capped address's sessions go on
    assertServed(canary, "canary");
    assertServed(openFrom(second), "newcomer");
    assertServed(open.get(1), "capped");

    // closed sessions give their slots back: ten close, ten more connect, the next is refused again
    for (int i = 0; i < 10; i++) {
      open.remove(1).close();
    }
    await().atMost(WAIT).until(() -> engine().sessionsFrom(first) == CAP - 10);
    for (int i = 0; i < 10; i++) {
      openFrom(first);
    }
    assertThat(handshakeStatusFrom(first)).isEqualTo(429);

    for (RawWs ws : open) {
      ws.close();
    }
    open.clear();
    await().atMost(WAIT).until(() -> engine().countedAddresses() == 0); // no counter leak
    assertThat(handshakeStatusFrom(first)).isEqualTo(101);
  }

  @Test
  void handshakeFloodExpires() throws IOException {
    restart(ServerOptions.builder().pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(200)));
    first = InetAddress.getByName("127.0.0.1");
    long heapBefore = usedHeapAfterGc();

    // 10k handshakes on one kept-alive connection, none ever followed by a poll: the cap holds the sessions to 50
    int sessions = 0;
    int refused = 0;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 10_000; i++) {
        out.write(POLLING_HANDSHAKE.getBytes(StandardCharsets.US_ASCII));
        RawResponse r = readResponse(in);
        if (r.status() == 200) {
          sessions++;
        } else {
          assertThat(r.status()).isEqualTo(429);
          refused++;
        }
        assertThat(engine().sessionsFrom(first)).isLessThanOrEqualTo(CAP);
      }
    }
    assertThat(sessions + refused).isEqualTo(10_000);
    assertThat(refused).isPositive();

    // each expires at pingInterval + pingTimeout: nothing is left, not even the address's counter
    await().atMost(WAIT).until(() -> io.engine().clientsCount() == 0 && engine().countedAddresses() == 0);
    assertThat(disconnects).isEmpty(); // none joined a namespace: no application code ran for them
    assertThat(usedHeapAfterGc()).isLessThan(heapBefore + 16 * 1024 * 1024);
    try (RawWebSocketClient newcomer = connectWebSocket()) {
      assertServed(newcomer);
    }
  }

  @Test
  void withoutTheCapAFloodOfHandshakesStillExpires() throws IOException {
    restart(ServerOptions.builder().pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(200))
        .limits(l -> l.maxConnectionsPerIp(Limits.OFF)));
    long heapBefore = usedHeapAfterGc();
    int peak = 0;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 10_000; i++) {
        out.write(POLLING_HANDSHAKE.getBytes(StandardCharsets.US_ASCII));
        assertThat(readResponse(in).status()).isEqualTo(200);
        peak = Math.max(peak, io.engine().clientsCount());
      }
    }
    assertThat(peak).isGreaterThan(CAP); // the cap was really off
    await().atMost(WAIT).until(() -> io.engine().clientsCount() == 0);
    assertThat(usedHeapAfterGc()).isLessThan(heapBefore + 16 * 1024 * 1024);
  }
}
