package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.Limits;
import dev.parley.engineio.server.internal.EngineSession;
import dev.parley.socketio.server.Socket;
import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clients that do not take what they are sent (catalogue E1, E2, E3): a WebSocket that stops reading and a polling
 * client that stops polling are cut once their queue passes outboundQueueMaxBytes (never holding more than that and
 * one message), while the clients that keep up get every message in order; volatile packets for a client that is
 * not keeping up are dropped and counted, never queued.
 */
class HostileSlowConsumersTest extends AbstractHostileTest {
  private static final long QUEUE_LIMIT = Limits.DEFAULT_OUTBOUND_QUEUE_MAX_BYTES;
  private static final int MESSAGE_BYTES = 100_000;

  /** Sockets by the id the client gives itself in {@code join}. */
  private final Map<String, Socket> byName = new ConcurrentHashMap<>();

  @Override
  void onConnection(Socket socket) {
    socket.on("join", (args, ack) -> {
      socket.join(args.string(1));
      byName.put(args.string(0), socket);
      ack.send();
    });
  }

  /** The engine session of the raw WebSocket client that said {@code name=<name>} in its URL. */
  private EngineSession sessionNamed(String name) {
    return io.engine().sockets().stream().filter(s -> name.equals(s.request().queryParam("name")))
        .map(EngineSession.class::cast).findFirst().orElseThrow();
  }

  private static <T> T onLoop(EngineSession session, java.util.concurrent.Callable<T> task) throws Exception {
    return session.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
  }

  private static String payload(int index) {
    char[] filler = new char[MESSAGE_BYTES];
    Arrays.fill(filler, (char) ('a' + index % 26));
    return new String(filler);
  }

  /** A raw WebSocket client that joins {@code room} as {@code name}, then never reads again. */
  private RawWs stalledClient(String name, String room) throws IOException {
    RawWs ws = RawWs.connect(port(), null, 4096);
    assertThat(ws.handshake("?EIO=4&transport=websocket&name=" + name, "").status()).isEqualTo(101);
    assertThat(ws.nextText()).startsWith("0{");
    ws.sendText("40");
    assertThat(ws.nextText()).startsWith("40{");
    ws.sendText("421[\"join\",\"" + name + "\",\"" + room + "\"]");
    assertThat(ws.nextText()).isEqualTo("431[]");
    return ws;
  }

  private RawWebSocketClient fastClient(String name, String room) {
    RawWebSocketClient client = connectWebSocket();
    client.sendText("421[\"join\",\"" + name + "\",\"" + room + "\"]");
    assertThat(client.nextText(WAIT)).isEqualTo("431[]");
    return client;
  }

  @Test
  void slowConsumerIsCutOff() throws Exception {
    List<RawWebSocketClient> fast = new ArrayList<>();
    try (RawWs slow = stalledClient("slow", "room1")) {
      for (int i = 0; i < 20; i++) {
        fast.add(fastClient("fast" + i, "room1"));
      }
      EngineSession slowSession = sessionNamed("slow");
      long heapBefore = usedHeapAfterGc();
      long maxQueued = 0;
      for (int i = 0; i < 100; i++) {
        String data = payload(i);
        io.to("room1").emit("big", i, data);
        String expected = "42[\"big\"," + i + ",\"" + data + "\"]";
        // every client that keeps up gets every message, in order
        for (RawWebSocketClient client : fast) {
          assertThat(client.nextText(WAIT)).isEqualTo(expected);
        }
        if (slowSession.isOpen()) {
          maxQueued = Math.max(maxQueued, onLoop(slowSession, slowSession::queuedBytes));
        }
      }
      // the stalled client was cut as a slow consumer, with never more than the bound and one message queued
      await().atMost(WAIT).until(() -> disconnects.contains("slow consumer"));
      assertThat(slowSession.isOpen()).isFalse();
      assertThat(maxQueued).isLessThanOrEqualTo(QUEUE_LIMIT + MESSAGE_BYTES + 64);
      assertThat(disconnects).containsOnly("slow consumer");
      assertThat(usedHeapAfterGc()).isLessThan(heapBefore + 32 * 1024 * 1024);
      assertOthersServed(fast.get(0));
      // its TCP connection was closed too (the close frame could not get past what it did not read)
      slow.socket.setReceiveBufferSize(1 << 20);
      assertClosedByPeer(slow.socket, WAIT);
    } finally {
      fast.forEach(RawWebSocketClient::close);
    }
  }

  @Test
  void slowPollingClientBounded() throws Exception {
    RawPollingClient polling = connectPolling();
    assertThat(polling.post("421[\"join\",\"poller\",\"room2\"]").body()).isEqualTo("ok");
    assertThat(pollSkippingPings(polling)).isEqualTo("431[]");
    EngineSession session = engine().session(polling.sid());

    // it stops polling while 5 MB are sent to it
    long maxQueued = 0;
    for (int i = 0; i < 50 && session.isOpen(); i++) {
      byName.get("poller").emit("big", i, payload(i));
      maxQueued = Math.max(maxQueued, onLoop(session, session::queuedBytes));
    }
    await().atMost(WAIT).until(() -> disconnects.contains("slow consumer"));
    assertThat(maxQueued).isLessThanOrEqualTo(QUEUE_LIMIT);
    // the session is gone: its next poll is refused
    assertThat(polling.poll().status()).isEqualTo(400);
  }

  /**
   * The polling buffer is bounded in the bytes of its UTF-8 answer, not in characters: with text of three bytes a
   * character, what is accepted for one poll still fits in outboundQueueMaxBytes, and the client that stops polling
   * is cut once it would not.
   */
  @Test
  void aPollingBufferOfMultiByteTextIsBoundedInBytes() throws Exception {
    RawPollingClient polling = connectPolling();
    assertThat(polling.post("421[\"join\",\"poller\",\"room2\"]").body()).isEqualTo("ok");
    assertThat(pollSkippingPings(polling)).isEqualTo("431[]");
    EngineSession session = engine().session(polling.sid());
    String euros = "\u20ac".repeat(MESSAGE_BYTES); // 100,000 characters, 300,000 bytes

    // what one poll takes is within the bound, in bytes
    for (int i = 0; i < 3; i++) {
      byName.get("poller").emit("big", i, euros);
    }
    String answer = pollSkippingPings(polling);
    assertThat(answer).contains("\"big\",2,");
    assertThat((long) answer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(QUEUE_LIMIT);

    // it stops polling: the fourth message would take the answer past the bound, in bytes (not in characters)
    int accepted = 0;
    for (int i = 0; i < 10 && session.isOpen(); i++) {
      byName.get("poller").emit("big", i, euros);
      onLoop(session, () -> null);
      if (session.isOpen()) {
        accepted++;
      }
    }
    await().atMost(WAIT).until(() -> disconnects.contains("slow consumer"));
    assertThat(accepted * 3L * MESSAGE_BYTES).isLessThanOrEqualTo(QUEUE_LIMIT);
  }

  @Test
  void volatileDroppedWhenNotWritable() throws Exception {
    try (RawWs slow = stalledClient("slow", "room3")) {
      EngineSession session = sessionNamed("slow");
      Socket socket = byName.get("slow");
      // fill the kernel's buffers, then Netty's past its high water mark: the channel is no longer writable
      for (int i = 0; i < 200 && onLoop(session, session::queuedBytes) < 64 * 1024; i++) {
        socket.emit("fill", payload(i).substring(0, 32 * 1024));
        onLoop(session, () -> null); // the emit ran; its flush runs at the end of that loop iteration
      }
      long queued = onLoop(session, session::queuedBytes);
      assertThat(queued).isBetween(64L * 1024, QUEUE_LIMIT);
      long dropped = onLoop(session, session::droppedPackets);
      long droppedOverall = engine().droppedPackets();

      for (int i = 0; i < 100; i++) {
        socket.asVolatile().emit("tick", i);
      }
      assertThat(onLoop(session, session::droppedPackets)).isEqualTo(dropped + 100);
      assertThat(engine().droppedPackets()).isGreaterThanOrEqualTo(droppedOverall + 100);
      assertThat(onLoop(session, session::queuedBytes)).isEqualTo(queued); // not one byte of them was queued
      assertThat(session.isOpen()).isTrue();
      assertThat(disconnects).isEmpty();
    }
  }

  @Test
  void volatileDroppedWhenNoPollIsWaiting() throws Exception {
    RawPollingClient polling = connectPolling();
    assertThat(polling.post("421[\"join\",\"poller\",\"room4\"]").body()).isEqualTo("ok");
    assertThat(pollSkippingPings(polling)).isEqualTo("431[]");
    EngineSession session = engine().session(polling.sid());
    long dropped = onLoop(session, session::droppedPackets);

    byName.get("poller").asVolatile().emit("tick", 1);
    byName.get("poller").emit("after", 2);
    assertThat(onLoop(session, session::droppedPackets)).isEqualTo(dropped + 1);
    assertThat(pollSkippingPings(polling)).isEqualTo("42[\"after\",2]");
  }
}
