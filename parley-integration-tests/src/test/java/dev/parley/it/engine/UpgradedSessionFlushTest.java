package dev.parley.it.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * After an upgrade the session stays on the event loop of its polling handshake while its WebSocket may live on
 * another loop. Several packets written in one go must all be flushed: a regression test for a flush that ran on the
 * channel's loop and overtook writes still queued from the session's loop (the later packets then waited for the
 * next heartbeat).
 */
class UpgradedSessionFlushTest {
  private SocketIoServer io;
  private String base;

  @BeforeEach
  void start() {
    io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0).ioThreads(2).build());
    io.on("connection", socket -> socket.on("burst", (args, ack) -> {
      socket.emit("a");
      socket.emit("b");
      socket.emit("c");
    }));
    base = "127.0.0.1:" + io.start().getPort() + "/socket.io/";
  }

  @AfterEach
  void stop() {
    io.close(Duration.ofMillis(200));
  }

  // several rounds, so that some upgrades land on the other event loop whatever the accept order
  @RepeatedTest(4)
  void everyPacketOfABurstArrivesOverTheUpgradedTransport() {
    RawPollingClient polling = new RawPollingClient("http://" + base);
    polling.handshake();
    assertThat(polling.post("40").status()).isEqualTo(200);
    assertThat(polling.poll().body()).startsWith("40{\"sid\"");
    try (RawWebSocketClient ws = RawWebSocketClient.connect("ws://" + base + "?EIO=4&transport=websocket&sid="
        + polling.sid())) {
      ws.sendText("2probe");
      assertThat(ws.nextText(Duration.ofSeconds(2))).isEqualTo("3probe");
      ws.sendText("5");
      ws.sendText("42[\"burst\"]");
      List<String> received = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        received.add(ws.nextText(Duration.ofSeconds(2)));
      }
      assertThat(received).containsExactly("42[\"a\"]", "42[\"b\"]", "42[\"c\"]");
    }
  }
}
