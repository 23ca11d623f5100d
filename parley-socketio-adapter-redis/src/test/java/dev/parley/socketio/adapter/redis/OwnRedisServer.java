package dev.parley.socketio.adapter.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process of the test, on a loopback port of the 63xx range, that the test may kill and
 * restart: outage tests never touch the shared Redis on 6379. Persistence is off, so a restart is an empty Redis, as
 * after a crash.
 */
final class OwnRedisServer implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  OwnRedisServer() throws IOException {
    this.port = freePort();
    this.dir = Files.createTempDirectory("parley-redis-");
    start();
  }

  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int candidate = 63000 + ThreadLocalRandom.current().nextInt(1000);
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
        return candidate;
      } catch (IOException busy) {
        // try another one
      }
    }
    throw new IOException("no free port in 63000-63999");
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server and waits until it accepts connections. */
  void start() throws IOException {
    process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString()))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    await().atMost(10, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS).until(this::accepts);
  }

  /** Kills the server (SIGKILL: no goodbye to the clients) and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
