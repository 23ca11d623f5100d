package dev.parley.socketio.adapter.redis;

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Node socket.io 4.8 server with {@code @socket.io/redis-adapter} ({@code node/peer.cjs}) in a child process,
 * driven from a test with one JSON command per line. Its {@code io} is the Node half of a mixed cluster.
 */
final class NodePeer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final long REPLY_TIMEOUT_SECONDS = 20;

  private final Process process;
  private final Writer stdin;
  private final Map<Long, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final StringBuilder stderr = new StringBuilder();
  private int port;

  private NodePeer(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLoop, "node-peer");
    reader.setDaemon(true);
    reader.start();
    Thread errors = new Thread(this::readErrors, "node-peer-stderr");
    errors.setDaemon(true);
    errors.start();
  }

  /** Starts Node with the peer script, without a server yet (enough for the {@code notepack} command). */
  static NodePeer launch() {
    Path dir = dir();
    try {
      Process process = new ProcessBuilder("node", dir.resolve("peer.cjs").toString()).directory(dir.toFile())
          .start();
      NodePeer peer = new NodePeer(process);
      try {
        peer.ready.get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        peer.close();
        throw e;
      }
      return peer;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the Node peer in " + dir, e);
    }
  }

  /** Starts Node and the peer's server with the classic or the sharded adapter. */
  static NodePeer start(String mode, String redisUri, String key, SubscriptionMode subscriptionMode) {
    NodePeer peer = launch();
    try {
      ObjectNode cmd = JSON.createObjectNode();
      cmd.put("mode", mode).put("redisUrl", redisUri).put("key", key)
          .put("subscriptionMode", subscriptionMode.wireName()).put("requestsTimeout", 3000);
      peer.port = peer.call("start", cmd).get("port").asInt();
      return peer;
    } catch (RuntimeException e) {
      peer.close();
      throw e;
    }
  }

  static Path dir() {
    String configured = System.getProperty("parley.redis.peer.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("node");
    if (!Files.exists(dir.resolve("node_modules/@socket.io/redis-adapter"))) {
      throw new IllegalStateException("run npm ci in " + dir.toAbsolutePath() + " (the build does it)");
    }
    return dir.toAbsolutePath().normalize();
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  static ObjectNode cmd() {
    return JSON.createObjectNode();
  }

  JsonNode call(String name, ObjectNode cmd) {
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
        throw new UncheckedIOException("the Node peer is gone; stderr: " + stderr, e);
      }
    }
    JsonNode r;
    try {
      r = reply.get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("no reply to " + name + "; stderr: " + stderr, e);
    }
    if (r.has("failure")) {
      throw new IllegalStateException("peer command " + name + " failed: " + r.get("failure").asText());
    }
    return r;
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
        } else if ("ready".equals(message.path("event").asText())) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      // the process ended
    } finally {
      ready.completeExceptionally(new IllegalStateException("the Node peer exited; stderr: " + stderr));
      replies.values().forEach(r -> r.completeExceptionally(new IllegalStateException("the Node peer exited")));
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
      call("exit", cmd());
    } catch (RuntimeException e) {
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
