package dev.parley.examroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final RateLimiter limiter = new RateLimiter(2, 5, now::get);

  @Test
  void allowsTheBurstThenTheRate() {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryTake("u")).isZero();
    }
    assertThat(limiter.tryTake("u")).isEqualTo(500);
    now.addAndGet(499);
    assertThat(limiter.tryTake("u")).isEqualTo(1);
    now.addAndGet(1);
    assertThat(limiter.tryTake("u")).isZero();
    assertThat(limiter.tryTake("u")).isPositive();
  }

  @Test
  void twentyMessagesInOneSecondPassOnlyTheBurstAndTheRefill() {
    int passed = 0;
    for (int i = 0; i < 20; i++) {
      if (limiter.tryTake("u") == 0) {
        passed++;
      }
      now.addAndGet(50);
    }
    // 5 from the burst, 1 refilled over the 950 ms
    assertThat(passed).isEqualTo(6);
  }

  @Test
  void keysAreIndependentAndForgotten() {
    for (int i = 0; i < 5; i++) {
      limiter.tryTake("a");
    }
    assertThat(limiter.tryTake("a")).isPositive();
    assertThat(limiter.tryTake("b")).isZero();
    limiter.forget("a");
    assertThat(limiter.tryTake("a")).isZero();
    assertThat(limiter.size()).isEqualTo(2);
  }
}
