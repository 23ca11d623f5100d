package dev.parley.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the official JavaScript client ({@code socket.io-client} 4.8, under Node) in a child process and drives it
 * from a test: one JSON command per line in, one JSON message per line out.
 *
 * <p>The Node workspace ({@code driver.cjs} and its {@code node_modules}) is found through the system property
 * {@code parley.testkit.node.dir}, or next to this module in a source checkout.
 *
 * <pre>{@code
 * try (JsClientDriver node = JsClientDriver.start()) {
 *   JsClient client = node.connect("http://127.0.0.1:" + port, Map.of("transports", List.of("websocket")));
 *   client.awaitEvent("connect");
 *   JsonNode answer = client.emitWithAck("echo", Duration.ofSeconds(2), "hello");
 * }
 * }</pre>
 */
public final class JsClientDriver implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Writer stdin;
  private final Map<Long, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final Map<String, JsClient> clients = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger clientNames = new AtomicInteger();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final StringBuilder stderr = new StringBuilder();

  private JsClientDriver(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLoop, "js-client-driver");
    reader.setDaemon(true);
    reader.start();
    Thread errors = new Thread(this::readErrors, "js-client-driver-stderr");
    errors.setDaemon(true);
    errors.start();
  }

  /** Starts Node with the driver. */
  public static JsClientDriver start() {
    Path dir = nodeDir();
    try {
      Process process = new ProcessBuilder("node", dir.resolve("driver.cjs").toString()).directory(dir.toFile())
          .start();
      JsClientDriver driver = new JsClientDriver(process);
      driver.ready.get(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return driver;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the JavaScript client driver in " + dir, e);
    }
  }

  /** The Node workspace with {@code driver.cjs} and {@code node_modules/socket.io-client}. */
  public static Path nodeDir() {
    String configured = System.getProperty("parley.testkit.node.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path candidate : new Path[] {Path.of("node"), Path.of("../parley-testkit/node"),
        Path.of("parley-testkit/node")}) {
      if (Files.exists(candidate.resolve("driver.cjs"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("set parley.testkit.node.dir to the testkit's node directory");
  }

  /** Connects a new client ({@code io(url, opts)}, with {@code forceNew} and no reconnection unless set). */
  public JsClient connect(String url, Map<String, ?> opts) {
    JsClient client = newClient();
    ObjectNode cmd = JSON.createObjectNode();
    cmd.put("client", client.name());
    cmd.put("url", url);
    cmd.set("opts", JSON.valueToTree(Values.encode(opts)));
    call("connect", cmd);
    return client;
  }

  /**
   * Connects a socket of a shared Manager: several namespaces multiplexed on one connection.
   *
   * @param manager a name for the manager; the first call creates it with {@code opts}
   */
  public JsClient connectShared(String manager, String url, String nsp, Map<String, ?> opts) {
    JsClient client = newClient();
    ObjectNode cmd = JSON.createObjectNode();
    cmd.put("client", client.name());
    cmd.put("url", url);
    cmd.put("manager", manager);
    cmd.put("nsp", nsp);
    cmd.set("opts", JSON.valueToTree(Values.encode(opts)));
    call("connect", cmd);
    return client;
  }

  private JsClient newClient() {
    JsClient client = new JsClient(this, "c" + clientNames.incrementAndGet());
    clients.put(client.name(), client);
    return client;
  }

  JsonNode call(String name, ObjectNode cmd) {
    return callAsync(name, cmd).join();
  }

  CompletableFuture<JsonNode> callAsync(String name, ObjectNode cmd) {
    long id = ids.incrementAndGet();
    cmd.put("id", id);
    cmd.put("cmd", name);
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    synchronized (stdin) {
      try {
        stdin.write(JSON.writeValueAsString(cmd));
        stdin.write('\n');
        stdin.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("driver is gone; stderr: " + stderr, e);
      }
    }
    return reply.orTimeout(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).thenApply(r -> {
      if (r.has("failure")) {
        throw new IllegalStateException("driver command " + name + " failed: " + r.get("failure").asText());
      }
      return r;
    });
  }

  private void readLoop() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        JsonNode message;
        try {
          message = JSON.readTree(line);
        } catch (IOException e) {
          continue;
        }
        if (message.has("reply")) {
          CompletableFuture<JsonNode> reply = replies.remove(message.get("reply").asLong());
          if (reply != null) {
            reply.complete(message);
          }
        } else if ("ready".equals(message.path("event").asText()) && !message.has("client")) {
          ready.complete(null);
        } else {
          JsClient client = clients.get(message.path("client").asText());
          if (client != null) {
            client.record(message);
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    } finally {
      ready.completeExceptionally(new IllegalStateException("driver exited; stderr: " + stderr));
      replies.values().forEach(r -> r.completeExceptionally(new IllegalStateException("driver exited")));
    }
  }

  private void readErrors() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (stderr) {
          if (stderr.length() < 20_000) {
            stderr.append(line).append('\n');
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  @Override
  public void close() {
    try {
      callAsync("exit", JSON.createObjectNode()).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // it may already be gone
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
