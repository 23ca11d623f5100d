package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.Limits;
import dev.parley.engineio.server.netty.EngineHttpServer;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.socketio.server.netty.ParleyNetty;
import dev.parley.testkit.RawWebSocketClient;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP framing attacks (catalogue C6, C7): requests whose end a front proxy and this server could disagree on are
 * answered 400 and their connection closed, so nothing in their body is ever read as a second request; and a client
 * that pipelines requests without reading the answers makes the server stop reading (or close), not buffer.
 */
class HostileHttpFramingTest extends AbstractHostileTest {
  /** What a smuggled request would do if it were parsed: open a session, answered 200. */
  private static final String SMUGGLED = "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  private static final String POST = "POST /socket.io/?EIO=4&transport=polling&sid=nope HTTP/1.1\r\nHost: 127.0.0.1\r\n";

  static Stream<Arguments> smugglingCorpus() {
    return Stream.of(
        Arguments.of("CL and TE", POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("TE chunked, identity", POST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("TE identity, chunked", POST + "Transfer-Encoding: identity, chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("two TE headers",
            POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("TE xchunked", POST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("space before the colon", POST + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("folded TE", POST + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("duplicate CL", POST + "Content-Length: 0\r\nContent-Length: 76\r\n\r\n" + SMUGGLED),
        Arguments.of("CL list", POST + "Content-Length: 0, 76\r\n\r\n" + SMUGGLED),
        Arguments.of("bare LF head", POST.replace("\r\n", "\n") + "Content-Length: 0\n\n" + SMUGGLED),
        Arguments.of("LF-only chunk line", POST + "Transfer-Encoding: chunked\r\n\r\n3\n4ok\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("chunk size overflow",
            POST + "Transfer-Encoding: chunked\r\n\r\n100000004\r\n4ok\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("quoted chunk extension",
            POST + "Transfer-Encoding: chunked\r\n\r\n3;x=\"\r\n0\r\n\r\n\"\r\n4ok\r\n0\r\n\r\n" + SMUGGLED),
        Arguments.of("header without colon", POST + "Content-Length 0\r\n\r\n" + SMUGGLED),
        Arguments.of("control character in a header name", POST + "X-A\u0001b: 1\r\nContent-Length: 0\r\n\r\n"
            + SMUGGLED),
        Arguments.of("64 kB request line",
            "GET /socket.io/?EIO=4&transport=polling&x=" + "a".repeat(64 * 1024) + " HTTP/1.1\r\n\r\n" + SMUGGLED),
        Arguments.of("1000 headers", "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\n"
            + "X-Header-Number-0000: some value\r\n".repeat(1000) + "\r\n" + SMUGGLED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smugglingCorpus")
  void httpSmugglingCorpusRejected(String name, String request) throws IOException {
    try (RawWebSocketClient canary = connectWebSocket();
        java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
      int sessions = io.engine().clientsCount();
      socket.setSoTimeout((int) WAIT.toMillis());
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();

      assertThat(readResponse(in).status()).isEqualTo(400);
      assertThat(restUntilClosed(in)).as("what followed the 400 before the close").isEmpty();
      assertThat(io.engine().clientsCount()).as("sessions opened by a smuggled request").isEqualTo(sessions);
      assertOthersServed(canary);
    }
  }

  /** Everything the server sends until it closes; fails if it does not close. */
  private static String restUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        rest.write(buffer, 0, n);
      }
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the connection was left open after the 400", e);
    } catch (java.net.SocketException e) {
      // reset: closed too
    }
    return rest.toString(StandardCharsets.ISO_8859_1);
  }

  /** Every server-side connection, recorded by a route at the end of each pipeline. */
  private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();

  @Override
  InetSocketAddress listen(SocketIoServer server) {
    EngineHttpServer http = ParleyNetty.httpServer(server).route(() -> new ChannelInboundHandlerAdapter() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        serverChannels.add(ctx.channel());
      }
    }).build();
    ParleyNetty.attach(server, http);
    try {
      return http.start();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private Channel serverSideOf(java.net.Socket socket) {
    await().atMost(WAIT).until(() -> serverChannels.stream().anyMatch(c -> isPeer(c, socket)));
    return serverChannels.stream().filter(c -> isPeer(c, socket)).findFirst().orElseThrow();
  }

  private static boolean isPeer(Channel channel, java.net.Socket socket) {
    return channel.remoteAddress() instanceof java.net.InetSocketAddress remote
        && remote.getPort() == socket.getLocalPort();
  }

  /** The bytes the server has queued for a connection and not yet handed to the kernel. */
  private static long queuedBytes(Channel channel) {
    ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
    return outbound == null ? 0 : outbound.totalPendingWriteBytes();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/socket.io/?EIO=4&transport=polling&sid=nope", "/socket.io/socket.io.js"})
  void pipeliningFloodWithoutReadingIsBounded(String path) throws Exception {
    try (RawWebSocketClient canary = connectWebSocket()) {
      long heapBefore = usedHeapAfterGc();
      long fdsBefore = fileDescriptorsInUse();
      byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + "p".repeat(400) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      byte[] batch = new byte[request.length * 100];
      for (int i = 0; i < 100; i++) {
        System.arraycopy(request, 0, batch, i * request.length, request.length);
      }
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.setReceiveBufferSize(4096); // and never read: the answers pile up on the server's side
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port()));
        Channel attacked = serverSideOf(socket);
        OutputStream out = socket.getOutputStream();
        // 100k pipelined requests, 46 MB, far more than the kernels' buffers between the two ends can hold
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
          try {
            for (int i = 0; i < 1000; i++) {
              out.write(batch);
            }
          } catch (IOException e) {
            // the server closed the connection
          }
        });
        // the server stops reading the connection, or closes it; either way it queues no more than a window's worth
        await().atMost(Duration.ofSeconds(30)).until(() -> !attacked.isActive() || !attacked.config().isAutoRead());
        assertThat(queuedBytes(attacked)).isLessThan(Limits.DEFAULT_OUTBOUND_QUEUE_MAX_BYTES);
        assertThat(usedHeapAfterGc()).isLessThan(heapBefore + 64 * 1024 * 1024);
        assertOthersServed(canary);
        assertThat(queuedBytes(attacked)).isLessThan(Limits.DEFAULT_OUTBOUND_QUEUE_MAX_BYTES);
        socket.close();
        writer.handle((v, e) -> null).get();
      }
      await().atMost(WAIT).until(() -> fileDescriptorsInUse() <= fdsBefore + 2);
    }
  }
}
