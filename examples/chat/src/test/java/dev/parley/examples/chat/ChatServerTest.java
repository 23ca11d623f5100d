package dev.parley.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat room's events, driven by the official JavaScript client, and its page. */
class ChatServerTest {
  private static JsClientDriver node;
  private ChatServer.Started chat;

  @BeforeAll
  static void startNode() {
    node = JsClientDriver.start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void startChat() throws InterruptedException {
    chat = ChatServer.start("127.0.0.1", 0);
  }

  @AfterEach
  void stopChat() {
    chat.close();
  }

  private JsClient join(String name) {
    JsClient client = node.connect("http://127.0.0.1:" + chat.address().getPort(), Map.of());
    client.awaitEvent("connect");
    JsonNode welcome = client.awaitEvent("message").get(0);
    assertThat(welcome.get("type").asText()).isEqualTo("welcome");
    assertThat(welcome.get("text").asText()).isEqualTo("Connected to server!");
    if (name != null) {
      client.emit("user_joined", name);
      String shown = name.length() > ChatServer.MAX_NAME ? name.substring(0, ChatServer.MAX_NAME) : name;
      await().until(() -> client.events("users_updated").stream()
          .anyMatch(e -> e.args().get(0).toString().contains("\"" + shown + "\"")));
    }
    return client;
  }

  @Test
  void messagesAreBroadcastToEveryoneWithUserAndTimestamp() {
    JsClient alice = join("Alice");
    JsClient bob = join("Bob");
    alice.emit("message", Map.of("text", "hello", "user", "Alice"));
    for (JsClient client : List.of(alice, bob)) {
      JsonNode message = client.awaitEvent("message").get(0);
      assertThat(message.get("type").asText()).isEqualTo("broadcast");
      assertThat(message.get("text").asText()).isEqualTo("hello");
      assertThat(message.get("user").asText()).isEqualTo("Alice");
      assertThat(message.get("timestamp").asText()).isNotBlank();
    }
  }

  @Test
  void seed004PlainStringMessagesWorkToo() {
    JsClient alice = join(null);
    alice.emit("message", "Hello from Client!");
    JsonNode message = alice.awaitEvent("message").get(0);
    assertThat(message.get("text").asText()).isEqualTo("Hello from Client!");
    assertThat(message.get("user").asText()).isEqualTo("Anonymous");
  }

  @Test
  void presenceEvents() {
    JsClient alice = join("Alice");
    JsClient bob = join("Bob");
    assertThat(alice.awaitEvent("user_joined").get(0).get("user").asText()).isEqualTo("Bob");
    await().until(() -> bob.events("users_updated").stream()
        .anyMatch(e -> e.args().get(0).size() == 2));
    bob.disconnect();
    assertThat(alice.awaitEvent("user_left").get(0).get("user").asText()).isEqualTo("Bob");
    await().until(() -> alice.events("users_updated").stream()
        .anyMatch(e -> e.args().get(0).toString().equals("[\"Alice\"]")));
  }

  @Test
  void typingIsRelayedToEveryoneButTheSender() {
    JsClient alice = join("Alice");
    JsClient bob = join("Bob");
    alice.emit("typing", Map.of("user", "Alice", "isTyping", true));
    JsonNode typing = bob.awaitEvent("user_typing").get(0);
    assertThat(typing.get("user").asText()).isEqualTo("Alice");
    assertThat(typing.get("isTyping").asBoolean()).isTrue();
    // a later message to both proves the sender's copy was never sent
    alice.emit("message", "done");
    alice.awaitEvent("message");
    bob.awaitEvent("message");
    assertThat(alice.events("user_typing")).isEmpty();
  }

  @Test
  void servesThePageWithTheBundledClient() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = "http://127.0.0.1:" + chat.address().getPort();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("content-security-policy").orElse("")).contains("default-src 'self'");
    assertThat(page.body()).contains("<script src=\"/socket.io/socket.io.js\"></script>");
    HttpResponse<String> bundle = http.send(HttpRequest.newBuilder(URI.create(base + "/socket.io/socket.io.js"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.body()).contains("Socket.IO v4.8");
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/../etc/passwd")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void overlongInputIsClipped() {
    JsClient alice = join("A".repeat(100));
    alice.emit("message", "x".repeat(5000));
    JsonNode message = alice.awaitEvent("message").get(0);
    assertThat(message.get("text").asText()).hasSize(ChatServer.MAX_TEXT);
    assertThat(message.get("user").asText()).hasSize(ChatServer.MAX_NAME);
  }
}
