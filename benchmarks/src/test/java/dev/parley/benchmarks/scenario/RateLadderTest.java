package dev.parley.benchmarks.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

class RateLadderTest {

  private static List<Double> run(RateLadder ladder, DoublePredicate passes) {
    List<Double> tried = new ArrayList<>();
    while (ladder.hasNext()) {
      double r = ladder.next();
      tried.add(r);
      ladder.report(r, passes.test(r));
    }
    return tried;
  }

  @Test
  void climbsUntilAFailureThenBisects() {
    RateLadder ladder = new RateLadder(10, 2, 20, 2, 1e9);
    List<Double> tried = run(ladder, r -> r <= 50);
    assertThat(tried.subList(0, 4)).containsExactly(10.0, 20.0, 40.0, 80.0);
    assertThat(tried.get(4)).isCloseTo(Math.sqrt(40 * 80), within(1e-9));
    assertThat(tried).hasSize(6);
    double mid = Math.sqrt(40 * 80);
    assertThat(tried.get(5)).isCloseTo(Math.sqrt(40 * mid), within(1e-9));
    assertThat(ladder.bestPassing()).isCloseTo(Math.sqrt(40 * mid), within(1e-9));
    assertThat(ladder.lowestFailing()).isCloseTo(mid, within(1e-9));
  }

  @Test
  void refinementMovesTheLowerBoundUpOnAPass() {
    RateLadder ladder = new RateLadder(10, 2, 20, 1, 1e9);
    run(ladder, r -> r < 60);
    assertThat(ladder.bestPassing()).isCloseTo(Math.sqrt(40 * 80), within(1e-9));
  }

  @Test
  void aFailingFirstStepEndsWithNothingPassing() {
    RateLadder ladder = new RateLadder(10, 2, 20, 3, 1e9);
    assertThat(run(ladder, r -> false)).containsExactly(10.0);
    assertThat(ladder.bestPassing()).isZero();
  }

  @Test
  void stopsAtTheStepLimitAndTheRateCap() {
    assertThat(run(new RateLadder(1, 2, 3, 2, 1e9), r -> true)).containsExactly(1.0, 2.0, 4.0);
    assertThat(run(new RateLadder(1, 2, 30, 2, 5), r -> true)).containsExactly(1.0, 2.0, 4.0, 5.0);
  }

  @Test
  void rejectsReportsForAnotherRate() {
    RateLadder ladder = new RateLadder(1, 2, 3, 0, 10);
    ladder.next();
    assertThatThrownBy(() -> ladder.report(7, true)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new RateLadder(1, 1, 3, 0, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void benchMessagesCarryTimestampAndSequence() {
    assertThat(Pacer.message(42, 7, "")).isEqualTo("[\"bench\",{\"t\":42,\"s\":7}]");
    assertThat(Pacer.message(1, 2, ",\"p\":\"xx\"")).isEqualTo("[\"bench\",{\"t\":1,\"s\":2,\"p\":\"xx\"}]");
  }
}
