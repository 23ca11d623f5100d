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
 * Event floods from one socket (catalogue D3), under the default budget of 20 events a second with bursts of 50:
 * past the budget events reach no handler and the client gets one {@code rate-limit} event with {@code retryAfter};
 * a client that keeps going is closed with 1008 (policy violation); one that backs off goes on; other sockets are
 * served throughout, each with its own budget.
 */
class HostileEventRateTest extends AbstractHostileTest {
  private static final Pattern RATE_LIMIT = Pattern.compile("42\\[\"rate-limit\",\\{\"retryAfter\":(\\d+)}]");
  private static final int BURST = Limits.DEFAULT_EVENT_BURST;

  private long chatsHandled() {
    return handled.stream().filter("any:chat"::equals).count();
  }

  /** Sends until the server closes the connection or {@code count} were sent; returns how many were sent. */
  private static int flood(RawWebSocketClient client, int count) {
    for (int i = 0; i < count; i++) {
      try {
        client.sendText("42[\"chat\",\"spam " + i + "\"]");
      } catch (Exception e) { // the write of a closed channel fails with a (sneakily thrown) ClosedChannelException
        return i; // closed by the server
      }
    }
    return count;
  }

  /** The texts received until the close (answering pings), then the close. */
  private static List<String> textsUntilClose(RawWebSocketClient client, List<Integer> closeStatus) {
    List<String> texts = new ArrayList<>();
    while (true) {
      RawWebSocketClient.Message m = client.next(WAIT);
      assertThat(m).as("the connection closed within %s", WAIT).isNotNull();
      if (m.isClose()) {
        closeStatus.add(m.closeStatus());
        return texts;
      }
      texts.add(m.text());
    }
  }

  @Test
  void eventRateLimit() {
    try (RawWebSocketClient canary = connectWebSocket(); RawWebSocketClient abuser = connectWebSocket()) {
      long start = System.nanoTime();
      flood(abuser, 1000);

      List<Integer> closeStatus = new ArrayList<>();
      List<String> received = textsUntilClose(abuser, closeStatus);
      double seconds = (System.nanoTime() - start) / 1e9;

      // one notice, at the first event past the budget, with when to retry
      List<String> notices = received.stream().filter(t -> t.startsWith("42[\"rate-limit\"")).toList();
      assertThat(notices).hasSize(1);
      Matcher notice = RATE_LIMIT.matcher(notices.get(0));
      assertThat(notice.matches()).as(notices.get(0)).isTrue();
      assertThat(Long.parseLong(notice.group(1))).isBetween(1L, 1000L);
      // then, as it kept going, the policy close
      assertThat(closeStatus).containsExactly(1008);
      await().atMost(WAIT).until(() -> disconnects.contains("policy violation"));

      // the handlers saw the burst and what the rate refilled, nothing of the rest
      long allowed = BURST + (long) Math.ceil(seconds * Limits.DEFAULT_EVENTS_PER_SECOND_PER_SOCKET) + 1;
      assertThat(chatsHandled()).isBetween((long) BURST, allowed);

      // the other socket's budget is its own
      for (int i = 0; i < 10; i++) {
        assertServed(canary);
      }
      assertOthersServed(canary);
    }
  }

  @Test
  void aClientThatBacksOffAfterTheNoticeIsServedAgain() {
    try (RawWebSocketClient client = connectWebSocket()) {
      flood(client, BURST + 5);
      String notice;
      do {
        notice = client.nextText(WAIT);
      } while (!notice.startsWith("42[\"rate-limit\""));
      assertThat(RATE_LIMIT.matcher(notice).matches()).isTrue();
      assertThat(chatsHandled()).isEqualTo(BURST);

      // it waits as told, then is served: the budget refills and the connection was never at risk
      await().pollDelay(Duration.ofMillis(Long.parseLong(RATE_LIMIT.matcher(notice).replaceAll("$1"))))
          .atMost(WAIT).untilAsserted(() -> assertServed(client));
      assertThat(disconnects).isEmpty();
    }
  }
}
