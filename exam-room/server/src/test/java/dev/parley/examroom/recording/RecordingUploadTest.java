package dev.parley.examroom.recording;

import static dev.parley.examroom.recording.RecordingTestKit.concat;
import static dev.parley.examroom.recording.RecordingTestKit.oggOpus;
import static dev.parley.examroom.recording.RecordingTestKit.random;
import static dev.parley.examroom.recording.RecordingTestKit.webmHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.files.FileNames;
import dev.parley.examroom.testing.TestHttp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 002's {@code POST /upload-audio}: its exact answers, the type and size checks, and hostile file names. */
class RecordingUploadTest {
  private static final String BOUNDARY = "----parleyTestBoundary7MA4YWxkTrZu0gW";
  // the data directory sits in a private parent, so "nothing escaped into the parent" does not depend on what other
  // programs keep in /tmp
  @TempDir
  static Path root;
  static Path dir;
  private static RecordingTestKit kit;
  private String candidate;

  @BeforeAll
  static void startApp() throws InterruptedException, IOException {
    dir = Files.createDirectory(root.resolve("data"));
    kit = RecordingTestKit.start(dir, "--recordings.max.chunk.bytes=64KB");
  }

  @AfterAll
  static void stopApp() {
    kit.close();
  }

  @BeforeEach
  void signIn() {
    candidate = kit.login("candidate1", "candidate-demo-1");
  }

  private static byte[] multipart(String field, String filename, String type, byte[] data) {
    String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
        + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
        + "\"\r\nContent-Type: " + type + "\r\n\r\n";
    return concat(head.getBytes(StandardCharsets.UTF_8), data,
        ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  private Reply upload(String token, String contentType, byte[] body) {
    HttpRequest.Builder b = kit.request("/upload-audio", token).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return kit.send(b.build());
  }

  private Reply upload(String filename, byte[] data) {
    return upload(candidate, "multipart/form-data; boundary=" + BOUNDARY,
        multipart("audio", filename, "audio/webm", data));
  }

  private static Set<String> storedNames() throws IOException {
    try (Stream<Path> files = Files.list(kit.recordingsDir())) {
      return new HashSet<>(files.map(p -> p.getFileName().toString()).toList());
    }
  }

  private static void assertNoAudioAnswer(Reply r) {
    assertThat(r.status()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"No audio file uploaded\"}");
  }

  @Test
  void anUploadIsAnsweredExactlyAsSeed002AndStoredUnderAServerName() throws IOException {
    byte[] audio = webmHeader(4000, 1);
    Reply r = upload("sample.webm", audio);
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("status", "message", "filename");
    assertThat(body.get("status").asText()).isEqualTo("success");
    assertThat(body.get("message").asText()).isEqualTo("Audio uploaded and processed");
    String name = body.get("filename").asText();
    assertThat(name).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.webm");
    assertThat(Files.readAllBytes(kit.recordingsDir().resolve(name))).isEqualTo(audio);
    assertThat(kit.upload(name).originalName()).isEqualTo("sample.webm");
    assertThat(kit.upload(name).contentType()).isEqualTo("audio/webm");

    // the type is ours: Ogg bytes sent as "x.webm" with audio/webm are stored as .ogg
    Reply ogg = upload("x.webm", oggOpus(300, 2));
    assertThat(ogg.json().get("filename").asText()).endsWith(".ogg");
  }

  @Test
  void withoutTheAudioFieldTheSeedsErrorIsAnswered() {
    String multipart = "multipart/form-data; boundary=" + BOUNDARY;
    assertNoAudioAnswer(upload(candidate, multipart, multipart("file", "a.webm", "audio/webm", webmHeader(10, 3))));
    assertNoAudioAnswer(upload(candidate, multipart, multipart("audio", "a.webm", "audio/webm", new byte[0])));
    assertNoAudioAnswer(upload(candidate, "application/json", "{\"audio\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8)));
    assertNoAudioAnswer(upload(candidate, null, new byte[0]));
    assertNoAudioAnswer(upload(candidate, multipart, "garbage without parts".getBytes(StandardCharsets.US_ASCII)));
    assertThat(upload(null, multipart, multipart("audio", "a.webm", "audio/webm", webmHeader(10, 4))).status())
        .isEqualTo(401);
  }

  @Test
  void nonAudioIsRefusedWith415AndOversizeWith413() throws IOException {
    Set<String> before = storedNames();
    byte[] html = "<!DOCTYPE html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII);
    assertThat(upload("song.webm", html).status()).isEqualTo(415);
    assertThat(upload("song.mp3", concat("MZ".getBytes(StandardCharsets.US_ASCII), random(3000, 5))).status())
        .isEqualTo(415);
    assertThat(upload("song.ogg", concat(webmHeader(0, 6), html)).status()).isEqualTo(415);
    // a file over the limit inside a body the route still reads; then a body over the route's limit
    assertThat(upload("big.webm", webmHeader(64 * 1024, 7)).status()).isEqualTo(413);
    assertThat(upload("huge.webm", webmHeader(200 * 1024, 8)).status()).isEqualTo(413);
    assertThat(storedNames()).isEqualTo(before);
  }

  @Test
  void aFormOfThousandsOfFieldsIsCutOffAtTheFieldCapBeforeItsAudioPart() {
    // catalogue I1 (CVE-2024-29025): Netty's form decoder once kept every field of a body in memory; ours stops at
    // 16 fields, so 500 tiny ones (within the route's size limit) never reach the audio part behind them
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      fields.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"f").append(i)
          .append("\"\r\n\r\nx\r\n");
    }
    byte[] body = concat(fields.toString().getBytes(StandardCharsets.US_ASCII),
        multipart("audio", "a.webm", "audio/webm", webmHeader(2000, 9)));
    Reply r = upload(candidate, "multipart/form-data; boundary=" + BOUNDARY, body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"No audio file uploaded\"}");
    // the same audio part alone is accepted: the refusal is the field cap's
    assertThat(upload("a.webm", webmHeader(2000, 9)).status()).isEqualTo(200);
  }

  @Test
  void aClientStillSendingARefusedBodyReadsThe413AndMayFinishSending() throws IOException {
    int bodyLength = 1024 * 1024;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), kit.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /upload-audio HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + candidate
          + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: " + bodyLength
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // the answer comes before the body, then the end of the server's side of the stream
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 413").contains("too_large");
      // the server still reads (and drops) what was in flight: a client that sends its body before reading the
      // answer, as most do, is not reset, which could destroy the answer in its receive buffer
      byte[] chunk = new byte[16 * 1024];
      for (int sent = 0; sent < bodyLength; sent += chunk.length) {
        out.write(chunk);
      }
      out.flush();
    }
  }

  @Test
  void hostileFileNamesNeverBecomePathsOrStoredNames() throws IOException {
    List<String> hostile = List.of("../../etc/passwd", "..\\..\\x", "%2e%2e%2f%2e%2e%2fescaped.webm",
        "a.mp3\u0000.html", "A".repeat(10_000) + ".webm", "CON", "evil\u202Egpj.webm", "/tmp/absolute.webm",
        "....//....//x.webm", "..%c0%af..%c0%afetc%c0%afpasswd", "C:\\x.webm", ".", "..");
    Set<String> before = storedNames();
    Set<String> answered = new HashSet<>();
    for (String name : hostile) {
      Reply r = upload(name, webmHeader(500, name.length()));
      assertThat(r.status()).as(name.length() > 40 ? "long name" : name).isEqualTo(200);
      String stored = r.json().get("filename").asText();
      assertThat(RecordingFiles.isServerName(stored)).as(stored).isTrue();
      answered.add(stored);
      String kept = kit.upload(stored).originalName();
      assertThat(kept.codePointCount(0, kept.length())).isLessThanOrEqualTo(FileNames.MAX_NAME + 1);
      assertThat(kept.codePoints()).noneMatch(cp -> Character.isISOControl(cp)
          || Character.getType(cp) == Character.FORMAT);
    }
    Set<String> added = storedNames();
    added.removeAll(before);
    assertThat(added).isEqualTo(answered);
    // nothing anywhere under the data directory but the database, the secret and server-named recordings
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(Files::isRegularFile).forEach(p -> {
        if (!p.getParent().equals(dir)) {
          assertThat(p.getParent()).isEqualTo(kit.recordingsDir());
          assertThat(RecordingFiles.isServerName(p.getFileName().toString())).as(p.toString()).isTrue();
        }
      });
    }
    for (String escape : List.of("etc/passwd", "x", "escaped.webm", "x.webm", "CON", "C:\\x.webm", "passwd")) {
      assertThat(dir.getParent().resolve(escape)).doesNotExist();
      assertThat(dir.resolve(escape)).doesNotExist();
    }
    assertThat(Path.of("/tmp/absolute.webm")).doesNotExist();
  }
}
