package dev.parley.engineio.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.server.TransportName;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The upgrade from polling to WebSocket: {@code 2probe}/{@code 3probe}, a noop to the held GET, {@code 5}, then the
 * WebSocket carries the session and the polling transport, and any second WebSocket, are refused.
 */
class EngineUpgradeTest extends AbstractEchoServerTest {

  private String upgradeQuery(String sid) {
    return "?EIO=4&transport=websocket&sid=" + sid;
  }

  /** Probes and completes the upgrade of a polling session; returns the WebSocket that now carries it. */
  private Ws upgrade(String sid) {
    CompletableFuture<Reply> held = heldGet(sid);
    Ws ws = openWebSocket(upgradeQuery(sid));
    ws.sendText("2probe");
    assertThat(ws.nextText(WAIT)).isEqualTo("3probe");
    pollUntilNoop(sid, held);
    ws.sendText("5");
    return ws;
  }

  @Test
  void probeThenUpgradeMovesTheSessionToTheWebSocket() {
    String sid = handshake();
    try (Ws ws = upgrade(sid)) {
      ws.sendText("4over-websocket");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4over-websocket");
      ws.sendBinary(new byte[] {1, 2, 3, 4});
      Ws.Frame binary = ws.next(WAIT);
      assertThat(binary.binary()).containsExactly(1, 2, 3, 4);
      assertThat(session(sid).transport()).isEqualTo(TransportName.WEBSOCKET);
      assertThat(echo.closeReasons).isEmpty();
    }
  }

  @Test
  void aGetDuringTheUpgradeGetsANoop() {
    String sid = handshake();
    try (Ws ws = openWebSocket(upgradeQuery(sid))) {
      ws.sendText("2probe");
      assertThat(ws.nextText(WAIT)).isEqualTo("3probe");

      pollUntilNoop(sid, getAsync(pollingQuery(sid)));
      ws.sendText("5");
      ws.sendText("4done");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4done");
    }
  }

  @Test
  void packetsQueuedOnPollingDuringTheUpgradeContinueOnTheWebSocket() {
    String sid = handshake();
    try (Ws ws = openWebSocket(upgradeQuery(sid))) {
      ws.sendText("2probe");
      assertThat(ws.nextText(WAIT)).isEqualTo("3probe");
      postOk(sid, "4queued-1" + RS + "4queued-2"); // echoed while no GET is held: they wait in the polling buffer
      ws.sendText("5");

      assertThat(ws.nextMessage(WAIT)).isEqualTo("4queued-1");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4queued-2");
    }
  }

  @Test
  void afterTheUpgradePollingRequestsForTheSessionAreRefused() {
    String sid = handshake();
    try (Ws ws = upgrade(sid)) {
      ws.sendText("4sync");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4sync"); // the upgrade is complete on the server

      Reply get = get(pollingQuery(sid));
      assertThat(get.status()).isEqualTo(400);
      assertThat(get.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
      Reply post = post(pollingQuery(sid), "4x");
      assertThat(post.status()).isEqualTo(400);

      ws.sendText("4still-open");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4still-open");
    }
  }

  @Test
  void aSecondWebSocketForAnUpgradedSessionIsClosedAndTheFirstGoesOn() {
    String sid = handshake();
    try (Ws ws = upgrade(sid)) {
      ws.sendText("4sync");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4sync");

      try (Ws second = openWebSocket(upgradeQuery(sid))) {
        second.awaitClose(WAIT);
      }
      ws.sendText("4first");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4first");
      assertThat(echo.closeReasons).isEmpty();
    }
  }

  @Test
  void aSecondConcurrentUpgradeIsClosedAndTheFirstCompletes() {
    String sid = handshake();
    try (Ws first = openWebSocket(upgradeQuery(sid))) {
      first.sendText("2probe");
      assertThat(first.nextText(WAIT)).isEqualTo("3probe");

      try (Ws second = openWebSocket(upgradeQuery(sid))) {
        second.awaitClose(WAIT);
      }
      first.sendText("5");
      first.sendText("4first");
      assertThat(first.nextMessage(WAIT)).isEqualTo("4first");
    }
  }

  @Test
  void aBadProbeClosesTheCandidateWebSocketButNotTheSession() {
    String sid = handshake();
    try (Ws ws = openWebSocket(upgradeQuery(sid))) {
      ws.sendText("4not-a-probe");
      ws.awaitClose(WAIT);
    }
    postOk(sid, "4polling-goes-on");
    assertThat(poll(sid)).isEqualTo("4polling-goes-on");
    assertThat(session(sid).transport()).isEqualTo(TransportName.POLLING);

    // and a proper upgrade still succeeds afterwards
    try (Ws ws = upgrade(sid)) {
      ws.sendText("4upgraded");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4upgraded");
    }
  }

  @Test
  void upgradingAWebSocketSessionIsRefusedWithoutHarmingIt() {
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      String sid = sidOf(ws.nextText(WAIT));
      try (Ws second = openWebSocket(upgradeQuery(sid))) {
        second.awaitClose(WAIT);
      }
      ws.sendText("4unharmed");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4unharmed");
      assertThat(echo.closeReasons).isEmpty();
    }
  }

  @Test
  void anUpgradeRequestWithAnotherOriginIsRefusedWhenOriginsAreRestricted() throws InterruptedException {
    restartWith(EchoServer.suiteOptions().allowedOrigins(List.of("https://app.example")));
    String sid = handshake();
    RawResponse r = raw(webSocketRequest(upgradeQuery(sid), "Origin: https://evil.example\r\n"));
    assertThat(r.status()).isEqualTo(403);

    try (Ws ws = openWebSocket(upgradeQuery(sid), Map.of("Origin", "https://app.example"))) {
      ws.sendText("2probe");
      assertThat(ws.nextText(WAIT)).isEqualTo("3probe");
    }
  }
}
