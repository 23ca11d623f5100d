package dev.parley.examroom.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStateMachineTest {
  private static final long MIN = 60_000;
  private static final long T = 1_000_000_000L;
  private final SessionStateMachine machine = new SessionStateMachine(5 * MIN, true);

  private static TestSession scheduled(long at) {
    return new TestSession("s1", "Test", "cand", "exam", at, SessionStatus.SCHEDULED, null, null, null, null,
        new PartDurations(4 * MIN, MIN, 2 * MIN, 5 * MIN), 0, "Topic", List.of("a", "b"), 1, null, null, 0);
  }

  private static List<String> types(Transition t) {
    return t.events().stream().map(PendingEvent::type).toList();
  }

  @Test
  void startGoesToPartOneWithItsDeadline() {
    Transition t = machine.start(scheduled(T), T - 10 * MIN, "examiner");
    TestSession s = t.session();
    assertThat(s.status()).isEqualTo(SessionStatus.IN_PROGRESS);
    assertThat(s.part()).isEqualTo(Part.PART1);
    assertThat(s.partDeadlineAt()).isEqualTo(T - 10 * MIN + 4 * MIN);
    assertThat(s.startedAt()).isEqualTo(T - 10 * MIN);
    assertThat(types(t)).containsExactly("test_status", "test_started");
    assertThat(t.events().get(0).payload()).containsEntry("status", "In Progress").containsEntry("part", "part1");
    assertThat(t.events().get(0).actorId()).isEqualTo("examiner");
  }

  @Test
  void cannotStartTwice() {
    TestSession running = machine.start(scheduled(T), T, "e").session();
    assertThatThrownBy(() -> machine.start(running, T, "e")).isInstanceOf(ConflictException.class);
  }

  @Test
  void theClockWalksThroughEveryPartToCompletion() {
    TestSession s = machine.start(scheduled(T), T, "e").session();
    Transition prep = machine.tick(s, T + 4 * MIN);
    assertThat(prep.session().part()).isEqualTo(Part.PART2_PREP);
    assertThat(types(prep)).containsExactly("test_status", "cue_card");
    Transition talk = machine.tick(prep.session(), T + 5 * MIN);
    assertThat(talk.session().part()).isEqualTo(Part.PART2_TALK);
    Transition part3 = machine.tick(talk.session(), T + 7 * MIN);
    assertThat(part3.session().part()).isEqualTo(Part.PART3);
    Transition done = machine.tick(part3.session(), T + 12 * MIN);
    assertThat(done.session().status()).isEqualTo(SessionStatus.COMPLETED);
    assertThat(done.session().endedAt()).isEqualTo(T + 12 * MIN);
    assertThat(types(done)).containsExactly("test_status", "test_ended");
    assertThat(machine.tick(done.session(), T + 100 * MIN).changed()).isFalse();
  }

  @Test
  void aServerThatWasDownCatchesUpFromTheDeadlinesNotFromNow() {
    TestSession s = machine.start(scheduled(T), T, "e").session();
    Transition t = machine.tick(s, T + 6 * MIN);
    assertThat(t.session().part()).isEqualTo(Part.PART2_TALK);
    assertThat(t.session().partStartedAt()).isEqualTo(T + 5 * MIN);
    assertThat(t.session().partDeadlineAt()).isEqualTo(T + 7 * MIN);
    Transition late = machine.tick(s, T + 60 * MIN);
    assertThat(late.session().status()).isEqualTo(SessionStatus.COMPLETED);
    assertThat(late.session().endedAt()).isEqualTo(T + 12 * MIN);
  }

  @Test
  void pauseKeepsTheRemainingTimeAndResumeRestoresIt() {
    TestSession s = machine.start(scheduled(T), T, "e").session();
    TestSession paused = machine.pause(s, T + MIN, "e").session();
    assertThat(paused.status()).isEqualTo(SessionStatus.PAUSED);
    assertThat(paused.remainingMs(T + 50 * MIN)).isEqualTo(3 * MIN);
    assertThat(machine.tick(paused, T + 50 * MIN).changed()).isFalse();
    TestSession resumed = machine.resume(paused, T + 10 * MIN, "e").session();
    assertThat(resumed.partDeadlineAt()).isEqualTo(T + 13 * MIN);
    assertThatThrownBy(() -> machine.resume(resumed, T, "e")).isInstanceOf(ConflictException.class);
  }

  @Test
  void extendAddsTimeRunningOrPaused() {
    TestSession s = machine.start(scheduled(T), T, "e").session();
    Transition t = machine.extend(s, 30, T, "e");
    assertThat(t.session().partDeadlineAt()).isEqualTo(T + 4 * MIN + 30_000);
    assertThat(types(t)).containsExactly("time_extended");
    TestSession paused = machine.pause(s, T, "e").session();
    assertThat(machine.extend(paused, 60, T, "e").session().pausedRemainingMs()).isEqualTo(5 * MIN);
    assertThatThrownBy(() -> machine.extend(s, 0, T, "e")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> machine.extend(scheduled(T), 10, T, "e")).isInstanceOf(ConflictException.class);
  }

  @Test
  void nextPartEndsThePartEarly() {
    TestSession s = machine.start(scheduled(T), T, "e").session();
    Transition t = machine.nextPart(s, T + 30_000, "e");
    assertThat(t.session().part()).isEqualTo(Part.PART2_PREP);
    assertThat(t.session().partDeadlineAt()).isEqualTo(T + 30_000 + MIN);
    assertThat(types(t)).containsExactly("part_stopped", "test_status", "cue_card");
  }

  @Test
  void abortFromAnyLiveState() {
    Transition t = machine.abort(scheduled(T), "candidate absent", T, "admin");
    assertThat(t.session().status()).isEqualTo(SessionStatus.ABORTED);
    assertThat(t.events().get(1).payload()).containsEntry("reason", "aborted").containsEntry("detail",
        "candidate absent");
    assertThatThrownBy(() -> machine.abort(t.session(), null, T, "admin")).isInstanceOf(ConflictException.class);
  }

  @Test
  void waitingAndCountdownNoticesAtTheirMoments() {
    TestSession s = scheduled(T);
    assertThat(machine.tick(s, T - 6 * MIN).changed()).isFalse();
    Transition waiting = machine.tick(s, T - 5 * MIN);
    assertThat(waiting.session().status()).isEqualTo(SessionStatus.WAITING);
    assertThat(types(waiting)).containsExactly("test_status", "countdown");
    assertThat(waiting.events().get(1).payload()).containsEntry("message", "Test starting in 5 minutes");
    assertThat(machine.tick(waiting.session(), T - 121_000).changed()).isFalse();
    Transition two = machine.tick(waiting.session(), T - 120_000);
    assertThat(two.events().get(0).payload()).containsEntry("message", "Test starting in 2 minutes");
    assertThat(machine.tick(two.session(), T - 119_000).changed()).isFalse();
    Transition thirty = machine.tick(two.session(), T - 30_000);
    assertThat(thirty.events().get(0).payload()).containsEntry("message", "Test starting in 30 seconds");
  }

  @Test
  void aMissedCountdownIsSkippedNotSentLate() {
    Transition t = machine.tick(scheduled(T), T - 60_000);
    assertThat(types(t)).containsExactly("test_status");
    assertThat(t.session().countdownSent()).isEqualTo(120);
  }

  @Test
  void startsByItselfAtTheScheduledTime() {
    Transition t = machine.tick(scheduled(T), T + 1000);
    assertThat(t.session().status()).isEqualTo(SessionStatus.IN_PROGRESS);
    assertThat(t.session().partStartedAt()).isEqualTo(T);
    assertThat(t.events().get(0).actorId()).isNull();
  }

  @Test
  void aTestWhoseTimeRanOutUnattendedIsCompleted() {
    Transition t = machine.tick(scheduled(T), T + 13 * MIN);
    assertThat(t.session().status()).isEqualTo(SessionStatus.COMPLETED);
  }
}
