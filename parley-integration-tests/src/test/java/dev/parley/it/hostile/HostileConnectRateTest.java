package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.Limits;
import dev.parley.testkit.RawWebSocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CONNECT floods from one connection: each CONNECT to a namespace that does not exist would be answered with a
 * CONNECT_ERROR, and no socket's event budget counts them. They count against a budget of the connection, the event
 * budget's numbers (20 a second, bursts of 50) and policy: past it the first CONNECT gets a CONNECT_ERROR
 * {@code "rate limited"} with {@code retryAfter}, the later ones nothing, and a client that keeps going is closed with
 * 1008.
 */
class HostileConnectRateTest extends AbstractHostileTest {
  private static final Pattern RATE_LIMITED =
      Pattern.compile("44/nope-\\d+,\\{\"message\":\"rate limited\",\"data\":\\{\"retryAfter\":(\\d+)}}");
  private static final int BURST = Limits.DEFAULT_EVENT_BURST;

  /** Sends CONNECTs to distinct unknown namespaces until the server closes or {@code count} were sent. */
  private static void flood(RawWebSocketClient client, int count) {
    for (int i = 0; i < count; i++) {
      try {
        client.sendText("40/nope-" + i + ",");
      } catch (Exception e) { // the write of a closed channel fails with a (sneakily thrown) ClosedChannelException
        return;
      }
    }
  }

  @Test
  void aFloodOfConnectsToUnknownNamespacesIsCutOff() {
    try (RawWebSocketClient canary = connectWebSocket(); RawWebSocketClient abuser = connectWebSocket()) {
      long start = System.nanoTime();
      flood(abuser, 1000);

      List<String> texts = new ArrayList<>();
      Integer closeStatus = null;
      while (closeStatus == null) {
        RawWebSocketClient.Message m = abuser.next(WAIT);
        assertThat(m).as("the connection closed within %s (%s answers so far)", WAIT, texts.size()).isNotNull();
        if (m.isClose()) {
          closeStatus = m.closeStatus();
        } else {
          texts.add(m.text());
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      List<String> refused = texts.stream().filter(t -> t.endsWith("{\"message\":\"Invalid namespace\"}")).toList();
      long allowed = BURST + (long) Math.ceil(seconds * Limits.DEFAULT_EVENTS_PER_SECOND_PER_SOCKET) + 1;
      // at most the burst (the connection's own "40" took one token) and the refill; answers still being prepared
      // when the connection closes are not sent, so fewer is fine
      assertThat((long) refused.size()).isLessThanOrEqualTo(allowed - 1);
      List<String> notices = texts.stream().filter(t -> t.contains("\"rate limited\"")).toList();
      assertThat(notices).hasSize(1);
      Matcher notice = RATE_LIMITED.matcher(notices.get(0));
      assertThat(notice.matches()).as(notices.get(0)).isTrue();
      assertThat(Long.parseLong(notice.group(1))).isBetween(1L, 1000L);
      assertThat(texts).hasSize(refused.size() + 1);

      assertThat(closeStatus).isEqualTo(1008);
      await().atMost(WAIT).until(() -> disconnects.contains("policy violation"));
      for (int i = 0; i < 10; i++) {
        assertServed(canary);
      }
      assertOthersServed(canary);
    }
  }

  @Test
  void aClientThatBacksOffAfterTheNoticeMayConnectAgain() {
    try (RawWebSocketClient client = connectWebSocket()) {
      flood(client, BURST + 5);
      String notice;
      do {
        notice = client.nextText(WAIT);
      } while (!notice.contains("\"rate limited\""));
      Matcher m = RATE_LIMITED.matcher(notice);
      assertThat(m.matches()).as(notice).isTrue();

      await().pollDelay(Duration.ofMillis(Long.parseLong(m.group(1)))).atMost(WAIT).untilAsserted(() -> {
        client.sendText("40/later,");
        String answer;
        do {
          answer = client.nextText(WAIT);
        } while (answer.startsWith("44/nope-"));
        assertThat(answer).isEqualTo("44/later,{\"message\":\"Invalid namespace\"}");
      });
      assertServed(client);
      assertThat(disconnects).isEmpty();
    }
  }
}
