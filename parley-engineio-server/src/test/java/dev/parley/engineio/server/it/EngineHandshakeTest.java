package dev.parley.engineio.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.server.TransportName;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The handshake over both transports, and the request checks with the reference's error codes: 0 unknown transport,
 * 1 unknown session, 2 bad handshake method, 3 bad request, 5 unsupported protocol version.
 */
class EngineHandshakeTest extends AbstractEchoServerTest {

  @Test
  void pollingHandshakeAnnouncesExactlyTheFiveKeysWithTheConfiguredValues() {
    Reply r = get("?EIO=4&transport=polling");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualToIgnoringCase("text/plain; charset=UTF-8");
    Matcher open = OPEN_PACKET.matcher(r.body());
    assertThat(open.matches()).as("open packet %s", r.body()).isTrue();
    assertThat(open.group(2)).isEqualTo("\"websocket\"");
    assertThat(open.group(3)).isEqualTo("300");
    assertThat(open.group(4)).isEqualTo("200");
    assertThat(open.group(5)).isEqualTo("1000000");
    assertThat(echo.engine.clientsCount()).isEqualTo(1);
  }

  @Test
  void everyHandshakeGetsItsOwnSid() {
    Set<String> sids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      sids.add(handshake());
    }
    assertThat(sids).hasSize(20);
    assertThat(echo.engine.clientsCount()).isEqualTo(20);
  }

  @Test
  void webSocketHandshakeSendsTheOpenPacketFirstWithNoUpgrades() {
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      String open = ws.nextText(WAIT);
      Matcher m = OPEN_PACKET.matcher(open);
      assertThat(m.matches()).as("open packet %s", open).isTrue();
      assertThat(m.group(2)).isEmpty();
      assertThat(m.group(3)).isEqualTo("300");
      assertThat(m.group(4)).isEqualTo("200");
      assertThat(m.group(5)).isEqualTo("1000000");

      ws.sendText("4hello");
      assertThat(ws.nextMessage(WAIT)).isEqualTo("4hello");
    }
  }

  @ParameterizedTest(name = "{0} -> 400 code {1}")
  @CsvSource(delimiter = '|', value = {
      "?transport=polling                    | 5 | Unsupported protocol version",
      "?EIO=3&transport=polling              | 5 | Unsupported protocol version",
      "?EIO=abc&transport=polling            | 5 | Unsupported protocol version",
      "?EIO=5&transport=polling              | 5 | Unsupported protocol version",
      "?EIO=4                                | 0 | Transport unknown",
      "?EIO=4&transport=abc                  | 0 | Transport unknown",
      "?EIO=4&transport=__proto__            | 0 | Transport unknown",
      "?EIO=4&transport=POLLING              | 0 | Transport unknown",
      "?EIO=4&transport=polling&sid=unknown  | 1 | Session ID unknown",
      "?EIO=4&transport=websocket            | 3 | Bad request",
  })
  void invalidRequestsGetTheReferenceErrorCode(String query, int code, String message) {
    Reply r = get(query);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("content-type")).startsWith("application/json");
    assertThat(r.body()).isEqualTo("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    assertThat(echo.engine.clientsCount()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"POST", "PUT"})
  void aHandshakeMustBeAGet(String method) {
    Reply r = send(HttpRequest.newBuilder(URI.create(base() + "?EIO=4&transport=polling")).timeout(WAIT)
        .method(method, HttpRequest.BodyPublishers.ofString("4x")).build());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
    assertThat(echo.engine.clientsCount()).isZero();
  }

  @Test
  void aSidOfAClosedSessionIsUnknown() {
    String sid = handshake();
    var pending = getAsync(pollingQuery(sid));
    postOk(sid, "1");
    assertThat(answer(pending).body()).isEqualTo("6");
    assertSessionUnknown(sid);
  }

  @Test
  void webSocketWithAnUnknownSidIsRefusedBeforeSwitchingProtocols() {
    RawResponse r = raw(webSocketRequest("?EIO=4&transport=websocket&sid=unknown", ""));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
  }

  @ParameterizedTest(name = "{0} -> 400 code {1}")
  @CsvSource(delimiter = '|', value = {
      "?EIO=3&transport=websocket      | 5",
      "?transport=websocket            | 5",
      "?EIO=4&transport=nope           | 0",
      "?EIO=4                          | 0",
  })
  void invalidWebSocketHandshakesAreRefusedBeforeSwitchingProtocols(String query, int code) {
    RawResponse r = raw(webSocketRequest(query, ""));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"code\":" + code + ",");
    assertThat(echo.engine.clientsCount()).isZero();
  }

  // ---- the transports option ----

  @Test
  void withPollingOnlyTheHandshakeOffersNoUpgradeAndWebSocketsAreUnknown() throws InterruptedException {
    restartWith(EchoServer.suiteOptions().transports(Set.of(TransportName.POLLING)));
    Matcher open = OPEN_PACKET.matcher(get("?EIO=4&transport=polling").body());
    assertThat(open.matches()).isTrue();
    assertThat(open.group(2)).isEmpty();

    RawResponse ws = raw(webSocketRequest("?EIO=4&transport=websocket", ""));
    assertThat(ws.status()).isEqualTo(400);
    assertThat(ws.body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
    RawResponse upgrade = raw(webSocketRequest("?EIO=4&transport=websocket&sid=" + open.group(1), ""));
    assertThat(upgrade.status()).isEqualTo(400);
    assertThat(echo.engine.clientsCount()).isEqualTo(1);
  }

  @Test
  void withWebSocketOnlyPollingIsAnUnknownTransport() throws InterruptedException {
    restartWith(EchoServer.suiteOptions().transports(Set.of(TransportName.WEBSOCKET)));
    Reply polling = get("?EIO=4&transport=polling");
    assertThat(polling.status()).isEqualTo(400);
    assertThat(polling.body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");

    try (Ws ws = openWebSocket("?EIO=4&transport=websocket")) {
      Matcher open = OPEN_PACKET.matcher(ws.nextText(WAIT));
      assertThat(open.matches()).isTrue();
      assertThat(open.group(2)).isEmpty();
    }
  }

  @Test
  void withUpgradesDisabledTheHandshakeOffersNone() throws InterruptedException {
    restartWith(EchoServer.suiteOptions().allowUpgrades(false));
    Matcher open = OPEN_PACKET.matcher(get("?EIO=4&transport=polling").body());
    assertThat(open.matches()).isTrue();
    assertThat(open.group(2)).isEmpty();
    try (Ws ws = openWebSocket("?EIO=4&transport=websocket&sid=" + open.group(1))) {
      ws.awaitClose(WAIT); // accepted then closed, like the reference; the polling session is left alone
    }
    postOk(open.group(1), "4still-polling");
    assertThat(poll(open.group(1))).isEqualTo("4still-polling");
  }
}
