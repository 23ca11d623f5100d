package dev.parley.examroom.recording;

import static dev.parley.examroom.recording.RecordingTestKit.concat;
import static dev.parley.examroom.recording.RecordingTestKit.oggOpus;
import static dev.parley.examroom.recording.RecordingTestKit.random;
import static dev.parley.examroom.recording.RecordingTestKit.webmHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.examroom.testing.TestHttp.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunked recording over real HTTP against a started app on SQLite, with small limits (64 KB a chunk, 160 KB a
 * recording): order, resends, gaps, the magic-number check, limits, who may do what, completion and the grace period.
 */
class RecordingChunksTest {
  private static final int KB = 1024;
  @TempDir
  static Path dir;
  private static RecordingTestKit kit;
  private String admin;
  private String examiner;
  private String candidate;

  @BeforeAll
  static void startApp() throws InterruptedException {
    kit = RecordingTestKit.start(dir, "--recordings.max.chunk.bytes=64KB", "--recordings.max.bytes=160KB");
  }

  @AfterAll
  static void stopApp() {
    kit.close();
  }

  @BeforeEach
  void signIn() {
    admin = kit.login("admin", "admin-demo-1");
    examiner = kit.login("examiner", "examiner-demo-1");
    candidate = kit.login("candidate1", "candidate-demo-1");
  }

  private String newSession() {
    return kit.createSession(admin, kit.serverTime() + 3_600_000, null);
  }

  private static void assertStored(Reply r, long bytes, int nextSeq, boolean duplicate) {
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.json().get("bytes").asLong()).isEqualTo(bytes);
    assertThat(r.json().get("nextSeq").asInt()).isEqualTo(nextSeq);
    assertThat(r.json().get("duplicate").asBoolean()).isEqualTo(duplicate);
  }

  private static Path storedFile(String sessionId) {
    return kit.fileOf(sessionId);
  }

  private long fileCount() throws IOException {
    try (Stream<Path> files = Files.list(kit.recordingsDir())) {
      return files.count();
    }
  }

  @Test
  void chunksAreAppendedInOrderAndTheFileIsExactlyTheirConcatenation() throws IOException {
    String id = newSession();
    byte[] c0 = webmHeader(10 * KB, 1);
    byte[] c1 = random(20 * KB, 2);
    byte[] c2 = random(5 * KB + 7, 3);
    assertStored(kit.putChunk(candidate, id, 0, c0), c0.length, 1, false);
    assertStored(kit.putChunk(candidate, id, 1, c1), c0.length + c1.length, 2, false);
    assertStored(kit.putChunk(candidate, id, 2, c2), c0.length + c1.length + c2.length, 3, false);

    Reply info = kit.info(candidate, id);
    assertThat(info.json().get("contentType").asText()).isEqualTo("audio/webm");
    assertThat(info.json().get("nextSeq").asInt()).isEqualTo(3);
    assertThat(info.json().get("completed").asBoolean()).isFalse();
    byte[] all = concat(c0, c1, c2);
    Path file = storedFile(id);
    assertThat(Files.readAllBytes(file)).isEqualTo(all);
    assertThat(file.getParent()).isEqualTo(kit.recordingsDir());
    assertThat(file.getFileName().toString()).matches("[0-9a-f-]{36}\\.webm");
    assertThat(kit.recording("GET", examiner, id, null).body()).isEqualTo(all);
  }

  @Test
  void aResentChunkIsAcknowledgedAgainWithoutBeingAppended() throws Exception {
    String id = newSession();
    byte[] c0 = webmHeader(4 * KB, 4);
    byte[] c1 = random(8 * KB, 5);
    assertStored(kit.putChunk(candidate, id, 0, c0), c0.length, 1, false);
    assertStored(kit.putChunk(candidate, id, 1, c1), c0.length + c1.length, 2, false);
    // the answer was lost: the client sends chunk 1, and even chunk 0, again
    assertStored(kit.putChunk(candidate, id, 1, c1), c0.length + c1.length, 2, true);
    assertStored(kit.putChunk(candidate, id, 0, c0), c0.length + c1.length, 2, true);

    // several copies of the next chunk at once: exactly one is appended
    byte[] c2 = random(6 * KB, 6);
    List<Reply> replies = IntStream.range(0, 4).parallel().mapToObj(i -> kit.putChunk(candidate, id, 2, c2))
        .toList();
    assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(replies.stream().filter(r -> !r.json().get("duplicate").asBoolean()).count()).isEqualTo(1);
    assertThat(Files.readAllBytes(storedFile(id))).isEqualTo(concat(c0, c1, c2));
  }

  @Test
  void aGapAnswersConflictWithTheExpectedChunk() {
    String id = newSession();
    Reply early = kit.putChunk(candidate, id, 1, random(100, 7));
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.json().get("error").asText()).isEqualTo("conflict");
    assertThat(early.json().get("expectedSeq").asInt()).isZero();
    assertStored(kit.putChunk(candidate, id, 0, webmHeader(100, 8)), 148, 1, false);
    Reply gap = kit.putChunk(candidate, id, 3, random(100, 9));
    assertThat(gap.status()).isEqualTo(409);
    assertThat(gap.json().get("expectedSeq").asInt()).isEqualTo(1);
    assertThat(kit.info(candidate, id).json().get("bytes").asLong()).isEqualTo(148);
  }

  @Test
  void theFirstChunkMustBeAudioByItsBytesNotByItsLabel() throws IOException {
    String id = newSession();
    long before = fileCount();
    Map<String, byte[]> disguises = Map.of(
        "PE", concat("MZ".getBytes(StandardCharsets.US_ASCII), random(2 * KB, 10)),
        "ZIP", concat(new byte[] {'P', 'K', 3, 4}, random(2 * KB, 11)),
        "HTML", "<!doctype html><html><script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII),
        "SVG", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
            .getBytes(StandardCharsets.US_ASCII),
        "polyglot", concat(webmHeader(0, 12), "<html><script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII)),
        "truncated RIFF", "RIFF\u0024\u0000\u0000\u0000WAV".getBytes(StandardCharsets.ISO_8859_1));
    disguises.forEach((name, bytes) -> assertThat(kit.putChunk(candidate, id, 0, bytes).status()).as(name)
        .isEqualTo(415));
    assertThat(kit.putChunk(candidate, id, 0, new byte[0]).status()).isEqualTo(400);
    // real WebM with a page's type, or no type: refused by the label gate
    assertThat(kit.putChunk(candidate, id, 0, webmHeader(100, 13), "text/html").status()).isEqualTo(415);
    assertThat(kit.putChunk(candidate, id, 0, webmHeader(100, 13), null).status()).isEqualTo(415);
    assertThat(fileCount()).isEqualTo(before);
    assertThat(kit.info(candidate, id).json().get("nextSeq").asInt()).isZero();

    // Ogg bytes labelled audio/webm: stored, and typed by what they are
    Reply ogg = kit.putChunk(candidate, id, 0, oggOpus(500, 14), "audio/webm");
    assertThat(ogg.status()).isEqualTo(200);
    assertThat(ogg.json().get("contentType").asText()).isEqualTo("audio/ogg");
    assertThat(kit.recording("GET", examiner, id, null).header("Content-Type")).isEqualTo("audio/ogg");
    // later chunks are mid-stream data: not sniffed, but never empty
    assertThat(kit.putChunk(candidate, id, 1, new byte[0], "audio/ogg").status()).isEqualTo(400);
  }

  @Test
  void chunkAndRecordingLimitsAnswer413AndStoreNothingMore() throws IOException {
    String id = newSession();
    assertThat(kit.putChunk(candidate, id, 0, webmHeader(64 * KB + 1, 15)).status()).isEqualTo(413);
    byte[] c0 = webmHeader(60 * KB, 16);
    byte[] c1 = random(60 * KB, 17);
    assertStored(kit.putChunk(candidate, id, 0, c0), c0.length, 1, false);
    assertStored(kit.putChunk(candidate, id, 1, c1), c0.length + c1.length, 2, false);
    Reply over = kit.putChunk(candidate, id, 2, random(60 * KB, 18));
    assertThat(over.status()).isEqualTo(413);
    assertThat(over.json().get("error").asText()).isEqualTo("too_large");
    assertThat(Files.readAllBytes(storedFile(id))).isEqualTo(concat(c0, c1));
    assertThat(kit.info(candidate, id).json().get("nextSeq").asInt()).isEqualTo(2);
  }

  @Test
  void aContentLengthThatLiesNeverGetsMoreThanTheLimitRead() throws IOException {
    String id = newSession();
    String path = "/api/sessions/" + id + "/recording/chunks/0";
    String auth = "Authorization: Bearer " + candidate + "\r\n";
    // announced too large: refused before the body is read
    String announced = kit.raw("PUT " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
        + "Content-Type: audio/webm\r\nContent-Length: 10000000\r\n\r\n", webmHeader(1000, 19));
    assertThat(announced).startsWith("HTTP/1.1 413");
    // no length at all (chunked): counted while read, refused at the limit
    byte[] big = webmHeader(200 * KB, 20);
    String chunked = kit.raw("PUT " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
        + "Content-Type: audio/webm\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(big.length)
        + "\r\n", concat(big, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(chunked).startsWith("HTTP/1.1 413");
    assertThat(kit.info(candidate, id).json().get("bytes").asLong()).isZero();
    // announced small, sent large: only the announced bytes are the chunk; the rest is never appended (it is
    // read as a malformed next request, and the connection is closed)
    byte[] sent = webmHeader(3000, 21);
    kit.raw("PUT " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
        + "Content-Type: audio/webm\r\nContent-Length: 60\r\n\r\n", sent);
    await().atMost(Duration.ofSeconds(10)).until(() -> kit.info(candidate, id).json().get("nextSeq").asInt() == 1);
    assertThat(kit.info(candidate, id).json().get("bytes").asLong()).isEqualTo(60);
    assertThat(Files.readAllBytes(storedFile(id))).isEqualTo(java.util.Arrays.copyOf(sent, 60));
  }

  @Test
  void onlyTheCandidateUploadsAndOnlyTheExaminerOrAnAdminListens() {
    String id = newSession();
    String otherCandidate = kit.login("candidate2", RecordingTestKit.PASSWORD);
    String otherExaminer = kit.login("examiner2", RecordingTestKit.PASSWORD);
    byte[] c0 = webmHeader(1000, 22);
    for (String token : List.of(examiner, admin, otherCandidate, otherExaminer)) {
      Reply r = kit.putChunk(token, id, 0, c0);
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.json().get("error").asText()).isEqualTo("forbidden");
    }
    assertThat(kit.putChunk(null, id, 0, c0).status()).isEqualTo(401);
    assertThat(kit.info(candidate, id).json().get("nextSeq").asInt()).isZero();
    assertStored(kit.putChunk(candidate, id, 0, c0), c0.length, 1, false);

    for (String token : List.of(candidate, otherCandidate, otherExaminer)) {
      assertThat(kit.recording("GET", token, id, null).status()).isEqualTo(403);
    }
    assertThat(kit.recording("GET", examiner, id, null).body()).isEqualTo(c0);
    assertThat(kit.recording("GET", admin, id, null).body()).isEqualTo(c0);
    assertThat(kit.info(otherCandidate, id).status()).isEqualTo(403);
    assertThat(kit.info(admin, id).json().get("bytes").asLong()).isEqualTo(c0.length);
    assertThat(kit.complete(examiner, id).status()).isEqualTo(403);
    assertThat(kit.putChunk(candidate, "no-such-session", 0, c0).status()).isEqualTo(404);
    assertThat(kit.putChunk(candidate, id, 0, c0).status()).isEqualTo(200);
    assertThat(kit.send(kit.request("/api/sessions/" + id + "/recording/chunks/-1", candidate)
        .header("Content-Type", "audio/webm")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(c0)).build()).status()).isEqualTo(400);
  }

  @Test
  void aCompletedRecordingTakesNoNewChunksButAcknowledgesResends() {
    String id = newSession();
    assertThat(kit.complete(candidate, id).status()).isEqualTo(404);
    byte[] c0 = webmHeader(1000, 23);
    assertStored(kit.putChunk(candidate, id, 0, c0), c0.length, 1, false);
    Reply done = kit.complete(candidate, id);
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.json().get("completed").asBoolean()).isTrue();
    assertThat(kit.complete(candidate, id).status()).isEqualTo(200);
    assertThat(kit.putChunk(candidate, id, 1, random(100, 24)).status()).isEqualTo(409);
    assertStored(kit.putChunk(candidate, id, 0, c0), c0.length, 1, true);
    assertThat(kit.info(examiner, id).json().get("completed").asBoolean()).isTrue();
  }

  @Test
  void pendingChunksAreTakenForTenMinutesAfterTheTestEnds() {
    String id = kit.createSession(admin, kit.serverTime() - 1000,
        Map.of("part1", 300, "part2_prep", 300, "part2_talk", 300, "part3", 300));
    byte[] c0 = webmHeader(1000, 25);
    assertStored(kit.putChunk(candidate, id, 0, c0), c0.length, 1, false);
    await().atMost(Duration.ofSeconds(15)).until(() -> kit.send(kit.request("/api/sessions/" + id, admin).GET()
        .build()).json().get("session").get("status").asText().equals("Completed"));
    byte[] c1 = random(500, 26);
    assertStored(kit.putChunk(candidate, id, 1, c1), c0.length + c1.length, 2, false);

    assertThat(kit.advanceClock(admin, RecordingService.GRACE.toMillis() + 60_000).status()).isEqualTo(200);
    Reply late = kit.putChunk(candidate, id, 2, random(500, 27));
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().get("error").asText()).isEqualTo("conflict");
    assertThat(late.json().has("expectedSeq")).isFalse();
    assertStored(kit.putChunk(candidate, id, 1, c1), c0.length + c1.length, 2, true);
    assertThat(kit.complete(candidate, id).json().get("completed").asBoolean()).isTrue();
  }
}
