package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.engineio.server.CloseReason;
import dev.parley.testkit.RawWebSocketClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every disconnection is logged once under {@code dev.parley.disconnects}, with the reason, the client's address and
 * its Origin: at INFO when the client broke a rule or a limit, at DEBUG when it simply left. Nothing it sent in its
 * auth payload or its packets reaches a log line.
 */
class HostileDisconnectLogTest extends AbstractHostileTest {
  private static final String ORIGIN = "https://app.example";
  private static final String SECRET = "s3cr3t-t0ken-value";

  private final ListAppender<ILoggingEvent> disconnectLog = new ListAppender<>();
  private final ListAppender<ILoggingEvent> everything = new ListAppender<>();
  private Level levelBefore;

  private static Logger logger(String name) {
    return (Logger) LoggerFactory.getLogger(name);
  }

  @BeforeEach
  void captureLogs() {
    Logger disconnects = logger("dev.parley.disconnects");
    levelBefore = disconnects.getLevel();
    disconnects.setLevel(Level.DEBUG);
    disconnectLog.start();
    disconnects.addAppender(disconnectLog);
    everything.start();
    logger(Logger.ROOT_LOGGER_NAME).addAppender(everything);
  }

  @AfterEach
  void releaseLogs() {
    logger("dev.parley.disconnects").detachAppender(disconnectLog);
    logger("dev.parley.disconnects").setLevel(levelBefore);
    logger(Logger.ROOT_LOGGER_NAME).detachAppender(everything);
  }

  private RawWebSocketClient connectWithOrigin(String auth) {
    RawWebSocketClient ws = RawWebSocketClient.connect(wsUrl("?EIO=4&transport=websocket&token=" + SECRET),
        Map.of("Origin", ORIGIN));
    assertThat(ws.nextText(WAIT)).startsWith("0{");
    ws.sendText("40" + auth);
    assertThat(ws.nextText(WAIT)).startsWith("40{\"sid\":");
    return ws;
  }

  /** The log lines that start with {@code id}, once at least {@code count} of them were written. */
  private List<ILoggingEvent> linesAbout(String id, int count) {
    await().atMost(WAIT).until(() -> lines(id).size() >= count);
    return lines(id);
  }

  private List<ILoggingEvent> lines(String id) {
    return List.copyOf(disconnectLog.list).stream().filter(e -> e.getFormattedMessage().startsWith(id)).toList();
  }

  @Test
  void aParseErrorIsLoggedAtInfoOnceForTheSocketAndOnceForTheSessionWithAddressAndOrigin() {
    RawWebSocketClient ws = connectWithOrigin("{\"token\":\"" + SECRET + "\"}");
    String socketId = io.sockets().keySet().iterator().next();
    // a parser quotes what it could not read: here the secret again, unquoted in the packet
    ws.sendText("42[\"chat\"," + SECRET + "]");
    await().atMost(WAIT).until(() -> disconnects.contains("parse error"));

    List<ILoggingEvent> socketLines = linesAbout("socket " + socketId, 1);
    assertThat(socketLines).hasSize(1);
    ILoggingEvent socketLine = socketLines.get(0);
    assertThat(socketLine.getLevel()).isEqualTo(Level.INFO);
    assertThat(socketLine.getFormattedMessage()).contains("on /", "disconnected: parse error", "remote 127.0.0.1:",
        "origin " + ORIGIN);

    List<ILoggingEvent> sessionLines = linesAbout("engine session", 1);
    assertThat(sessionLines).hasSize(1);
    assertThat(sessionLines.get(0).getLevel()).isEqualTo(Level.INFO);
    assertThat(sessionLines.get(0).getFormattedMessage()).contains("closed: parse error", "transport websocket",
        "remote 127.0.0.1:", "origin " + ORIGIN);

    assertThat(everything.list).extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains(SECRET) || m.contains("s3cr3t"));
    ws.close();
  }

  @Test
  void aClientThatLeavesIsLoggedAtDebugOnce() {
    RawWebSocketClient ws = connectWithOrigin("");
    String socketId = io.sockets().keySet().iterator().next();
    ws.sendText("41");
    await().atMost(WAIT).until(() -> disconnects.contains("client namespace disconnect"));
    ILoggingEvent left = linesAbout("socket " + socketId, 1).get(0);
    assertThat(left.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(left.getFormattedMessage()).contains("disconnected: client namespace disconnect", "origin " + ORIGIN);

    ws.close();
    ILoggingEvent closed = linesAbout("engine session", 1).get(0);
    assertThat(closed.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(closed.getFormattedMessage()).contains("closed: " + CloseReason.TRANSPORT_CLOSE.description());
    assertThat(lines("socket " + socketId)).hasSize(1);
    assertThat(lines("engine session")).hasSize(1);
  }

  @Test
  void aConnectionClosedForJoiningNoNamespaceInTimeIsLoggedAtInfo() {
    restart(options().connectTimeout(Duration.ofMillis(300)));
    RawWebSocketClient ws = RawWebSocketClient.connect(wsUrl("?EIO=4&transport=websocket"));
    assertThat(ws.nextText(WAIT)).startsWith("0{");
    ILoggingEvent closed = linesAbout("engine session", 1).get(0);
    assertThat(closed.getLevel()).isEqualTo(Level.INFO);
    assertThat(closed.getFormattedMessage())
        .contains("closed: forced close (no namespace joined within connectTimeout)", "origin http://127.0.0.1:");
    ws.close();
  }
}
