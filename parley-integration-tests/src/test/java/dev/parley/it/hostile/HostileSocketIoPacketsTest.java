package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid Socket.IO packets from a connected client (catalogue B1, B2, B4, B5): the connection is closed with reason
 * {@code parse error}, nothing reaches the application (no event, no error listener), nothing but the close goes
 * back to the client, and other clients go on being served.
 *
 * <p>Every input is the Engine.IO text frame as sent, so {@code 42…} is a Socket.IO EVENT ({@code 2…}).
 */
class HostileSocketIoPacketsTest extends AbstractHostileTest {

  /**
   * Sends {@code frames} (text, or {@code byte[]} for binary frames) from a client connected to the main namespace
   * and checks the server's answer: a close and nothing else, the reason {@code parse error}, no application code.
   */
  private void assertRejected(Object... frames) {
    try (RawWebSocketClient canary = connectWebSocket(); RawWebSocketClient attacker = connectWebSocket()) {
      for (Object frame : frames) {
        if (frame instanceof byte[] binary) {
          attacker.sendBinary(binary);
        } else {
          attacker.sendText((String) frame);
        }
      }
      assertClosedSilently(attacker);
      await().atMost(WAIT).until(() -> !disconnects.isEmpty());
      assertThat(disconnects).containsExactly("parse error");
      assertThat(handled).isEmpty();
      assertThat(errors).isEmpty();

      assertOthersServed(canary);
    }
  }

  /** Waits for the close; anything else the server sent first (a stack trace, an echo) fails the test. */
  private static void assertClosedSilently(RawWebSocketClient client) {
    RawWebSocketClient.Message m;
    do {
      m = client.next(WAIT);
      assertThat(m).as("the connection closed within %s", WAIT).isNotNull();
      assertThat(m.isClose() || "2".equals(m.text())).as("only the close is sent back, got %s", m.text()).isTrue();
    } while (!m.isClose());
  }

  @Test
  void aClientEventNamedErrorClosesTheConnectionAndReachesNoHandler() {
    assertRejected("42[\"error\",\"boom\"]");
  }

  @Test
  void aClientEventNamedErrorOverPollingEndsTheSessionAndReachesNoHandler() {
    try (RawWebSocketClient canary = connectWebSocket()) {
      RawPollingClient attacker = connectPolling();
      assertThat(attacker.post("42[\"error\",\"boom\"]").body()).isEqualTo("ok");
      await().atMost(WAIT).until(() -> !disconnects.isEmpty());
      assertThat(disconnects).containsExactly("parse error");
      assertThat(attacker.poll().status()).isEqualTo(400); // the session is gone
      assertThat(handled).isEmpty();
      assertThat(errors).isEmpty();
      assertOthersServed(canary);
    }
  }

  @Test
  void anObjectAsEventNameIsRejected() {
    // socket.io-parser's own regression: an object whose toString is a string is still not an event name
    assertRejected("42[{\"toString\":\"foo\"}]");
  }

  static Stream<String> invalidPackets() {
    return Stream.of(
        "4abc",                       // unknown Socket.IO packet type 'a'
        "44abc",                      // CONNECT_ERROR from a client, and not even JSON
        "44{\"message\":\"x\"}",      // CONNECT_ERROR is the server's to send
        "42{}",                       // event payload not an array
        "42abc[\"x\"]",               // non-numeric ack id
        "42[true,\"foo\"]",           // event name not a string
        "42[null,\"bar\"]",
        "42[]",                       // no event name
        "42",                         // no payload at all
        "42/admin,{}",                // event on another namespace, payload not an array
        "41/admin,{}",                // DISCONNECT with a payload
        "41{\"x\":1}",
        "40/nsp,\"str\"",             // CONNECT with non-object auth
        "47",                         // packet type 7 does not exist
        "4",                          // empty Socket.IO packet
        "42[\"x\"",                   // truncated JSON
        "42[\"x\"]]",                 // trailing garbage
        "42[\"x\"," + "[".repeat(200) + "]".repeat(200) + "]", // nesting over the depth limit
        "45-[\"x\"]",                 // binary event without attachment count
        "45a-[\"x\"]");               // non-numeric attachment count
  }

  @ParameterizedTest
  @MethodSource("invalidPackets")
  void invalidPacketsCloseTheConnectionWithParseError(String frame) {
    assertRejected(frame);
  }

  @ParameterizedTest
  @ValueSource(strings = {"error", "connect", "connect_error", "disconnect", "disconnecting", "newListener",
      "removeListener"})
  void reservedEventNamesFromTheClientAreRejected(String name) {
    assertRejected("42[\"" + name + "\",{\"forged\":true}]");
  }

  // ---- binary attachments ----

  @ParameterizedTest
  @ValueSource(strings = {"\"splice\"", "\"__proto__\"", "\"0\"", "1", "-1", "1.5", "null", "true", "{}", "[0]"})
  void aPlaceholderWhoseNumIsNotAnIndexOfTheAttachmentsIsRejected(String num) {
    assertRejected("451-[\"echo\",{\"_placeholder\":true,\"num\":" + num + "}]", new byte[] {1, 2, 3});
  }

  @Test
  void moreAttachmentsThanTheLimitAreRejectedBeforeAnyArrives() {
    assertRejected("4511-[\"echo\"" + ",{\"_placeholder\":true,\"num\":0}".repeat(11) + "]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"45999999999-[\"echo\"]", "454294967297-[\"echo\"]", "45-1-[\"echo\"]"})
  void hugeOrNegativeAttachmentCountsAreRejected(String frame) {
    assertRejected(frame);
  }

  @Test
  void zeroAttachmentsDeclaredIsRejected() {
    assertRejected("450-[\"echo\",\"x\"]");
  }

  @Test
  void plainTextWhileWaitingForAttachmentsIsRejected() {
    assertRejected("452-[\"echo\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        new byte[] {1}, "42[\"echo\",\"sneaky\"]");
  }

  @Test
  void anAttachmentNobodyAnnouncedIsRejected() {
    assertRejected(new byte[] {1, 2, 3});
  }

  @Test
  void attachmentsAddingUpToMoreThanTheBufferSizeAreRejected() {
    byte[] half = new byte[600_000];
    assertRejected("452-[\"echo\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", half, half);
  }

  @Test
  void theLimitItselfIsAccepted() {
    try (RawWebSocketClient client = connectWebSocket()) {
      StringBuilder packet = new StringBuilder("4510-[\"echo\"");
      for (int i = 0; i < 10; i++) {
        packet.append(",{\"_placeholder\":true,\"num\":").append(i).append('}');
      }
      client.sendText(packet.append(']').toString());
      for (int i = 0; i < 10; i++) {
        client.sendBinary(new byte[] {(byte) i});
      }
      // echoed as an event with the same ten attachments
      assertThat(client.nextText(WAIT)).isEqualTo(packet.toString());
      for (int i = 0; i < 10; i++) {
        assertThat(client.next(WAIT).binary()).containsExactly(i);
      }
      assertThat(handled).containsExactly("any:echo");
    }
  }

  // ---- ack ids ----

  static Stream<Arguments> validAckIds() {
    return Stream.of(Arguments.of("1234567890", "1234567890"), Arguments.of("9007199254740991", "9007199254740991"),
        Arguments.of("007", "7"), Arguments.of("0", "0"));
  }

  @ParameterizedTest
  @MethodSource("validAckIds")
  void ackIdsUpToTheLargestSafeIntegerAreAnswered(String sent, String answered) {
    try (RawWebSocketClient client = connectWebSocket()) {
      client.sendText("42" + sent + "[\"echo\",\"a\"]");
      assertThat(client.nextText(WAIT)).isEqualTo("43" + answered + "[\"a\"]");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"9007199254740992", "12345678901234567890", "-1", "1e3"})
  void ackIdsOutOfBoundsOrMalformedAreRejected(String id) {
    assertRejected("42" + id + "[\"echo\",\"a\"]");
  }

  @Test
  void aFourHundredDigitAckIdIsRejected() {
    assertRejected("42" + "9".repeat(400) + "[\"echo\",\"a\"]");
  }

  @Test
  void aMalformedPacketOnOneNamespaceClosesTheWholeConnection() {
    io.of("/other").on("connection", socket -> socket.onDisconnect((r, d) -> disconnects.add("other:" + r)));
    try (RawWebSocketClient canary = connectWebSocket(); RawWebSocketClient attacker = connectWebSocket()) {
      attacker.sendText("40/other,");
      assertThat(attacker.nextText(WAIT)).startsWith("40/other,{\"sid\":");
      attacker.sendText("42/other,{}");
      assertClosedSilently(attacker);
      await().atMost(WAIT).until(() -> disconnects.size() == 2);
      assertThat(disconnects).containsExactlyInAnyOrder("parse error", "other:parse error");
      assertThat(handled).isEmpty();
      assertOthersServed(canary);
    }
  }

  @Test
  void theRejectionsLeaveNoStateBehind() {
    // after many rejected connections, the server holds only the healthy ones
    try (RawWebSocketClient canary = connectWebSocket()) {
      for (String frame : List.of("42{}", "450-[\"x\"]", "451-[\"x\",{\"_placeholder\":true,\"num\":9}]")) {
        try (RawWebSocketClient attacker = connectWebSocket()) {
          attacker.sendText(frame);
          if (frame.startsWith("451")) {
            attacker.sendBinary(new byte[] {1});
          }
          attacker.awaitClose(WAIT);
        }
      }
      await().atMost(WAIT).until(() -> io.engine().clientsCount() == 1);
      assertThat(io.sockets()).hasSize(1);
      assertServed(canary);
    }
  }
}
