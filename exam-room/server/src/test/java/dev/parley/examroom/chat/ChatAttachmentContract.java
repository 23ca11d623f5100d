package dev.parley.examroom.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.chat.attachment.Samples;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.testing.TestHttp;
import dev.parley.examroom.testing.TestHttp.Reply;
import dev.parley.testkit.JsClient;
import dev.parley.testkit.JsClientDriver;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat attachments end to end on a real database: REST uploads and downloads, {@code chat_message} with an
 * {@code attachmentId} from the official JavaScript client, and the files left on disk.
 */
abstract class ChatAttachmentContract {
  static final int LIMIT = 64 * 1024;
  private static JsClientDriver node;
  @TempDir
  Path dir;
  AppConfig config;
  ExamRoomApp app;
  AttachmentHttp http;
  String alice;
  String bob;

  abstract AppConfig newConfig(Path dir, String... extra);

  void dispose(AppConfig config) {}

  @BeforeAll
  static void startNode() {
    node = JsClientDriver.start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void start() throws InterruptedException {
    config = newConfig(dir, "--chat.attachments.max.bytes=" + LIMIT, "--chat.rate.per.second=100",
        "--chat.rate.burst=100");
    app = ExamRoomApp.start(config);
    http = new AttachmentHttp(app.address().getPort());
    alice = http.login("candidate1", "candidate-demo-1");
    bob = http.login("candidate2", "candidate-demo-2");
  }

  @AfterEach
  void stop() {
    app.close();
    dispose(config);
  }

  private JsClient connect(String token) {
    JsClient client = node.connect("http://127.0.0.1:" + app.address().getPort(),
        Map.of("auth", Map.of("token", token)));
    client.awaitEvent("connect");
    return client;
  }

  private static JsonNode call(JsClient client, String event, Object payload) {
    JsonNode reply = client.emitWithAck(event, Duration.ofSeconds(10), payload);
    assertThat(reply.has("args")).as(event + ": " + reply).isTrue();
    return reply.get("args").get(0);
  }

  private static JsonNode ok(JsClient client, String event, Object payload) {
    JsonNode reply = call(client, event, payload);
    assertThat(reply.get("ok").asBoolean()).as(event + ": " + reply).isTrue();
    return reply;
  }

  private static Map<String, Object> message(String roomId, String text, String attachmentId) {
    return Map.of("roomId", roomId, "text", text, "clientMessageId", UUID.randomUUID().toString(),
        "attachmentId", attachmentId);
  }

  /** Every file in the attachments directory. */
  List<String> files() {
    try (Stream<Path> list = Files.list(config.chat().attachmentsDir())) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anAttachmentReachesTheRoomLiveAndDownloadsWithSafeHeaders() {
    JsClient a = connect(alice);
    JsClient b = connect(bob);
    ok(a, "join_room", Map.of("roomId", "lobby"));
    JsonNode joined = ok(b, "join_room", Map.of("roomId", "lobby"));
    assertThat(joined.get("maxAttachmentBytes").asLong()).isEqualTo(LIMIT);
    byte[] png = Samples.png(20_000);
    Reply up = http.upload(alice, "lobby", "chart.png", png);
    assertThat(up.status()).isEqualTo(201);
    JsonNode meta = up.json().get("attachment");
    String id = meta.get("id").asText();
    assertThat(files()).containsExactly(id + ".png");

    JsonNode sent = ok(a, "chat_message", message("lobby", "see the chart", id)).get("message");
    assertThat(sent.get("attachmentId").asText()).isEqualTo(id);
    JsonNode live = b.awaitEvent("message_received").get(0).get("attachment");
    assertThat(live.get("id").asText()).isEqualTo(id);
    assertThat(live.get("name").asText()).isEqualTo("chart.png");
    assertThat(live.get("size").asLong()).isEqualTo(png.length);
    assertThat(live.get("contentType").asText()).isEqualTo("image/png");
    assertThat(live.get("url").asText()).isEqualTo("/api/chat/attachments/" + id);

    Reply got = http.get(live.get("url").asText(), bob, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(png);
    assertThat(got.header("Content-Type")).isEqualTo("image/png");
    assertThat(got.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(got.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"chart.png\"; filename*=UTF-8''chart.png");
    Reply part = http.get(live.get("url").asText(), bob, "bytes=0-15");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(Arrays.copyOf(png, 16));
    assertThat(part.header("Content-Range")).isEqualTo("bytes 0-15/" + png.length);
    assertThat(http.head(live.get("url").asText(), bob).header("Content-Length")).isEqualTo("" + png.length);

    JsonNode history = http.get("/api/chat/rooms/lobby/messages", bob, null).json().get("messages");
    assertThat(history.get(history.size() - 1).get("attachment").get("name").asText()).isEqualTo("chart.png");
  }

  @Test
  void anUploadOverTheLimitAnswers413AndLeavesNoFile() throws IOException {
    assertThat(http.upload(alice, "lobby", "big.png", Samples.png(LIMIT)).status()).as("announced length")
        .isEqualTo(413);
    connectAndJoin(alice, "lobby");
    // no length announced: the server streams the body to a part file and must stop, and clean up, at the limit
    String answer = http.uploadChunked(alice, "lobby", "big.png", Samples.png(3 * LIMIT), 4096);
    assertThat(answer).startsWith("HTTP/1.1 413").contains("\"too_large\"");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(files()).isEmpty());
    // just under the limit is fine
    String fits = http.uploadChunked(alice, "lobby", "fits.png", Samples.png(LIMIT - 100), 4096);
    assertThat(fits).startsWith("HTTP/1.1 201");
    assertThat(files()).hasSize(1).allMatch(name -> name.endsWith(".png"));
  }

  @Test
  void anEndlessChunkedUploadIsCutOffAtTheLimitAndLeavesNoFile() {
    connectAndJoin(alice, "lobby");
    String head = "POST " + AttachmentHttp.uploadPath("lobby", "endless.png") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: Bearer " + alice + "\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    long cap = 256L * 1024 * 1024;
    TestHttp.Endless endless = TestHttp.endlessChunked(app.address().getPort(), head, Samples.png(4096), cap);
    assertThat(endless.answer()).startsWith("HTTP/1.1 413").contains("\"too_large\"");
    // the server stopped reading long before the cap: what went out is the limit plus the socket buffers
    assertThat(endless.sent()).isLessThan(cap);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(files()).isEmpty());
  }

  @Test
  void anUploadCutOffByTheClientLeavesNoFile() {
    connectAndJoin(alice, "lobby");
    String head = "POST " + AttachmentHttp.uploadPath("lobby", "half.png") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: Bearer " + alice + "\r\nContent-Length: " + LIMIT + "\r\n\r\n";
    // half the announced body, then silence: the test's connection closes after two quiet seconds
    String answer = TestHttp.raw(app.address().getPort(), head, Samples.png(LIMIT / 2));
    assertThat(answer).isEmpty();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(files()).isEmpty());
  }

  private void connectAndJoin(String token, String roomId) {
    ok(connect(token), "join_room", Map.of("roomId", roomId));
  }

  @Test
  void typesOutsideTheAllowlistAnswer415AndLeaveNoFile() throws IOException {
    connectAndJoin(alice, "lobby");
    for (byte[] disguise : List.of(Samples.exe(), Samples.html(), Samples.svg(), Samples.text("null \u0000 byte"))) {
      Reply r = http.upload(alice, "lobby", "holiday.png", disguise);
      assertThat(r.status()).isEqualTo(415);
      assertThat(r.json().get("error").asText()).isEqualTo("unsupported_media_type");
    }
    // refused from its first bytes, while the rest is still arriving
    byte[] bigExe = Samples.concat(Samples.exe(), Samples.random(40_000, 11));
    assertThat(http.uploadChunked(alice, "lobby", "setup.txt", bigExe, 1024)).startsWith("HTTP/1.1 415");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(files()).isEmpty());
    assertThat(http.upload(alice, "lobby", "empty.txt", new byte[0]).status()).isEqualTo(400);
  }

  @Test
  void hostileFileNamesAreKeptAsTextAndNeverUsedAsPaths() {
    connectAndJoin(alice, "lobby");
    byte[] note = Samples.text("my notes");
    Map<String, String> names = Map.of(
        "../../../../etc/passwd", "../../../../etc/passwd",
        "..\\..\\boot.ini", "..\\u005c..\\u005cboot.ini",
        "photo\u202Egnp.exe", "photo\\u202egnp.exe",
        "a\r\nSet-Cookie: x=1\".txt", "a\\u000d\\u000aSet-Cookie: x=1\".txt",
        "<img src=x onerror=alert(1)>.txt", "<img src=x onerror=alert(1)>.txt");
    for (Map.Entry<String, String> name : names.entrySet()) {
      Reply up = http.upload(alice, "lobby", name.getKey(), note);
      assertThat(up.status()).as(name.getKey()).isEqualTo(201);
      JsonNode meta = up.json().get("attachment");
      assertThat(meta.get("name").asText()).isEqualTo(name.getValue());
      assertThat(meta.get("contentType").asText()).isEqualTo("text/plain; charset=utf-8");
      Reply got = http.get(meta.get("url").asText(), alice, null);
      String disposition = got.header("Content-Disposition");
      assertThat(disposition).doesNotContain("\r", "\n", "/", "\\").startsWith("attachment; filename=\"");
      assertThat(disposition.split("\"")[1]).matches("[A-Za-z0-9._-]+\\.txt");
      String encoded = disposition.substring(disposition.indexOf("filename*=UTF-8''") + 17);
      assertThat(encoded).matches("[A-Za-z0-9%!#$&+.^_`|~-]+");
      assertThat(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(name.getValue());
    }
    assertThat(http.upload(alice, "lobby", null, note).json().get("attachment").get("name").asText())
        .isEqualTo("attachment");
    String long1000 = "n".repeat(1000) + ".txt";
    assertThat(http.upload(alice, "lobby", long1000, note).json().get("attachment").get("name").asText())
        .hasSize(256);
    // every file is <uuid>.txt inside the directory, and nothing was written next to it
    assertThat(files()).hasSize(names.size() + 2).allMatch(f -> f.matches("[0-9a-f-]{36}\\.txt"));
    try (Stream<Path> around = Files.list(config.chat().attachmentsDir().getParent())) {
      assertThat(around.map(p -> p.getFileName().toString())).doesNotContain("etc", "boot.ini", "passwd");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void downloadsAreForThoseWhoMayReadTheRoom() {
    String examiner = http.login("examiner", "examiner-demo-1");
    JsClient a = connect(alice);
    String bobId = http.get("/api/me", bob, null).json().get("user").get("id").asText();
    String dm = ok(a, "open_dm", Map.of("userId", bobId)).get("room").get("id").asText();
    String id = http.uploaded(alice, dm, "private.pdf", Samples.pdf(500));
    String url = "/api/chat/attachments/" + id;
    assertThat(http.get(url, bob, null).status()).as("not sent yet").isEqualTo(404);
    assertThat(http.get(url, alice, null).status()).as("its uploader").isEqualTo(200);
    long messageId = ok(a, "chat_message", message(dm, "", id)).get("message").get("id").asLong();
    Reply got = http.get(url, bob, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.header("Content-Type")).isEqualTo("application/pdf");
    assertThat(http.get(url, examiner, null).status()).as("someone else's conversation").isEqualTo(403);
    assertThat(http.get(url, null, null).status()).isEqualTo(401);
    assertThat(http.get("/api/chat/attachments/" + UUID.randomUUID(), bob, null).status()).isEqualTo(404);
    assertThat(http.get("/api/chat/attachments/..%2F..%2Fexam-room.db", bob, null).status()).isEqualTo(404);

    ok(a, "delete_message", Map.of("messageId", messageId));
    assertThat(http.get(url, bob, null).status()).as("its message was deleted").isEqualTo(404);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(files()).isEmpty());
  }

  @Test
  void uploadsNeedARoomTheUserMayWriteIn() {
    byte[] png = Samples.png(100);
    assertThat(http.upload(alice, "lobby", "x.png", png).status()).as("not joined").isEqualTo(403);
    assertThat(http.upload(null, "lobby", "x.png", png).status()).isEqualTo(401);
    assertThat(http.upload(alice, "", "x.png", png).status()).isEqualTo(400);
    assertThat(http.upload(alice, "no-such-room", "x.png", png).status()).isEqualTo(404);
    JsClient b = connect(bob);
    String examinerId = http.get("/api/me", http.login("examiner", "examiner-demo-1"), null).json().get("user")
        .get("id").asText();
    String othersDm = ok(b, "open_dm", Map.of("userId", examinerId)).get("room").get("id").asText();
    assertThat(http.upload(alice, othersDm, "x.png", png).status()).isEqualTo(403);

    JsClient a = connect(alice);
    ok(a, "join_room", Map.of("roomId", "lobby"));
    JsClient examiner = connect(http.login("examiner", "examiner-demo-1"));
    String aliceId = http.get("/api/me", alice, null).json().get("user").get("id").asText();
    ok(examiner, "join_room", Map.of("roomId", "lobby"));
    ok(examiner, "mute_user", Map.of("roomId", "lobby", "userId", aliceId, "muted", true));
    Reply muted = http.upload(alice, "lobby", "x.png", png);
    assertThat(muted.status()).isEqualTo(403);
    assertThat(muted.json().get("error").asText()).isEqualTo("muted");
    assertThat(files()).isEmpty();
  }

  @Test
  void anAttachmentGoesInOneMessageOfItsUploaderOnly() {
    JsClient a = connect(alice);
    JsClient b = connect(bob);
    ok(a, "join_room", Map.of("roomId", "lobby"));
    ok(a, "join_room", Map.of("roomId", "help"));
    ok(b, "join_room", Map.of("roomId", "lobby"));
    String id = http.uploaded(alice, "lobby", "notes.txt", Samples.text("notes"));
    assertThat(call(b, "chat_message", message("lobby", "mine now", id)).get("error").asText())
        .as("another user").isEqualTo("forbidden");
    assertThat(call(a, "chat_message", message("help", "elsewhere", id)).get("error").asText())
        .as("another room").isEqualTo("invalid");
    assertThat(call(a, "chat_message", message("lobby", "x", UUID.randomUUID().toString())).get("error").asText())
        .isEqualTo("not_found");
    Map<String, Object> first = message("lobby", "here", id);
    ok(a, "chat_message", first);
    assertThat(ok(a, "chat_message", first).get("duplicate").asBoolean()).as("a resend").isTrue();
    assertThat(call(a, "chat_message", message("lobby", "again", id)).get("error").asText())
        .as("used already").isEqualTo("conflict");
    assertThat(call(b, "chat_message", message("lobby", "again", id)).get("error").asText()).isEqualTo("forbidden");
    await().until(() -> b.events("message_received").size() == 1);
  }

  @Test
  void unsentUploadsAreLimitedPerUser() {
    connectAndJoin(alice, "lobby");
    for (int i = 0; i < 20; i++) {
      http.uploaded(alice, "lobby", "n" + i + ".txt", Samples.text("note " + i));
    }
    Reply refused = http.upload(alice, "lobby", "one-more.txt", Samples.text("more"));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("unsent attachments");
    assertThat(files()).hasSize(20);
  }
}
