package dev.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server shutting down tells its clients: every one sees a clean "transport close" (and reconnects elsewhere),
 * never a "transport error". Repeated, because the failures this guards against were races: the last poll answer was
 * queued on another event loop when the loops closed their channels.
 */
class GracefulShutdownTest {
  private static JsClientDriver node;

  @BeforeAll
  static void startNode() {
    node = JsClientDriver.start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void everyClientSeesACleanCloseOnShutdown(TransportMode mode) {
    for (int round = 0; round < 8; round++) {
      TestServer server = TestServer.start(io -> io.on("connection", socket -> { }));
      JsClient client = node.connect(server.url("/"), Map.of("transports",
          mode == TransportMode.POLLING ? List.of("polling") : mode == TransportMode.WEBSOCKET ? List.of("websocket")
              : List.of("polling", "websocket")));
      client.awaitEvent("connect");
      server.close();
      assertThat(client.awaitEvent("disconnect").get(0).asText()).as("round " + round).isEqualTo("transport close");
    }
  }
}
