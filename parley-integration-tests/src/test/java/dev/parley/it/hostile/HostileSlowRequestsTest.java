package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.netty.HttpServerLimits;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests that never end (catalogue D4, and the "polling request that is never ended"): the server closes
 * them at its header and body timeouts (500 ms here), serves everyone else meanwhile, and never cuts a long-poll
 * that is waiting for the server rather than for the client.
 */
class HostileSlowRequestsTest extends AbstractHostileTest {
  private static final Duration HEADER_TIMEOUT = Duration.ofMillis(500);
  private static final Duration BODY_TIMEOUT = Duration.ofMillis(700);

  @Override
  ServerOptions.Builder options() {
    return super.options().httpLimits(new HttpServerLimits(8192, 16_384, HEADER_TIMEOUT, BODY_TIMEOUT));
  }

  private java.net.Socket open() throws IOException {
    java.net.Socket socket = new java.net.Socket("127.0.0.1", port());
    socket.setSoTimeout((int) WAIT.toMillis());
    return socket;
  }

  private static void send(java.net.Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** The server closes the connection no sooner than {@code timeout} after {@code start}, and not much later. */
  private static void assertClosedAfter(java.net.Socket socket, long start, Duration timeout) throws IOException {
    assertClosedByPeer(socket, WAIT);
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    assertThat(elapsed).as("closed after %d ms", elapsed)
        .isBetween(timeout.toMillis(), timeout.toMillis() + WAIT.toMillis() - 1000);
  }

  private static String postHead(String sid, String framing) {
    return "POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: text/plain\r\n" + framing + "\r\n";
  }

  @Test
  void aPostWhoseBodyNeverCompletesIsClosedByTheBodyTimeout() throws IOException {
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient victim = connectPolling();
      // connected only now: the header timeout runs from the connection's start
      try (java.net.Socket attacker = open()) {
        long start = System.nanoTime();
        send(attacker, postHead(victim.sid(), "Content-Length: 100\r\n") + "42[\"echo\"");

        assertServed(canary); // served while the attack is under way
        assertClosedAfter(attacker, start, BODY_TIMEOUT);
      }
      assertThat(handled).containsOnly("any:echo"); // the canary's; nothing of the partial body
      assertServed(victim); // the session the POST named is unharmed
      assertOthersServed(canary);
    }
  }

  @Test
  void aChunkedPostThatNeverEndsIsClosedByTheBodyTimeout() throws IOException {
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient victim = connectPolling();
      try (java.net.Socket attacker = open()) {
        long start = System.nanoTime();
        send(attacker, postHead(victim.sid(), "Transfer-Encoding: chunked\r\n") + "5\r\n42[\"e\r\n");
        assertClosedAfter(attacker, start, BODY_TIMEOUT);
      }
      assertServed(victim);
      assertOthersServed(canary);
    }
  }

  @Test
  void aBodyTrickledByteByByteIsClosedByTheBodyTimeoutNotKeptAliveByEachByte() throws IOException {
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient victim = connectPolling();
      try (java.net.Socket attacker = open()) {
        long start = System.nanoTime();
        send(attacker, postHead(victim.sid(), "Content-Length: 1000\r\n"));
        // one byte every 100 ms: each arrives well within the timeout, the whole body never does
        trickle.scheduleAtFixedRate(() -> {
          try {
            send(attacker, "x");
          } catch (IOException e) {
            throw new IllegalStateException(e); // closed: stops the schedule
          }
        }, 100, 100, TimeUnit.MILLISECONDS);
        assertClosedAfter(attacker, start, BODY_TIMEOUT);
      }
      assertOthersServed(canary);
    } finally {
      trickle.shutdownNow();
    }
  }

  @Test
  void anOversizedBodyThatNeverEndsGets413AndIsThenClosedByTheBodyTimeout() throws IOException {
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient victim = connectPolling();
      try (java.net.Socket attacker = open()) {
        send(attacker, postHead(victim.sid(), "Content-Length: 5000000\r\n") + "4");
        assertThat(readResponse(attacker.getInputStream()).status()).isEqualTo(413);
        // the server drains what the client still sends for a while, but not for ever: writes fail once it is gone
        await().atMost(WAIT).until(() -> !stillWritable(attacker));
      }
      assertServed(victim);
      assertOthersServed(canary);
    }
  }

  private static boolean stillWritable(java.net.Socket socket) {
    try {
      send(socket, "xxxx");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void headersThatNeverCompleteAreClosedByTheHeaderTimeout() throws IOException {
    try (RawWebSocketClient canary = connectWebSocket()) {
      long start = System.nanoTime();
      try (java.net.Socket attacker = open()) {
        send(attacker, "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        assertClosedAfter(attacker, start, HEADER_TIMEOUT);
      }
      assertOthersServed(canary);
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedByTheHeaderTimeout() throws IOException {
    long start = System.nanoTime();
    try (RawWebSocketClient canary = connectWebSocket(); java.net.Socket attacker = open()) {
      assertClosedAfter(attacker, start, HEADER_TIMEOUT);
      assertOthersServed(canary);
    }
  }

  @Test
  void manySlowConnectionsAtOnceAreAllClosedAndOthersAreServedMeanwhile() throws IOException {
    List<java.net.Socket> attackers = new ArrayList<>();
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient victim = connectPolling();
      long start = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        java.net.Socket socket = open();
        attackers.add(socket);
        send(socket, i % 2 == 0 ? "GET /socket.io/?EIO=4" : postHead(victim.sid(), "Content-Length: 10\r\n") + "4");
      }
      try (RawWebSocketClient newcomer = connectWebSocket()) {
        assertServed(newcomer);
        assertServed(victim);
      }
      for (java.net.Socket socket : attackers) {
        assertClosedAfter(socket, start, HEADER_TIMEOUT);
      }
      assertOthersServed(canary);
    } finally {
      for (java.net.Socket socket : attackers) {
        socket.close();
      }
    }
  }

  @Test
  void aLongPollHeldByTheServerIsNotCutByTheTimeouts() {
    RawPollingClient client = connectPolling();
    CompletableFuture<RawPollingClient.Response> held = client.pollAsync();

    // held for twice the longest timeout: the wait is the server's, not the client's
    Duration hold = BODY_TIMEOUT.multipliedBy(2);
    await().during(hold).atMost(hold.plus(WAIT)).until(() -> !held.isDone());
    assertThat(client.post("42[\"echo\",\"late\"]").body()).isEqualTo("ok");

    RawPollingClient.Response answer = held.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("42[\"echo\",\"late\"]");
  }
}
