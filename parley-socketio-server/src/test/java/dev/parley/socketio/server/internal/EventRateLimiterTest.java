package dev.parley.socketio.server.internal;

import static dev.parley.socketio.server.internal.EventRateLimiter.Verdict.ACCEPT;
import static dev.parley.socketio.server.internal.EventRateLimiter.Verdict.DISCONNECT;
import static dev.parley.socketio.server.internal.EventRateLimiter.Verdict.DROP;
import static dev.parley.socketio.server.internal.EventRateLimiter.Verdict.DROP_AND_NOTIFY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.server.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token bucket and the abuse policy of {@link EventRateLimiter}, on a clock the test moves. */
class EventRateLimiterTest {
  private long now;
  private final EventRateLimiter limiter = new EventRateLimiter(20, 50, 50, () -> now);

  private List<EventRateLimiter.Verdict> send(int events) {
    List<EventRateLimiter.Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      verdicts.add(limiter.onEvent());
    }
    return verdicts;
  }

  private void advanceMillis(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  void aBurstIsAcceptedThenTheFirstDropNotifiesAndTheNextAreSilent() {
    assertThat(send(50)).containsOnly(ACCEPT);
    assertThat(limiter.onEvent()).isEqualTo(DROP_AND_NOTIFY);
    assertThat(limiter.retryAfterMillis()).isEqualTo(50); // one token per 50 ms at 20/s
    assertThat(send(10)).containsOnly(DROP);
  }

  @Test
  void theBucketRefillsAtTheRate() {
    send(50);
    advanceMillis(500);
    assertThat(send(10)).containsOnly(ACCEPT);
    assertThat(limiter.onEvent()).isEqualTo(DROP_AND_NOTIFY);
  }

  @Test
  void aClientThatKeepsSendingPastItsBudgetIsDisconnected() {
    send(50);
    List<EventRateLimiter.Verdict> verdicts = new ArrayList<>();
    // 1000 events a second: one every millisecond
    for (int i = 0; i < 200 && !verdicts.contains(DISCONNECT); i++) {
      advanceMillis(1);
      verdicts.add(limiter.onEvent());
    }
    assertThat(verdicts).contains(DISCONNECT).contains(ACCEPT); // refilled tokens were spent, and still
    assertThat(verdicts.stream().filter(v -> v == DROP_AND_NOTIFY)).hasSize(1);
  }

  @Test
  void aClientThatBacksOffForASecondStartsAFreshRun() {
    send(50);
    assertThat(send(40)).startsWith(DROP_AND_NOTIFY).doesNotContain(DISCONNECT);
    advanceMillis(1000);
    send(20); // the refilled budget
    assertThat(send(40)).startsWith(DROP_AND_NOTIFY).doesNotContain(DISCONNECT);
  }

  @Test
  void offAcceptsEverything() {
    EventRateLimiter off = EventRateLimiter.of(Limits.builder().eventsPerSecondPerSocket(Limits.OFF).build());
    for (int i = 0; i < 10_000; i++) {
      assertThat(off.onEvent()).isEqualTo(ACCEPT);
    }
  }
}
