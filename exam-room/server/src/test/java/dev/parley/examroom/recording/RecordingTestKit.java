package dev.parley.examroom.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.auth.PasswordHasher;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.User;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.RecordingRepository;
import dev.parley.examroom.storage.RecordingRepository.StoredRecording;
import dev.parley.examroom.storage.TestDatabases;
import dev.parley.examroom.storage.UserRepository;
import dev.parley.examroom.testing.TestHttp;
import dev.parley.examroom.testing.TestHttp.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** A started exam room and an HTTP client for the recording tests: accounts, sessions, chunks, raw requests. */
final class RecordingTestKit implements AutoCloseable {
  static final ObjectMapper JSON = TestHttp.JSON;
  static final String PASSWORD = "second-user-1";
  private final TestHttp http = new TestHttp();
  private final AppConfig config;
  private ExamRoomApp app;
  private Database inspection;

  private RecordingTestKit(AppConfig config) {
    this.config = config;
  }

  /** SQLite in {@code dir}, an adjustable clock, two more accounts (candidate2, examiner2), started. */
  static RecordingTestKit start(Path dir, String... extra) throws InterruptedException {
    String[] args = Arrays.copyOf(extra, extra.length + 1);
    args[extra.length] = "--testing.adjustable.clock=true";
    AppConfig config = TestDatabases.sqlite(dir, args);
    try (Database db = Database.open(config)) {
      PasswordHasher hasher = new PasswordHasher();
      UserRepository users = new UserRepository();
      db.inTransaction(c -> {
        users.insert(c, new User("u-candidate2", "candidate2", "Second Candidate", Role.CANDIDATE),
            hasher.hash(PASSWORD), 1);
        users.insert(c, new User("u-examiner2", "examiner2", "Second Examiner", Role.EXAMINER),
            hasher.hash(PASSWORD), 1);
        return null;
      });
    }
    RecordingTestKit kit = new RecordingTestKit(config);
    kit.restart();
    return kit;
  }

  AppConfig config() {
    return config;
  }

  Path recordingsDir() {
    return config.recordingsDir().toAbsolutePath().normalize();
  }

  /** Stops the app (if running) and starts it again on the same data directory. */
  void restart() throws InterruptedException {
    stop();
    app = ExamRoomApp.start(config);
  }

  void stop() {
    if (inspection != null) {
      inspection.close();
      inspection = null;
    }
    if (app != null) {
      app.close();
      app = null;
    }
  }

  /** The stored row of a session's recording, read straight from the database the app uses. */
  StoredRecording stored(String sessionId) {
    if (inspection == null) {
      inspection = Database.open(config);
    }
    return inspection.inTransaction(c -> new RecordingRepository().bySession(c, sessionId)).orElseThrow();
  }

  /** The file of a session's recording. */
  Path fileOf(String sessionId) {
    return recordingsDir().resolve(stored(sessionId).fileName());
  }

  /** The row of an upload, by its file name. */
  StoredRecording upload(String fileName) {
    if (inspection == null) {
      inspection = Database.open(config);
    }
    String id = fileName.substring(0, fileName.indexOf('.'));
    return inspection.inTransaction(c -> new RecordingRepository().byId(c, id)).orElseThrow();
  }

  @Override
  public void close() {
    stop();
  }

  String base() {
    return "http://127.0.0.1:" + app.address().getPort();
  }

  int port() {
    return app.address().getPort();
  }

  String login(String username, String password) {
    Reply r = send(json("POST", "/api/auth/login", null, Map.of("username", username, "password", password)));
    assertThat(r.status()).as("login " + username).isEqualTo(200);
    return r.json().get("accessToken").asText();
  }

  String userId(String adminToken, String username) {
    for (JsonNode u : send(request("/api/users", adminToken).GET().build()).json().get("users")) {
      if (u.get("username").asText().equals(username)) {
        return u.get("id").asText();
      }
    }
    throw new IllegalStateException(username);
  }

  /** A session of candidate1 with examiner, scheduled in an hour (or with the given start and durations). */
  String createSession(String adminToken, long scheduledAt, Map<String, Object> durations) {
    Map<String, Object> body = new HashMap<>(Map.of("title", "Recording test", "candidateId",
        userId(adminToken, "candidate1"), "examinerId", userId(adminToken, "examiner"), "scheduledAt", scheduledAt));
    if (durations != null) {
      body.put("durations", durations);
    }
    Reply r = send(json("POST", "/api/sessions", adminToken, body));
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    return r.json().get("session").get("id").asText();
  }

  long serverTime() {
    return send(request("/api/config", null).GET().build()).json().get("serverTime").asLong();
  }

  Reply putChunk(String token, String sessionId, int seq, byte[] data) {
    return putChunk(token, sessionId, seq, data, "audio/webm;codecs=opus");
  }

  Reply putChunk(String token, String sessionId, int seq, byte[] data, String contentType) {
    HttpRequest.Builder b = request("/api/sessions/" + sessionId + "/recording/chunks/" + seq, token)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(data));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  Reply info(String token, String sessionId) {
    return send(request("/api/sessions/" + sessionId + "/recording/info", token).GET().build());
  }

  Reply complete(String token, String sessionId) {
    return send(request("/api/sessions/" + sessionId + "/recording/complete", token)
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** GET (or HEAD) of the recording, with an optional Range header. */
  Reply recording(String method, String token, String sessionId, String range) {
    HttpRequest.Builder b = request("/api/sessions/" + sessionId + "/recording", token)
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (range != null) {
      b.header("Range", range);
    }
    return send(b.build());
  }

  Reply advanceClock(String adminToken, long ms) {
    return send(json("POST", "/api/testing/clock", adminToken, Map.of("advanceMs", ms)));
  }

  HttpRequest.Builder request(String path, String token) {
    return http.request(base() + path, token);
  }

  private HttpRequest json(String method, String path, String token, Object body) {
    try {
      return request(path, token).header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Reply send(HttpRequest request) {
    return http.send(request);
  }

  /**
   * Writes {@code head} then {@code body} on a raw connection and returns everything the server sent until it
   * closed or went quiet for two seconds (for requests an HTTP client will not send: lying lengths).
   */
  String raw(String head, byte[] body) {
    return TestHttp.raw(port(), head, body);
  }

  // ---- audio ----

  /** The EBML header MediaRecorder writes (DocType webm), a Segment start, then {@code payload} random bytes. */
  static byte[] webmHeader(int payload, long seed) {
    byte[] header = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F,
        0x42, (byte) 0x86, (byte) 0x81, 0x01, 0x42, (byte) 0xF7, (byte) 0x81, 0x01,
        0x42, (byte) 0xF2, (byte) 0x81, 0x04, 0x42, (byte) 0xF3, (byte) 0x81, 0x08,
        0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm',
        0x42, (byte) 0x87, (byte) 0x81, 0x04, 0x42, (byte) 0x85, (byte) 0x81, 0x02,
        0x18, 0x53, (byte) 0x80, 0x67, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF};
    return concat(header, random(payload, seed));
  }

  /** The first Ogg page of an Opus stream, then {@code payload} random bytes. */
  static byte[] oggOpus(int payload, long seed) {
    byte[] page = new byte[28 + 19];
    System.arraycopy("OggS".getBytes(StandardCharsets.US_ASCII), 0, page, 0, 4);
    page[5] = 0x02;
    page[26] = 1;
    page[27] = 19;
    byte[] opus = "OpusHead".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(opus, 0, page, 28, opus.length);
    page[36] = 1;
    page[37] = 1;
    return concat(page, random(payload, seed));
  }

  /** Random bytes standing for later recorder chunks (deterministic per seed). */
  static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
