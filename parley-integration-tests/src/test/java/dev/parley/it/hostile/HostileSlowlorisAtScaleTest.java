package dev.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.server.netty.HttpServerLimits;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.testkit.RawPollingClient;
import dev.parley.testkit.RawWebSocketClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Catalogue D4 at the catalogue's scale: 500 connections at once, half trickling their request headers a byte at a
 * time, half trickling a POST body after complete headers, each byte well within the timeout. Every one is closed by
 * the header timeout (from the connection's start) or the body timeout (from its headers), not kept alive by its
 * trickle, and clients that arrive during the attack are served.
 *
 * <p>The timeouts are 2 s and 3 s instead of the defaults (10 s and 30 s) so the test takes seconds: both are totals
 * from a fixed start that no byte resets, so what is checked does not depend on their length. The trickle (a byte
 * every 500 ms) keeps the catalogue's ratio of one byte per half timeout or faster, which would keep alive a
 * connection closed only when idle.
 */
class HostileSlowlorisAtScaleTest extends AbstractHostileTest {
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
  /** How late after its timeout a close may come on a loaded two-core machine. */
  private static final Duration SLACK = Duration.ofMillis(1500);
  private static final int ATTACKERS = 500;
  private static final long TRICKLE_MILLIS = 500;

  @Override
  ServerOptions.Builder options() {
    return super.options().httpLimits(new HttpServerLimits(8192, 16_384, HEADER_TIMEOUT, BODY_TIMEOUT));
  }

  /** One slow connection: what it trickles, and when it opened and was closed ({@code 0}: still open). */
  private static final class Slow {
    final SocketChannel channel;
    final boolean body;
    final byte[] trickle;
    final long opened;
    volatile long closed;
    volatile long bytesReceived;
    volatile int sent;

    Slow(long opened, SocketChannel channel, boolean body, byte[] trickle) {
      this.opened = opened;
      this.channel = channel;
      this.body = body;
      this.trickle = trickle;
    }

    Duration lifetime() {
      return Duration.ofNanos(closed - opened);
    }

    /** The next byte of its trickle; a write to a closed connection only ends its trickle. */
    void trickleOne() {
      if (closed != 0 || sent >= trickle.length) {
        return;
      }
      try {
        sent += channel.write(ByteBuffer.wrap(trickle, sent, 1));
      } catch (IOException e) {
        // closed by the server: the reader records when
      }
    }
  }

  private Slow open(boolean body, String sid) throws IOException {
    // before the connection: the server's timers start with it
    long opened = System.nanoTime();
    SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port()));
    channel.configureBlocking(false);
    if (!body) {
      // a request whose last header never ends
      return new Slow(opened, channel, false, ("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nX-Slow: " + "a".repeat(200)).getBytes(StandardCharsets.US_ASCII));
    }
    channel.write(ByteBuffer.wrap(("POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII)));
    return new Slow(opened, channel, true, "4".repeat(1000).getBytes(StandardCharsets.US_ASCII));
  }

  /** Reads every connection until the server closes it, and records when; ends once all are closed. */
  private static Thread watchForCloses(List<Slow> attackers, Selector selector) throws IOException {
    for (Slow slow : attackers) {
      slow.channel.register(selector, SelectionKey.OP_READ, slow);
    }
    Thread reader = new Thread(() -> {
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      int open = attackers.size();
      try {
        while (open > 0 && !Thread.currentThread().isInterrupted()) {
          selector.select(100);
          for (SelectionKey key : selector.selectedKeys()) {
            Slow slow = (Slow) key.attachment();
            int read;
            try {
              read = slow.channel.read(buffer.clear());
            } catch (IOException e) {
              read = -1; // a reset is a close too
            }
            if (read > 0) {
              slow.bytesReceived += read;
            } else if (read < 0) {
              slow.closed = System.nanoTime();
              key.cancel();
              open--;
            }
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "slowloris-reader");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  @Test
  void fiveHundredSlowConnectionsAreClosedByTheirTimeoutsWhileOthersAreServed() throws Exception {
    long descriptorsBefore = fileDescriptorsInUse();
    List<RawPollingClient> victims = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      victims.add(connectPolling());
    }
    List<Slow> attackers = new ArrayList<>();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    Thread reader = null;
    try (Selector selector = Selector.open(); RawWebSocketClient canary = connectWebSocket()) {
      long attackStart = System.nanoTime();
      for (int i = 0; i < ATTACKERS; i++) {
        attackers.add(open(i % 2 == 1, victims.get(i % victims.size()).sid()));
      }
      reader = watchForCloses(attackers, selector);
      trickle.scheduleAtFixedRate(() -> attackers.forEach(Slow::trickleOne), 0, TRICKLE_MILLIS,
          TimeUnit.MILLISECONDS);

      // during the attack: newcomers over both transports, the victims whose sids the bodies name, the canary
      for (int i = 0; i < 10; i++) {
        try (RawWebSocketClient newcomer = connectWebSocket()) {
          assertServed(newcomer);
        }
      }
      assertServed(connectPolling());
      victims.forEach(this::assertServed);
      assertServed(canary);
      assertThat(Duration.ofNanos(System.nanoTime() - attackStart)).as("the newcomers were served during the attack")
          .isLessThan(HEADER_TIMEOUT);
      assertThat(attackers).as("no attacker was closed before its timeout").allMatch(s -> s.closed == 0);

      await().atMost(BODY_TIMEOUT.plus(SLACK).plus(WAIT)).until(() -> attackers.stream().allMatch(s -> s.closed != 0));
      for (Slow slow : attackers) {
        Duration timeout = slow.body ? BODY_TIMEOUT : HEADER_TIMEOUT;
        assertThat(slow.lifetime()).as("%s connection closed after", slow.body ? "body" : "header")
            .isBetween(timeout, timeout.plus(SLACK));
        assertThat(slow.bytesReceived).as("the server closes without an answer").isZero();
        assertThat(slow.sent).as("it trickled bytes until it was closed").isGreaterThan(slow.body ? 4 : 3);
      }
      assertThat(handled).as("no partial body reached the application").containsOnly("any:echo");
      assertOthersServed(canary);
    } finally {
      trickle.shutdownNow();
      if (reader != null) {
        reader.interrupt();
      }
      for (Slow slow : attackers) {
        slow.channel.close();
      }
    }
    // every socket of the attack is gone on both sides
    await().atMost(WAIT).until(() -> fileDescriptorsInUse() < descriptorsBefore + 40);
  }
}
