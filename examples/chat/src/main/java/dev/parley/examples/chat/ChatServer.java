package dev.parley.examples.chat;

import dev.parley.engineio.server.netty.EngineHttpServer;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.socketio.server.netty.ParleyNetty;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The seeds' chat room: seed 004's page (served at {@code /} with the bundled client) and seed 001's events.
 *
 * <table>
 *   <caption>Events</caption>
 *   <tr><th>event</th><th>direction</th><th>payload</th></tr>
 *   <tr><td>message</td><td>server → client, on connect</td><td>{type:"welcome", text, timestamp}</td></tr>
 *   <tr><td>message</td><td>client → server</td><td>a string, or {text, user}</td></tr>
 *   <tr><td>message</td><td>server → everyone</td><td>{type:"broadcast", text, user, timestamp}</td></tr>
 *   <tr><td>user_joined</td><td>client → server</td><td>the user name</td></tr>
 *   <tr><td>user_joined</td><td>server → everyone else</td><td>{id, user}</td></tr>
 *   <tr><td>users_updated</td><td>server → everyone</td><td>the names online</td></tr>
 *   <tr><td>user_left</td><td>server → everyone</td><td>{id, user}</td></tr>
 *   <tr><td>typing</td><td>client → server</td><td>{user, isTyping}</td></tr>
 *   <tr><td>user_typing</td><td>server → everyone but the sender</td><td>{user, isTyping}</td></tr>
 * </table>
 */
public final class ChatServer {
  static final int MAX_TEXT = 2000;
  static final int MAX_NAME = 40;

  private final SocketIoServer io;
  private final Map<String, String> users = new ConcurrentHashMap<>();

  public ChatServer(SocketIoServer io) {
    this.io = io;
    io.on("connection", this::onConnection);
  }

  private void onConnection(Socket socket) {
    socket.emit("message", Map.of("type", "welcome", "text", "Connected to server!", "timestamp", now()));
    socket.on("message", (args, ack) -> {
      String text;
      String user = null;
      if (args.node(0).isTextual()) {
        text = args.string(0);
      } else {
        text = args.node(0).path("text").asText("");
        user = args.node(0).path("user").isTextual() ? args.node(0).get("user").asText() : null;
      }
      text = clip(text.strip(), MAX_TEXT);
      if (text.isEmpty()) {
        return;
      }
      String name = user == null || user.isBlank() ? users.getOrDefault(socket.id(), "Anonymous") : user;
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("type", "broadcast");
      message.put("text", text);
      message.put("user", clip(name, MAX_NAME));
      message.put("timestamp", now());
      io.emit("message", message);
      ack.send(Map.of("status", "ok"));
    });
    socket.on("user_joined", (args, ack) -> {
      String name = args.string(0);
      if (name == null || name.isBlank()) {
        return;
      }
      name = clip(name.strip(), MAX_NAME);
      users.put(socket.id(), name);
      socket.broadcast().emit("user_joined", Map.of("id", socket.id(), "user", name));
      io.emit("users_updated", List.copyOf(users.values()));
    });
    socket.on("typing", (args, ack) -> {
      String name = users.getOrDefault(socket.id(), clip(args.node(0).path("user").asText("Anonymous"), MAX_NAME));
      boolean isTyping = args.node(0).path("isTyping").asBoolean(false);
      socket.broadcast().emit("user_typing", Map.of("user", name, "isTyping", isTyping));
    });
    socket.onDisconnect((reason, detail) -> {
      String name = users.remove(socket.id());
      if (name != null) {
        io.emit("user_left", Map.of("id", socket.id(), "user", name));
        io.emit("users_updated", List.copyOf(users.values()));
      }
    });
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static String now() {
    return Instant.now().toString();
  }

  /** Starts the chat with its page on {@code port} (0: any free port); returns the bound address. */
  public static Started start(String host, int port) throws InterruptedException {
    SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host(host).port(port).build());
    new ChatServer(io);
    EngineHttpServer http = ParleyNetty.httpServer(io).route(StaticFilesHandler::new).build();
    ParleyNetty.attach(io, http);
    return new Started(io, http.start());
  }

  /** A running chat server. */
  public record Started(SocketIoServer io, InetSocketAddress address) implements AutoCloseable {
    @Override
    public void close() {
      io.close(Duration.ofSeconds(1));
    }
  }

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", args.length > 0 ? args[0] : "8080"));
    String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
    Started chat = start(host, port);
    System.out.println("Chat room on http://localhost:" + chat.address().getPort() + "/");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      chat.close();
      stopped.countDown();
    }));
    stopped.await();
  }
}
