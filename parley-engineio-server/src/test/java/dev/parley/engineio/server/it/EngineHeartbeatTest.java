package dev.parley.engineio.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat with pingInterval 300 ms and pingTimeout 200 ms: the server pings, a pong schedules the next ping
 * one interval later, and a session that does not answer is closed with reason {@code ping timeout}.
 *
 * <p>Lower bounds are measured from before the request that starts the server's timer, so they hold exactly; upper
 * bounds leave room for a loaded machine.
 */
class EngineHeartbeatTest extends AbstractEchoServerTest {
  private static final long INTERVAL_MS = 300;
  private static final long TIMEOUT_MS = 200;
  /** How late a timer may be observed on a busy two-core machine before we call it wrong. */
  private static final long SLACK_MS = 700;

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Test
  void pollingPingsEveryIntervalAndEachPongSchedulesTheNext() {
    long start = System.nanoTime();
    String sid = handshake();
    for (int i = 0; i < 3; i++) {
      Reply ping = get(pollingQuery(sid));
      long elapsed = millisSince(start);
      assertThat(ping.body()).isEqualTo("2");
      assertThat(elapsed).as("ping %d after %d ms", i, elapsed).isBetween(INTERVAL_MS, INTERVAL_MS + SLACK_MS);
      start = System.nanoTime();
      postOk(sid, "3");
    }
    // three intervals (over 900 ms) is well past pingInterval + pingTimeout: only the pongs kept it open
    assertThat(echo.closeReasons).isEmpty();
    postOk(sid, "4alive");
    assertThat(poll(sid)).isEqualTo("4alive");
  }

  @Test
  void pollingSessionWithoutPongIsClosedAtPingIntervalPlusPingTimeout() {
    long start = System.nanoTime();
    String sid = handshake();
    assertThat(get(pollingQuery(sid)).body()).isEqualTo("2");

    await().atMost(WAIT).until(() -> !echo.closeReasons.isEmpty());
    long elapsed = millisSince(start);
    assertThat(echo.closeReasons).containsExactly("ping timeout");
    assertThat(elapsed).isBetween(INTERVAL_MS + TIMEOUT_MS, INTERVAL_MS + TIMEOUT_MS + SLACK_MS);
    assertSessionUnknown(sid);
  }

  @Test
  void pollingSessionThatNeverPollsIsClosedByTheHeartbeat() {
    String sid = handshake();
    await().atMost(WAIT).until(() -> !echo.closeReasons.isEmpty());
    assertThat(echo.closeReasons).containsExactly("ping timeout");
    assertSessionUnknown(sid);
  }

  @Test
  void webSocketPingsEveryIntervalAndEachPongSchedulesTheNext() {
    long start = System.nanoTime();
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      assertThat(ws.nextText(WAIT)).startsWith("0{");
      for (int i = 0; i < 3; i++) {
        assertThat(ws.nextText(WAIT)).isEqualTo("2");
        long elapsed = millisSince(start);
        assertThat(elapsed).as("ping %d after %d ms", i, elapsed).isBetween(INTERVAL_MS, INTERVAL_MS + SLACK_MS);
        start = System.nanoTime();
        ws.sendText("3");
      }
      assertThat(echo.closeReasons).isEmpty();
      ws.sendText("4alive");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4alive");
    }
  }

  @Test
  void webSocketWithoutPongIsClosedWithPingTimeout() {
    long start = System.nanoTime();
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      assertThat(ws.nextText(WAIT)).startsWith("0{");
      assertThat(ws.nextText(WAIT)).isEqualTo("2");

      ws.awaitClose(WAIT);
      long elapsed = millisSince(start);
      assertThat(elapsed).isBetween(INTERVAL_MS + TIMEOUT_MS, INTERVAL_MS + TIMEOUT_MS + SLACK_MS);
      await().atMost(WAIT).until(() -> !echo.closeReasons.isEmpty());
      assertThat(echo.closeReasons).containsExactly("ping timeout");
    }
  }

  @Test
  void aPongFloodNeitherAdvancesNorMultipliesNorPostponesPings() {
    String flood = ("3" + RS).repeat(4999) + "3"; // one body: the server handles it in one go
    long start = System.nanoTime();
    String sid = handshake();
    postOk(sid, flood); // pongs that answer no ping

    Reply first = get(pollingQuery(sid));
    assertThat(first.body()).isEqualTo("2");
    assertThat(millisSince(start)).isGreaterThanOrEqualTo(INTERVAL_MS);

    long pongs = System.nanoTime();
    postOk(sid, flood); // the first answers the ping, the other 4,999 answer nothing
    Reply second = get(pollingQuery(sid));
    assertThat(second.body()).as("exactly one ping, one interval later").isEqualTo("2");
    assertThat(millisSince(pongs)).isGreaterThanOrEqualTo(INTERVAL_MS);

    // and the flood bought no time: without a pong for this ping the session ends
    await().atMost(WAIT).until(() -> !echo.closeReasons.isEmpty());
    assertThat(echo.closeReasons).containsExactly("ping timeout");
    assertSessionUnknown(sid);
  }

  @Test
  void aPongFloodOverWebSocketLeavesTheHeartbeatWorking() {
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      assertThat(ws.nextText(WAIT)).startsWith("0{");
      for (int i = 0; i < 2000; i++) {
        ws.sendText("3");
      }
      ws.sendText("4after-flood");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4after-flood");
      // pings still come, and once they go unanswered the session ends as usual
      Ws.Frame frame;
      do {
        frame = ws.next(WAIT);
        assertThat(frame).isNotNull();
      } while (!frame.isClose());
      await().atMost(WAIT).until(() -> !echo.closeReasons.isEmpty());
      assertThat(echo.closeReasons).containsExactly("ping timeout");
    }
  }

  @Test
  void aPingFromTheClientIsAnErrorInV4() {
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      assertThat(ws.nextText(WAIT)).startsWith("0{");
      ws.sendText("2");
      ws.awaitClose(WAIT);
      await().atMost(WAIT).until(() -> !echo.closeReasons.isEmpty());
      assertThat(echo.closeReasons).containsExactly("transport error");
    }
  }
}
