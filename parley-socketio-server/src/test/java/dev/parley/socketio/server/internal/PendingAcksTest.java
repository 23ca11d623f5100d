package dev.parley.socketio.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.socketio.server.AckTimeoutException;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketDisconnectedException;
import dev.parley.socketio.server.SocketIoServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Catalogue E4: emits waiting for an acknowledgement that never comes are forgotten at their timeout and at
 * disconnection, whether the socket's own or a broadcast's, so a client that never answers cannot grow the server's
 * ack map. The map is internal; the test reads its size on the socket's loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PendingAcksTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int EMITS = 10_000;

  private SocketIoServer io;
  private InetSocketAddress address;
  private final AtomicReference<Socket> connected = new AtomicReference<>();
  private final AtomicInteger received = new AtomicInteger();
  private WebSocket client;

  @BeforeEach
  void start() {
    io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0).serveClient(false).build());
    io.on("connection", connected::set);
    address = io.start();
    client = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + address.getPort() + "/socket.io/?EIO=4&transport=websocket"),
            new NeverAcks())
        .join();
    client.sendText("40", true).join();
    await().atMost(WAIT).until(() -> connected.get() != null);
  }

  @AfterEach
  void stop() {
    client.abort();
    io.close(Duration.ofMillis(300));
  }

  /** Reads everything and answers nothing. */
  private final class NeverAcks implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      received.incrementAndGet();
      webSocket.request(1);
      return null;
    }
  }

  private int pendingAcks(SocketImpl socket) throws Exception {
    return socket.loop().submit(socket::pendingAcks).get(5, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<Args> future) {
    try {
      future.get(5, TimeUnit.SECONDS);
      throw new AssertionError("acknowledged, but the client never answers");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void pendingAcksCleanedUp() throws Exception {
    SocketImpl socket = (SocketImpl) connected.get();

    // 10k emits with a 1 s timeout: forgotten at the timeout
    List<CompletableFuture<Args>> timedOut = new ArrayList<>();
    for (int i = 0; i < EMITS; i++) {
      timedOut.add(socket.timeout(Duration.ofSeconds(1)).emitWithAck("question", i));
    }
    await().atMost(WAIT).until(() -> received.get() >= EMITS);
    await().atMost(WAIT).until(() -> pendingAcks(socket) == 0);
    assertThat(failure(timedOut.get(EMITS - 1))).isInstanceOf(AckTimeoutException.class);

    // broadcasts asking for answers: the socket's entries are forgotten at the broadcast's timeout too
    for (int i = 0; i < 1000; i++) {
      io.timeout(Duration.ofSeconds(1)).emitWithAck("poll", i);
    }
    await().atMost(WAIT).until(() -> received.get() >= EMITS + 1000);
    await().atMost(WAIT).until(() -> pendingAcks(socket) == 0);

    // 10k emits with a long timeout: forgotten when the client goes
    List<CompletableFuture<Args>> orphaned = new ArrayList<>();
    for (int i = 0; i < EMITS; i++) {
      orphaned.add(socket.timeout(Duration.ofMinutes(10)).emitWithAck("question", i));
    }
    await().atMost(WAIT).until(() -> pendingAcks(socket) == EMITS);
    client.abort();
    await().atMost(WAIT).until(() -> !socket.isConnected());
    assertThat(pendingAcks(socket)).isZero();
    assertThat(failure(orphaned.get(0))).isInstanceOf(SocketDisconnectedException.class);
  }
}
