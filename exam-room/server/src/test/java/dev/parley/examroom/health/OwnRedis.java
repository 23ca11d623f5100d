package dev.parley.examroom.health;

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
 * A {@code redis-server} child process of the test, on a loopback port of the 64xxx range, that the test kills and
 * restarts: an outage test must never touch the machine's shared Redis on 6379, which other tests are using.
 * Persistence is off, so a restart is an empty Redis, as after a crash.
 */
final class OwnRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  OwnRedis() throws IOException {
    this.port = freePort();
    this.dir = Files.createTempDirectory("exam-room-redis-");
    start();
  }

  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int candidate = 64000 + ThreadLocalRandom.current().nextInt(1000);
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
        return candidate;
      } catch (IOException busy) {
        // another one
      }
    }
    throw new IOException("no free port in 64000-64999");
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server on its port and waits until it accepts connections. */
  void start() throws IOException {
    process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
        .start();
    await().atMost(10, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS).until(this::accepts);
  }

  /** SIGKILL, as a crash: no goodbye to the clients. Waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server " + process.pid() + " survived SIGKILL");
    }
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
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      kill();
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}
