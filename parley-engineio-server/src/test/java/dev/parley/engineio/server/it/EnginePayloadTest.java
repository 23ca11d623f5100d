package dev.parley.engineio.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.server.EngineOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Polling bodies at and over maxPayload (1e6 bytes: 413, the session kept, as the reference does) and gzip of
 * polling answers from 1024 bytes.
 *
 * <p>Same server as the other tests but for a 10 s heartbeat: megabyte bodies on a loaded machine must not race the
 * 500 ms ping timeout, and a ping batched into an answer would change its size around the gzip threshold. The
 * heartbeat has its own tests.
 */
class EnginePayloadTest extends AbstractEchoServerTest {

  @Override
  EngineOptions.Builder options() {
    return EchoServer.suiteOptions().pingInterval(Duration.ofSeconds(10)).pingTimeout(Duration.ofSeconds(10));
  }

  @Test
  void aBodyOfExactlyMaxPayloadIsAcceptedAndOneByteMoreIs413WithTheSessionKept() {
    String sid = handshake();
    String largest = "4" + "x".repeat(1_000_000 - 1);
    postOk(sid, largest);
    assertThat(poll(sid)).isEqualTo(largest);

    Reply tooLarge = post(pollingQuery(sid), largest + "y");
    assertThat(tooLarge.status()).isEqualTo(413);

    // the reference keeps the session after a 413
    postOk(sid, "4after");
    assertThat(poll(sid)).isEqualTo("4after");
    assertThat(echo.closeReasons).isEmpty();
  }

  @Test
  void aClientStillSendingAFarLargerBodyGetsThe413NotAReset() {
    String sid = handshake();
    // 8 MB: far more than the socket buffers hold, so the client is still writing when the server answers; it must
    // still get the 413 (not a connection reset), and the session must survive
    Reply tooLarge = post(pollingQuery(sid), "4" + "z".repeat(8_000_000));
    assertThat(tooLarge.status()).isEqualTo(413);

    postOk(sid, "4after");
    assertThat(poll(sid)).isEqualTo("4after");
  }

  @Test
  void aMultiByteBodyIsMeasuredInBytes() {
    String sid = handshake();
    // 333,334 characters but 1,000,000 + 1 bytes: three bytes each for the euro signs
    String body = "4" + "\u20ac".repeat(333_333) + "x";
    assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(1_000_001);

    assertThat(post(pollingQuery(sid), body).status()).isEqualTo(413);
    postOk(sid, "4still-here");
    assertThat(poll(sid)).isEqualTo("4still-here");
  }

  @Test
  void responsesOfAtLeast1024BytesAreGzippedWhenTheClientAcceptsIt() throws IOException {
    String sid = handshake();
    String large = "4" + "a".repeat(2000);
    postOk(sid, large);
    Reply gzipped = get(pollingQuery(sid), "Accept-Encoding", "gzip, deflate");
    assertThat(gzipped.status()).isEqualTo(200);
    assertThat(gzipped.header("content-encoding")).isEqualTo("gzip");
    assertThat(gzipped.bytes().length).isLessThan(large.length());
    assertThat(gunzip(gzipped.bytes())).isEqualTo(large);

    String threshold = "4" + "b".repeat(1023);
    postOk(sid, threshold);
    Reply atThreshold = get(pollingQuery(sid), "Accept-Encoding", "gzip");
    assertThat(atThreshold.header("content-encoding")).isEqualTo("gzip");
    assertThat(gunzip(atThreshold.bytes())).isEqualTo(threshold);
  }

  @Test
  void smallResponsesAndClientsWithoutGzipGetPlainBodies() {
    String sid = handshake();
    String belowThreshold = "4" + "c".repeat(1022);
    postOk(sid, belowThreshold);
    Reply small = get(pollingQuery(sid), "Accept-Encoding", "gzip");
    assertThat(small.header("content-encoding")).isNull();
    assertThat(small.body()).isEqualTo(belowThreshold);

    String large = "4" + "d".repeat(4000);
    for (String acceptEncoding : List.of("identity", "br")) {
      postOk(sid, large);
      Reply plain = get(pollingQuery(sid), "Accept-Encoding", acceptEncoding);
      assertThat(plain.header("content-encoding")).isNull();
      assertThat(plain.body()).isEqualTo(large);
    }
    postOk(sid, large);
    Reply none = get(pollingQuery(sid));
    assertThat(none.header("content-encoding")).isNull();
    assertThat(none.body()).isEqualTo(large);
  }

  private static String gunzip(byte[] data) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
