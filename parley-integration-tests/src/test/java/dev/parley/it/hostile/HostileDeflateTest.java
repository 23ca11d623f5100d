package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.socketio.server.ServerOptions;
import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compression bombs (catalogue C4). With permessage-deflate on, a small compressed message that would inflate far past
 * maxHttpBufferSize is closed with 1009 once the limit is reached, never inflated whole; with it off (the default)
 * the extension is not negotiated at all. HTTP request bodies are never decompressed, whatever their
 * {@code Content-Encoding} says.
 */
class HostileDeflateTest extends AbstractHostileTest {
  private static final String WS = "?EIO=4&transport=websocket";
  private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

  @Override
  ServerOptions.Builder options() {
    return super.options().engine(e -> e.perMessageDeflate(true));
  }

  /** {@code inflated} zero bytes as one permessage-deflate message body (RFC 7692 section 7.2.1). */
  private static byte[] deflatedZeros(long inflated) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    byte[] buffer = new byte[64 * 1024];
    for (long fed = 0; fed < inflated; fed += zeros.length) {
      deflater.setInput(zeros);
      while (!deflater.needsInput()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
    }
    for (int n; (n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0; ) {
      out.write(buffer, 0, n);
      if (n < buffer.length) {
        break;
      }
    }
    deflater.end();
    byte[] body = out.toByteArray();
    return Arrays.copyOf(body, body.length - 4); // without the flush's 00 00 ff ff, as the extension sends it
  }

  @Test
  void deflateBombRejected() throws IOException {
    byte[] bomb = deflatedZeros(1L << 30); // 1 GB of zeros
    assertThat(bomb.length).isLessThan(1_100_000).isGreaterThan(0);
    try (RawWebSocketClient canary = connectWebSocket(); RawWs ws = RawWs.connect(port(), null)) {
      long heapBefore = usedHeapAfterGc();
      RawResponse r = ws.handshake(WS, OFFER);
      assertThat(r.status()).isEqualTo(101);
      assertThat(r.headers().get("sec-websocket-extensions")).startsWith("permessage-deflate");

      // the frame's own size is within the limit when the bomb is; the inflated message is a thousand times over
      byte[] small = deflatedZeros(200L << 20); // 200 MB of zeros in ~200 kB
      ws.write(RawWs.frame(true, 4, 0x2, small)); // RSV1: compressed
      assertThat(ws.awaitCloseStatus(WAIT)).isEqualTo(1009);
      assertThat(usedHeapAfterGc()).isLessThan(heapBefore + 32 * 1024 * 1024);
      assertThat(handled).isEmpty();
      assertOthersServed(canary);
    }
  }

  @Test
  void withCompressionOffTheExtensionIsNotNegotiated() throws IOException {
    restart(super.options());
    try (RawWs ws = RawWs.connect(port(), null)) {
      RawResponse r = ws.handshake(WS, OFFER);
      assertThat(r.status()).isEqualTo(101);
      assertThat(r.headers()).doesNotContainKey("sec-websocket-extensions");
      assertThat(ws.nextText()).startsWith("0{"); // and the server's frames are plain

      ws.write(RawWs.frame(true, 4, 0x2, deflatedZeros(1 << 20))); // a compressed frame nobody agreed to
      assertThat(ws.awaitCloseStatus(WAIT)).isIn(1002, -1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "br", "zstd", "deflate"})
  void compressedPollingBodiesAreNeverInflated(String encoding) throws IOException {
    RawPollingClient victim = connectPolling();
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(gzipped)) {
      gz.write(new byte[10 << 20]); // 10 MB of zeros in 10 kB
    }
    byte[] body = gzipped.toByteArray();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST /socket.io/?EIO=4&transport=polling&sid=" + victim.sid() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: text/plain\r\nContent-Encoding: " + encoding + "\r\nContent-Length: " + body.length
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      InputStream in = socket.getInputStream();
      // taken as the bytes they are: not Engine.IO packets, so a parse error, never a 10 MB message
      assertThat(readResponse(in).status()).isEqualTo(400);
    }
    assertThat(handled).isEmpty();
  }
}
