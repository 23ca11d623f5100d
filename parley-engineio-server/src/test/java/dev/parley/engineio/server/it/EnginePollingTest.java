package dev.parley.engineio.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** HTTP long-polling: GET and POST, payload batching, binary as base64, UTF-8, and the single held GET. */
class EnginePollingTest extends AbstractEchoServerTest {

  @Test
  void aPostIsAnsweredOkAndItsPacketComesBackOnTheNextGet() {
    String sid = handshake();
    Reply post = post(pollingQuery(sid), "4hello");
    assertThat(post.status()).isEqualTo(200);
    assertThat(post.body()).isEqualTo("ok");
    assertThat(post.header("content-type")).startsWith("text/html");

    Reply get = get(pollingQuery(sid));
    assertThat(get.status()).isEqualTo(200);
    assertThat(withoutPings(get.body())).isEqualTo("4hello");
    assertThat(get.header("content-type")).isEqualToIgnoringCase("text/plain; charset=UTF-8");
  }

  @Test
  void packetsOfOnePostComeBackInOneGetJoinedByTheRecordSeparator() {
    String sid = handshake();
    postOk(sid, "4test1" + RS + "4test2" + RS + "4test3");

    assertThat(poll(sid)).isEqualTo("4test1" + RS + "4test2" + RS + "4test3");
  }

  @Test
  void binaryTravelsAsBase64AndIsEchoedAsBinary() {
    String sid = handshake();
    postOk(sid, "bAQIDBA==");
    assertThat(poll(sid)).isEqualTo("bAQIDBA==");

    postOk(sid, "4text" + RS + "bAQID" + RS + "4more");
    assertThat(poll(sid)).isEqualTo("4text" + RS + "bAQID" + RS + "4more");
  }

  @Test
  void textIsUtf8BothWays() {
    String sid = handshake();
    String message = "4h\u00e9llo \u20ac \uD83D\uDE00 \u65e5\u672c";
    postOk(sid, message);

    String echoed = poll(sid);
    assertThat(echoed).isEqualTo(message);
  }

  @Test
  void aHeldGetIsAnsweredAsSoonAsSomethingIsSent() {
    String sid = handshake();
    CompletableFuture<Reply> held = heldGet(sid);
    postOk(sid, "4wake");

    Reply r = answer(held);
    assertThat(r.status()).isEqualTo(200);
    assertThat(withoutPings(r.body())).isEqualTo("4wake");
  }

  @Test
  void aSecondConcurrentGetIsRefusedTheFirstGetsTheCloseAndTheSessionEnds() {
    String sid = handshake();
    CompletableFuture<Reply> first = heldGet(sid);

    Reply second = get(pollingQuery(sid));
    assertThat(second.status()).isEqualTo(400);
    assertThat(second.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
    Reply held = answer(first);
    assertThat(held.status()).isEqualTo(200);
    assertThat(held.body()).isEqualTo("1");
    assertSessionUnknown(sid);
    assertThat(echo.closeReasons).containsExactly("transport error");
  }

  @Test
  void aGetWhoseConnectionDropsClosesTheSession() throws IOException {
    String sid = handshake();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", echo.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      boolean held = false;
      for (int attempt = 0; attempt < 5 && !held; attempt++) {
        out.write(("GET /engine.io/" + pollingQuery(sid) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(WAIT)
            .until(() -> in.available() > 0 || isGetHeld(sid));
        held = in.available() == 0;
        if (!held) { // a ping came first: answer it and poll again on the same connection
          assertThat(readResponse(in).body()).isEqualTo("2");
          postOk(sid, "3");
        }
      }
      assertThat(held).as("the server holds the GET").isTrue();
    } // the client goes away while the server holds its GET

    // before the heartbeat could end it (pingInterval + pingTimeout = 500 ms): the reason tells them apart
    await().atMost(WAIT).until(() -> !echo.closeReasons.isEmpty());
    assertThat(echo.closeReasons).containsExactly("transport error");
    assertSessionUnknown(sid);
  }
}
