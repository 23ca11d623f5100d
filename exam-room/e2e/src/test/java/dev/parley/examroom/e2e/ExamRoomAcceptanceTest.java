package dev.parley.examroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exam room's acceptance scenarios, each one what a user would try, in Debian's headless Chromium: a fresh app
 * (SQLite, test clock) per test, one Node script per scenario with several browser contexts (the examiner and the
 * admin straight to the app, the candidate through a {@link TcpProxy} the harness can cut).
 *
 * <p>Chromium is required: CI installs it ({@code apt-get install -y chromium}), so its absence is a failure. The
 * set-up shared with the chat's tests (a fresh app per test, no server ERROR) is {@link BrowserAcceptanceTest}'s.
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class ExamRoomAcceptanceTest extends BrowserAcceptanceTest {
  private static final long MINUTE = 60_000;

  private List<String> auditTypes(String sessionId) {
    List<String> types = new ArrayList<>();
    exam.audit(sessionId).forEach(e -> types.add(e.get("type").asText()));
    return types;
  }

  @Test
  void anExaminerStartsTheTestAndTheCandidateSeesPartOneWithinASecondWithTheSameCountdownDespiteAShiftedClock()
      throws Exception {
    // within the 5-minute lead: Waiting at once
    String id = exam.createSession("Start test scenario", exam.serverTime() + 4 * MINUTE, null);

    JsonNode values = exam.run("start-test", params("sessionId", id, "title", "Start test scenario",
        "clockOffsetMs", 10 * MINUTE)).values();

    assertThat(values.get("badgeChangeMs").asLong()).isLessThanOrEqualTo(1000);
    JsonNode session = exam.session(id).get("session");
    assertThat(session.get("status").asText()).isEqualTo("In Progress");
    assertThat(session.get("part").asText()).isEqualTo("part1");
    assertThat(auditTypes(id)).containsSubsequence("test_status", "test_status", "test_started");
  }

  @Test
  void theTwoMinuteNoticeShowsBetweenTMinus125AndTMinus115SecondsOnTheTestClock() throws Exception {
    long scheduledAt = exam.serverTime() + 10 * MINUTE;
    String id = exam.createSession("Countdown scenario", scheduledAt, null);

    JsonNode values = exam.run("start-countdown", params("sessionId", id, "title", "Countdown scenario",
        "scheduledAt", scheduledAt)).values();

    assertThat(values.get("shownAtSecondsBeforeStart").asDouble()).isBetween(115.0, 125.0);
    List<String> countdowns = new ArrayList<>();
    exam.audit(id).forEach(e -> {
      if (e.get("type").asText().equals("countdown")) {
        countdowns.add(e.get("data").get("message").asText());
      }
    });
    assertThat(countdowns).containsExactly("Test starting in 5 minutes", "Test starting in 2 minutes");
  }

  @Test
  void theCandidateGoesOfflineFor30SecondsWhileTheExaminerSendsThreeMessagesAndAfterwardsSeesEachOnceInOrder()
      throws Exception {
    String id = exam.createSession("Offline scenario", exam.serverTime() + 60 * MINUTE, null);

    JsonNode values = exam.run("offline-messages", params("sessionId", id, "title", "Offline scenario")).values();

    assertThat(values.get("messages")).hasSize(3);
    List<String> stored = new ArrayList<>();
    exam.audit(id).forEach(e -> {
      if (e.get("type").asText().equals("admin_message")) {
        stored.add(e.get("data").get("text").asText());
      }
    });
    assertThat(stored).containsExactly("Message 1: please check your microphone",
        "Message 2: we start Part 2 shortly", "Message 3: speak a little louder");
    // the candidate's traffic really was cut: the proxy reset what was open when the network went
    assertThat(exam.proxy().entries()).anyMatch(e -> e.verdict().equals("reset") && e.method().equals("cut"));
  }

  @Test
  void withTheCandidatesSocketBlockedACriticalAdminAlertStillReachesThemThroughRestPolling() throws Exception {
    String id = exam.createSession("Fallback scenario", exam.serverTime() + 60 * MINUTE, null);

    exam.run("rest-fallback", params("sessionId", id, "title", "Fallback scenario"));

    // while blocked, Socket.IO requests were refused and the alerts came over /api
    List<TcpProxy.Entry> entries = exam.proxy().entries();
    assertThat(entries).anyMatch(e -> e.verdict().equals("refused") && e.path().startsWith("/socket.io/"));
    assertThat(entries).anyMatch(e -> e.verdict().equals("pass") && e.path().startsWith("/api/alerts"));
  }

  @Test
  void aCandidateEmittingStartTestIsForbiddenAndChangesNothingAndForgedOrExpiredTokensAreRefusedWithAClearMessage()
      throws Exception {
    String id = exam.createSession("Refusals scenario", exam.serverTime() + 60 * MINUTE, null);

    JsonNode values = exam.run("refusals", params("sessionId", id, "title", "Refusals scenario")).values();

    assertThat(values.get("forbidden").get("error").asText()).isEqualTo("forbidden");
    // right after the refusal the session had no event (checked in the scenario); it only moved when the scenario
    // moved the clock 8 days on: every event is the server's, none the candidate's
    assertThat(exam.audit(id)).allSatisfy(e -> assertThat(e.get("actor").asText()).isEqualTo("system"));
    assertThat(values.get("expiredMessage").asText()).isEqualTo("Your session has expired, please sign in again.");
  }

  @Test
  void aThirtySecondRecordingWithTheNetworkCutForTenSecondsPlaysBackOnTheExaminersPageAsThirtySeconds()
      throws Exception {
    String id = exam.createSession("Recording scenario", exam.serverTime() + 60 * MINUTE, null);

    JsonNode values = exam.run("recording", params("sessionId", id, "title", "Recording scenario")).values();

    JsonNode info = exam.adminGet("/api/sessions/" + id + "/recording/info");
    assertThat(info.get("completed").asBoolean()).isTrue();
    assertThat(info.get("nextSeq").asInt()).isEqualTo(values.get("chunks").asInt()).isGreaterThanOrEqualTo(6);
    assertThat(info.get("contentType").asText()).isEqualTo("audio/webm");
    // the cut was real: uploads during it found no way through
    assertThat(exam.proxy().stats().get("refused connections")).isPositive();
  }

  @Test
  void aTestWhoseTimeRunsOutWithNobodyConnectedIsCompletedWhenAnyoneLooksNext() throws Exception {
    long scheduledAt = exam.serverTime() + 2 * MINUTE;
    String id = exam.createSession("Unattended scenario", scheduledAt, null);
    // nobody is connected while the whole test (13 minutes by default) runs out on the test clock
    exam.advanceClock(20 * MINUTE);

    exam.run("time-runs-out", params("sessionId", id, "title", "Unattended scenario"));

    JsonNode session = exam.session(id).get("session");
    assertThat(session.get("status").asText()).isEqualTo("Completed");
    // each part started at the previous one's deadline, not when the server happened to notice
    JsonNode d = session.get("durations");
    long total = d.get("part1").asLong() + d.get("part2_prep").asLong() + d.get("part2_talk").asLong()
        + d.get("part3").asLong();
    assertThat(session.get("startedAt").asLong()).isEqualTo(scheduledAt);
    assertThat(session.get("endedAt").asLong()).isEqualTo(scheduledAt + total);
  }

  @Test
  void theExaminerScoresAndTheCandidateSeesTheBandLive() throws Exception {
    String id = exam.createSession("Scoring scenario", exam.serverTime() + 60 * MINUTE, null);

    JsonNode values = exam.run("score-live", params("sessionId", id, "title", "Scoring scenario")).values();

    assertThat(values.get("band").asText()).isEqualTo("6.5");
    assertThat(values.get("latencyMs").asLong()).isLessThan(3000);
    JsonNode result = exam.adminGet("/api/sessions/" + id + "/result").get("result");
    assertThat(result.get("overall").asDouble()).isEqualTo(6.5);
  }

  /** What the server holds of a session: the session, its audit log, its score, its recording. */
  private Map<String, JsonNode> stored(String id) {
    Map<String, JsonNode> state = new LinkedHashMap<>();
    JsonNode session = exam.session(id);
    state.put("session", session.get("session"));
    // when the running part ends, on the server's clock
    state.put("deadline", Api.JSON.getNodeFactory().numberNode(session.get("timer").get("serverTime").asLong()
        + session.get("timer").get("remainingMs").asLong()));
    state.put("audit", exam.audit(id));
    state.put("result", exam.adminGet("/api/sessions/" + id + "/result").get("result"));
    state.put("recording", exam.adminGet("/api/sessions/" + id + "/recording/info"));
    return state;
  }

  @Test
  void restartingTheServerLosesNothingAcknowledged() throws Exception {
    String id = exam.createSession("Restart scenario", exam.serverTime() + 60 * MINUTE, null);
    Map<String, Map<String, JsonNode>> snapshots = new java.util.concurrent.ConcurrentHashMap<>();
    ScenarioRunner.Op restart = args -> {
      snapshots.put("before", stored(id));
      long t0 = System.nanoTime();
      exam.restart();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      snapshots.put("after", stored(id));
      return Map.of("restartedInMs", ms);
    };

    JsonNode values = exam.run("restart", params("sessionId", id, "title", "Restart scenario"),
        Map.of("restart", restart)).values();

    Map<String, JsonNode> before = snapshots.get("before");
    Map<String, JsonNode> after = snapshots.get("after");
    assertThat(before).as("the scenario asked for the restart").isNotNull();
    // right after the restart, before any client is back: everything stored before is there, unchanged
    assertThat(after.get("session")).isEqualTo(before.get("session"));
    assertThat(after.get("deadline")).isEqualTo(before.get("deadline"));
    assertThat(after.get("audit")).isEqualTo(before.get("audit"));
    assertThat(after.get("result")).isEqualTo(before.get("result"));
    assertThat(before.get("result").get("overall").asDouble()).isEqualTo(6.5);
    assertThat(after.get("recording").get("bytes").asLong()).isEqualTo(before.get("recording").get("bytes").asLong());
    assertThat(before.get("recording").get("nextSeq").asInt())
        .isGreaterThanOrEqualTo(values.get("chunksBefore").asInt());
    List<String> types = new ArrayList<>();
    before.get("audit").forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).containsSubsequence("test_started", "admin_message", "admin_message");
    // and the recording went on to the end after the restart
    JsonNode info = exam.adminGet("/api/sessions/" + id + "/recording/info");
    assertThat(info.get("completed").asBoolean()).isTrue();
    assertThat(info.get("nextSeq").asInt()).isEqualTo(values.get("chunks").asInt());
  }
}
