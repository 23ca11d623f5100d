package dev.parley.examroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat's acceptance scenarios (issue 4), each what a user would try, in Debian's headless Chromium with several
 * browser contexts: a fresh app per test ({@link BrowserAcceptanceTest}: no server ERROR allowed), one Node script
 * per scenario ({@code node/scenarios/chat-*.cjs}). One user at a time goes through the {@link TcpProxy} when a
 * scenario needs to take their network away or lose what the server sends them; everyone else talks to the app
 * directly. After each script the test checks the server's side over REST.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatAcceptanceTest extends BrowserAcceptanceTest {
  /** The app's defaults (chat.rate.per.second, chat.rate.burst). */
  private static final int RATE_PER_SECOND = 2;
  private static final int RATE_BURST = 5;

  /** The messages of a room as the server stores them (REST, as {@code username}), oldest first, every page. */
  private List<JsonNode> stored(String username, String roomId) {
    String token = exam.api().login(username, ExamRoomHarness.PASSWORDS.get(username));
    List<JsonNode> all = new ArrayList<>();
    long before = 0;
    while (true) {
      JsonNode page = exam.api().get("/api/chat/rooms/" + roomId + "/messages?limit=100"
          + (before > 0 ? "&before=" + before : ""), token).expect(200);
      List<JsonNode> messages = new ArrayList<>();
      page.get("messages").forEach(messages::add);
      all.addAll(0, messages);
      if (!page.get("hasMore").asBoolean() || messages.isEmpty()) {
        return all;
      }
      before = messages.get(0).get("id").asLong();
    }
  }

  private static List<String> texts(List<JsonNode> messages) {
    return messages.stream().map(m -> m.get("text").asText()).toList();
  }

  private static String dmRoom(String userA, String userB) {
    return userA.compareTo(userB) < 0 ? "dm-" + userA + "-" + userB : "dm-" + userB + "-" + userA;
  }

  @Test
  void aSecondUserJoinsAndTheFirstSeesXJoinedAndTheParticipantCountRiseWithinASecond() throws Exception {
    JsonNode values = exam.run("chat-join", params()).values();

    assertThat(values.get("joinedLineMs").asLong()).isLessThanOrEqualTo(1000);
    assertThat(values.get("countBefore").asInt()).isEqualTo(1);
    assertThat(values.get("countAfter").asInt()).isEqualTo(2);
  }

  @Test
  @AppSettings({"--chat.presence.offline.grace=2s", "--socket.ping.interval=2s", "--socket.ping.timeout=7s"})
  void aTypistWhoseTabDiesWithoutACloseStopsTypingWithinSixSecondsAndGoesOfflineAfterTheGraceAndTypingIsThrottled()
      throws Exception {
    // the heartbeat notices the dead tab 7 to 9 s after the cut: later than the 6 s typing expiry, so the typing
    // line must go by the receiver's expiry alone; then the 2 s grace
    JsonNode values = exam.run("chat-presence-typing", params("graceMs", 2000, "heartbeatMs", 9000)).values();

    assertThat(values.get("typingFrames").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(values.get("minTypingGapMs").asLong()).isGreaterThanOrEqualTo(1900);
    assertThat(values.get("typingGoneAfterCutMs").asLong()).isLessThanOrEqualTo(6250);
    assertThat(values.get("offlineAfterCutMs").asLong()).isLessThanOrEqualTo(9000 + 2000 + 1000);
    assertThat(values.get("offlineAfterLeftMs").asLong()).isBetween(1800L, 3000L);
    // nothing reached the app after the cut: no close, no reset, only its heartbeat noticed
    assertThat(exam.proxy().entries()).anyMatch(e -> e.verdict().equals("blackhole"))
        .noneMatch(e -> e.verdict().equals("reset"));
  }

  @Test
  void aPrivateMessageReachesBothTabsOfTheRecipientAndNobodyElse() throws Exception {
    String a = exam.userId("candidate1");
    String b = exam.userId("examiner");
    String room = dmRoom(a, b);

    JsonNode values = exam.run("chat-private", params("dmRoom", room)).values();

    String text = values.get("text").asText();
    assertThat(texts(stored("examiner", room))).containsExactly(text);
    // the third user cannot read the conversation over REST either
    String c = exam.api().login("candidate2", ExamRoomHarness.PASSWORDS.get("candidate2"));
    assertThat(exam.api().get("/api/chat/rooms/" + room + "/messages", c).status()).isEqualTo(403);
  }

  @Test
  void aMessageToABackgroundTabIsDeliveredAndTurnsSeenWithinASecondOfFocus() throws Exception {
    String room = dmRoom(exam.userId("candidate1"), exam.userId("candidate2"));

    JsonNode values = exam.run("chat-receipts", params("dmRoom", room)).values();

    assertThat(values.get("seenAfterFocusMs").asLong()).isLessThanOrEqualTo(1000);
    // the server's own record: candidate1's message is seen
    JsonNode own = stored("candidate1", room).get(0);
    assertThat(own.get("receipt").asText()).isEqualTo("seen");
  }

  @Test
  void whenTheFirstAcknowledgementIsLostTheClientResendsAndTheMessageShowsOnceForBoth() throws Exception {
    JsonNode values = exam.run("chat-resend", params()).values();

    String text = values.get("text").asText();
    assertThat(texts(stored("candidate2", "lobby"))).containsOnlyOnce(text);
    assertThat(values.get("attempts").asInt()).isEqualTo(2);
    // the acknowledgement really was lost on the way: the proxy dropped it
    assertThat(exam.proxy().entries()).anyMatch(e -> e.verdict().equals("dropped") && e.path().startsWith("43"));
  }

  @Test
  void twentyMessagesInOneSecondAreCutToTheRateLimitForTheOthersAndTheSenderIsToldToSlowDown() throws Exception {
    JsonNode values = exam.run("chat-rate-limit", params("ratePerSecond", RATE_PER_SECOND, "burst", RATE_BURST))
        .values();

    int received = values.get("received").asInt();
    assertThat(values.get("sendingMs").asLong()).isLessThanOrEqualTo(1000);
    assertThat(received).isBetween(RATE_BURST, RATE_BURST + RATE_PER_SECOND);
    assertThat(stored("candidate2", "lobby")).hasSize(received);
  }

  @Test
  @AppSettings({"--chat.rate.per.second=50", "--chat.rate.burst=50"})
  void markupScriptsTemplatesAndBidiOverridesInMessagesNamesAndTitlesShowAsTextAndRunNothing() throws Exception {
    String name = ChatPayloads.DISPLAY_NAME;
    String userId = exam.createUser("mallory", "mallory-pass-1", name, "candidate");
    String sessionId = exam.createSession(ChatPayloads.TITLE, exam.serverTime() + 60 * 60_000, null);

    JsonNode values = exam.run("chat-xss", params("malloryId", userId, "malloryName", name,
        "malloryPassword", "mallory-pass-1", "sessionId", sessionId, "title", ChatPayloads.TITLE,
        "payloads", ChatPayloads.MESSAGES)).values();

    assertThat(values.get("csp").asText()).contains("script-src 'self'");
    // the server stored the payloads as sent: the rendering alone keeps them inert
    assertThat(texts(stored("candidate1", "lobby"))).containsAll(ChatPayloads.MESSAGES);
  }

  @Test
  @AppSettings({"--chat.rate.per.second=500", "--chat.rate.burst=500"})
  void scrollingUpThroughTwoHundredMessagesLoadsOlderPagesWithoutGapsOrDuplicates() throws Exception {
    List<Long> ids = exam.seedChat("candidate2", "lobby", 210, "History message ");

    JsonNode values = exam.run("chat-history", params("seededIds", ids, "textPrefix", "History message "))
        .values();

    assertThat(values.get("pages").asInt()).isGreaterThanOrEqualTo(4);
    List<Long> shown = new ArrayList<>();
    values.get("shownIds").forEach(n -> shown.add(n.asLong()));
    assertThat(shown).isEqualTo(ids);
  }

  @Test
  void aMutedUserCannotTypeAndTheServerRefusesTheirEmitsWithMuted() throws Exception {
    JsonNode values = exam.run("chat-mute", params()).values();

    assertThat(values.get("ack").get("error").asText()).isEqualTo("muted");
    assertThat(texts(stored("examiner", "lobby"))).containsExactly("Before the mute");
  }

  @Test
  void twoBrowsersOnTheSeed004PageExchangeAMessageBothSee() throws Exception {
    JsonNode values = exam.run("chat-seed-page", params()).values();

    // seed 004's messages are broadcast, not stored: nothing of them in the rooms' history
    assertThat(texts(stored("candidate1", "lobby"))).doesNotContain(values.get("first").asText(),
        values.get("answer").asText());
  }

  /** Every payload of the reliability catalogue's L1 and L2 rows. */
  static final class ChatPayloads {
    static final String RTL = "\u202Egnp.exe";
    static final List<String> MESSAGES = List.of(
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "</script><script>alert(1)</script>",
        "javascript:alert(1)",
        "{{7*7}} ${7*7} #{7*7}",
        "Invoice " + RTL,
        "A safe link: https://example.com/page?q=1");
    static final String DISPLAY_NAME = "<img src=x onerror=alert(1)><svg/onload=alert(1)>"
        + "</script><script>alert(1)</script>{{7*7}} javascript:alert(1) " + RTL;
    static final String TITLE = "Exam </script><script>alert(1)</script><img src=x onerror=alert(1)> {{7*7}} " + RTL;

    private ChatPayloads() {}
  }
}
