package dev.parley.engineio.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Every way a session ends, over both transports, with the reason the server reports to its handler: the client's
 * close packet ({@code transport close}), the server's close ({@code forced close}), an invalid packet
 * ({@code parse error}), a transport failure ({@code transport error}) and shutdown ({@code server shutting down}).
 * The ping timeout is in {@link EngineHeartbeatTest}.
 */
class EngineCloseTest extends AbstractEchoServerTest {

  private void awaitReason(String reason) {
    await().atMost(WAIT).until(() -> !echo.closeReasons.isEmpty());
    assertThat(echo.closeReasons).containsExactly(reason);
  }

  @Test
  void pollingClientClosePacketEndsTheHeldGetWithANoop() {
    String sid = handshake();
    CompletableFuture<Reply> held = heldGet(sid);
    postOk(sid, "1");

    Reply r = answer(held);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("6");
    awaitReason("transport close");
    assertSessionUnknown(sid);
  }

  @Test
  void pollingClientClosePacketWithoutAHeldGetEndsTheSessionWithinPingTimeout() {
    String sid = handshake();
    postOk(sid, "1");

    // no GET comes to collect the noop: the session still ends, with the client's reason
    awaitReason("transport close");
    assertSessionUnknown(sid);
  }

  @Test
  void pollingCloseAfterOtherPacketsInTheSameBodyStillEchoesThemFirst() {
    String sid = handshake();
    CompletableFuture<Reply> held = heldGet(sid);
    postOk(sid, "4last-words" + RS + "1");

    // as in the reference, the echo queued before the close leaves on the held GET; the client's next GET gets the
    // noop, and the session ends with the client's reason
    Reply r = answer(held);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("4last-words");
    assertThat(get(pollingQuery(sid)).body()).isEqualTo("6");
    awaitReason("transport close");
    assertSessionUnknown(sid);
  }

  @Test
  void webSocketClientClosePacketClosesTheConnection() {
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      String sid = sidOf(ws.nextText(WAIT));
      ws.sendText("1");

      ws.awaitClose(WAIT);
      awaitReason("transport close");
      assertSessionUnknown(sid);
    }
  }

  @Test
  void webSocketConnectionDroppedByTheClientIsATransportClose() {
    Ws ws = openWebSocket("?EIO=4&transport=websocket");
    String sid = sidOf(ws.nextText(WAIT));
    ws.close(); // the TCP connection ends without a close packet

    awaitReason("transport close");
    assertSessionUnknown(sid);
  }

  @Test
  void serverCloseOverPollingSendsTheClosePacketToTheHeldGet() {
    String sid = handshake();
    CompletableFuture<Reply> held = heldGet(sid);
    session(sid).close();

    Reply r = answer(held);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("1");
    awaitReason("forced close");
    assertSessionUnknown(sid);
  }

  @Test
  void serverCloseOverPollingDeliversWhatIsQueuedThenTheClosePacket() {
    String sid = handshake();
    postOk(sid, "4queued");
    session(sid).close();

    assertThat(withoutPings(poll(sid))).isEqualTo("4queued");
    Reply close = get(pollingQuery(sid));
    assertThat(close.body()).isEqualTo("1");
    awaitReason("forced close");
    assertSessionUnknown(sid);
  }

  @Test
  void serverCloseOverWebSocketClosesTheConnection() {
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      String sid = sidOf(ws.nextText(WAIT));
      session(sid).close();

      assertThat(ws.awaitClose(WAIT)).isEqualTo(1000);
      awaitReason("forced close");
    }
  }

  @Test
  void invalidPacketOverPollingIsAParseError() {
    String sid = handshake();
    CompletableFuture<Reply> held = heldGet(sid);
    Reply post = post(pollingQuery(sid), "abc");

    assertThat(post.status()).isEqualTo(400);
    assertThat(answer(held).body()).isEqualTo("1");
    awaitReason("parse error");
    assertSessionUnknown(sid);
  }

  @Test
  void invalidPacketOverWebSocketIsAParseError() {
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      String sid = sidOf(ws.nextText(WAIT));
      ws.sendText("abc");

      ws.awaitClose(WAIT);
      awaitReason("parse error");
      assertSessionUnknown(sid);
    }
  }

  @Test
  void shutdownClosesEverySessionWithItsOwnReason() {
    String pollingSid = handshake();
    CompletableFuture<Reply> held = heldGet(pollingSid);
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      sidOf(ws.nextText(WAIT));
      echo.engine.close();

      assertThat(answer(held).body()).isEqualTo("1");
      ws.awaitClose(WAIT);
      await().atMost(WAIT).until(() -> echo.closeReasons.size() == 2);
      assertThat(echo.closeReasons).containsOnly("server shutting down");
      assertThat(get("?EIO=4&transport=polling").status()).isEqualTo(503);
    }
  }
}
