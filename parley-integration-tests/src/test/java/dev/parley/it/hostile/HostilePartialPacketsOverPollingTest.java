package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.RawPollingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Catalogue B5 over HTTP long-polling: a polling body that declares three attachments and brings one leaves a partial
 * packet in the server's decoder, which must be freed when the session ends, whether the client closes it or stops
 * polling and the heartbeat closes it. Measured in a server JVM of its own ({@link ChildServer}), like the WebSocket
 * cases in {@link HostileMemoryInOwnJvmTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostilePartialPacketsOverPollingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long MB = 1_000_000;
  private static final int ATTACKERS = 100;
  /** Base64 in the body makes it 800 kB, under the 1 MB body limit. */
  private static final int ATTACHMENT_BYTES = 600_000;
  private static final String DECLARES_THREE = "453-[\"echo\",{\"_placeholder\":true,\"num\":0},"
      + "{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":2}]";

  private static RawPollingClient connected(ChildServer server) {
    RawPollingClient client = new RawPollingClient("http://127.0.0.1:" + server.port() + "/socket.io/");
    client.handshake();
    assertThat(client.post("40").body()).isEqualTo("ok");
    assertThat(AbstractHostileTest.pollSkippingPings(client)).startsWith("40{\"sid\":");
    return client;
  }

  private static String declareThreeSendOne(int bytes) {
    return DECLARES_THREE + "\u001eb" + Base64.getEncoder().encodeToString(new byte[bytes]);
  }

  /** Every attacker leaves a partial packet; returns once the server's heap holds nearly all their bytes. */
  private static List<RawPollingClient> attack(ChildServer server, long baseline) {
    List<RawPollingClient> attackers = new ArrayList<>();
    String body = declareThreeSendOne(ATTACHMENT_BYTES);
    for (int i = 0; i < ATTACKERS; i++) {
      RawPollingClient client = connected(server);
      attackers.add(client);
      assertThat(client.post(body).body()).isEqualTo("ok");
    }
    server.awaitHeapOver(baseline + (long) ATTACKERS * ATTACHMENT_BYTES * 9 / 10, WAIT);
    assertThat(server.sessions()).isEqualTo(ATTACKERS);
    return attackers;
  }

  /** The close packet, then the GET that lets the session end (the server first drains what it queued). */
  private static void close(RawPollingClient client) {
    assertThat(client.post("1").body()).isEqualTo("ok");
    client.poll();
  }

  private static void warmUp(ChildServer server) {
    RawPollingClient client = connected(server);
    assertThat(client.post(declareThreeSendOne(1000)).body()).isEqualTo("ok");
    close(client);
    await().atMost(WAIT).until(() -> server.sessions() == 0);
  }

  @Test
  void partialPacketsAreFreedWhenTheirClientsCloseTheirSessions() throws Exception {
    try (ChildServer server = ChildServer.start("pingIntervalMs=60000", "pingTimeoutMs=60000")) {
      warmUp(server);
      long baseline = server.usedHeapAfterGc();
      List<RawPollingClient> attackers = attack(server, baseline);

      for (RawPollingClient client : attackers) {
        close(client);
      }

      await().atMost(WAIT).until(() -> server.sessions() == 0);
      server.awaitHeapUnder(baseline + 2 * MB, WAIT);
      await().atMost(WAIT).until(() -> server.disconnects.size() == ATTACKERS + 1);
      assertThat(server.isAlive()).isTrue();
    }
  }

  @Test
  void partialPacketsOfClientsThatStopPollingAreFreedWhenTheHeartbeatClosesThem() throws Exception {
    try (ChildServer server = ChildServer.start("pingIntervalMs=3000", "pingTimeoutMs=2000")) {
      warmUp(server);
      long baseline = server.usedHeapAfterGc();
      attack(server, baseline);

      // nobody polls any more: no pong can come, the heartbeat ends every session
      await().atMost(Duration.ofSeconds(20)).until(() -> server.sessions() == 0);
      server.awaitHeapUnder(baseline + 2 * MB, WAIT);
      await().atMost(WAIT).until(() -> server.disconnects.size() == ATTACKERS + 1);
      assertThat(server.disconnects.subList(1, ATTACKERS + 1)).containsOnly("- ping timeout");
      assertThat(server.isAlive()).isTrue();
    }
  }
}
