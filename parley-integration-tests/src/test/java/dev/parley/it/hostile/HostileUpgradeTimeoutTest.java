package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.server.TransportName;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An upgrade left half done (catalogue A6's neighbour, Engine.IO's {@code upgradeTimeout}): a client opens a WebSocket
 * for its polling session and answers the probe, but never sends the {@code 5} that completes the upgrade. The server
 * closes that WebSocket once upgradeTimeout has passed, and the session goes on over polling, upgradable again.
 *
 * <p>upgradeTimeout is 1 s instead of the default 10 s so the test takes seconds; the heartbeat stays at 10 s, so
 * nothing but the upgrade timer can close the WebSocket within the test.
 */
class HostileUpgradeTimeoutTest extends AbstractHostileTest {
  private static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(1);
  /** How late after the timeout the close may come on a loaded machine. */
  private static final Duration SLACK = Duration.ofMillis(1500);

  @Override
  ServerOptions.Builder options() {
    return super.options().upgradeTimeout(UPGRADE_TIMEOUT);
  }

  private RawWebSocketClient probed(RawPollingClient polling) {
    RawWebSocketClient ws = openWebSocket(wsUrl("?EIO=4&transport=websocket&sid=" + polling.sid()));
    ws.sendText("2probe");
    assertThat(ws.nextText(WAIT)).isEqualTo("3probe");
    return ws;
  }

  @Test
  void anUpgradeNeverCompletedIsClosedAtUpgradeTimeoutAndThePollingSessionGoesOn() {
    RawPollingClient polling = connectPolling();
    long start = System.nanoTime();
    try (RawWebSocketClient ws = probed(polling)) {
      // no "5": the upgrade is never completed
      assertThat(ws.awaitClose(UPGRADE_TIMEOUT.plus(SLACK).plus(WAIT)).closeStatus()).isEqualTo(1000);
      Duration open = Duration.ofNanos(System.nanoTime() - start);
      assertThat(open).as("the half-upgraded WebSocket was closed after").isBetween(UPGRADE_TIMEOUT,
          UPGRADE_TIMEOUT.plus(SLACK));
    }
    // the session lives on, still polling, and serves its client
    assertThat(disconnects).isEmpty();
    assertThat(engine().session(polling.sid()).transport()).isEqualTo(TransportName.POLLING);
    assertServed(polling);

    // and a later upgrade that is completed succeeds, on the same session
    try (RawWebSocketClient ws = probed(polling)) {
      ws.sendText("5");
      ws.sendText("4291[\"echo\",\"upgraded\"]");
      assertThat(ws.nextText(WAIT)).isEqualTo("4391[\"upgraded\"]");
      assertThat(engine().session(polling.sid()).transport()).isEqualTo(TransportName.WEBSOCKET);
    }
    assertThat(handled).containsOnly("any:echo");
  }
}
