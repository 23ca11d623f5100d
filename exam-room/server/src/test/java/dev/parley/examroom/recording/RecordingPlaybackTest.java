package dev.parley.examroom.recording;

import static dev.parley.examroom.recording.RecordingTestKit.concat;
import static dev.parley.examroom.recording.RecordingTestKit.random;
import static dev.parley.examroom.recording.RecordingTestKit.webmHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.examroom.testing.TestHttp.Reply;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examiner's playback: whole file, each form of {@code Range}, 416, HEAD, and the safety headers. */
class RecordingPlaybackTest {
  @TempDir
  static Path dir;
  private static RecordingTestKit kit;
  private static String examiner;
  private static String sessionId;
  private static byte[] audio;

  @BeforeAll
  static void record() throws InterruptedException {
    kit = RecordingTestKit.start(dir);
    String admin = kit.login("admin", "admin-demo-1");
    examiner = kit.login("examiner", "examiner-demo-1");
    String candidate = kit.login("candidate1", "candidate-demo-1");
    sessionId = kit.createSession(admin, kit.serverTime() + 3_600_000, null);
    byte[] c0 = webmHeader(3000, 1);
    byte[] c1 = random(5000, 2);
    assertThat(kit.putChunk(candidate, sessionId, 0, c0).status()).isEqualTo(200);
    assertThat(kit.putChunk(candidate, sessionId, 1, c1).status()).isEqualTo(200);
    audio = concat(c0, c1);
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  private static Reply get(String range) {
    return kit.recording("GET", examiner, sessionId, range);
  }

  private static void assertSafetyHeaders(Reply r) {
    assertThat(r.header("Content-Type")).isEqualTo("audio/webm");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"recording-" + sessionId + ".webm\"");
    assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
  }

  @Test
  void withoutRangeTheWholeRecordingIsSentWithSafetyHeaders() {
    Reply r = get(null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(audio);
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(audio.length));
    assertThat(r.header("Content-Range")).isNull();
    assertSafetyHeaders(r);
  }

  @Test
  void eachFormOfRangeIsServedAsPartialContent() {
    int n = audio.length;
    Reply first = get("bytes=0-99");
    assertThat(first.status()).isEqualTo(206);
    assertThat(first.body()).isEqualTo(Arrays.copyOfRange(audio, 0, 100));
    assertThat(first.header("Content-Range")).isEqualTo("bytes 0-99/" + n);
    assertSafetyHeaders(first);

    Reply open = get("bytes=5000-");
    assertThat(open.status()).isEqualTo(206);
    assertThat(open.body()).isEqualTo(Arrays.copyOfRange(audio, 5000, n));
    assertThat(open.header("Content-Range")).isEqualTo("bytes 5000-" + (n - 1) + "/" + n);

    Reply suffix = get("bytes=-300");
    assertThat(suffix.status()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(audio, n - 300, n));
    assertThat(suffix.header("Content-Range")).isEqualTo("bytes " + (n - 300) + "-" + (n - 1) + "/" + n);

    Reply clipped = get("bytes=8000-999999");
    assertThat(clipped.status()).isEqualTo(206);
    assertThat(clipped.body()).isEqualTo(Arrays.copyOfRange(audio, 8000, n));

    Reply lastByte = get("bytes=" + (n - 1) + "-" + (n - 1));
    assertThat(lastByte.body()).containsExactly(audio[n - 1]);
  }

  @Test
  void aRangeOutsideTheRecordingIsUnsatisfiable() {
    for (String range : new String[] {"bytes=" + audio.length + "-", "bytes=999999-1000000", "bytes=-0"}) {
      Reply r = get(range);
      assertThat(r.status()).as(range).isEqualTo(416);
      assertThat(r.header("Content-Range")).isEqualTo("bytes */" + audio.length);
    }
    // several ranges, another unit or bad syntax: ignored, the whole file
    for (String range : new String[] {"bytes=0-1,4-5", "seconds=1-2", "bytes=abc"}) {
      Reply r = get(range);
      assertThat(r.status()).as(range).isEqualTo(200);
      assertThat(r.body()).isEqualTo(audio);
    }
  }

  @Test
  void headAnswersTheHeadersWithoutABodyAndTheConnectionStaysUsable() {
    for (int i = 0; i < 3; i++) {
      Reply head = kit.recording("HEAD", examiner, sessionId, null);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(audio.length));
      assertSafetyHeaders(head);
      Reply ranged = kit.recording("HEAD", examiner, sessionId, "bytes=10-19");
      assertThat(ranged.status()).isEqualTo(206);
      assertThat(ranged.header("Content-Length")).isEqualTo("10");
      // the same kept-alive connection then serves a body that starts exactly where it should
      assertThat(get("bytes=0-3").body()).isEqualTo(Arrays.copyOf(audio, 4));
    }
  }

  @Test
  void aSessionWithoutRecordingIsNotFound() {
    String admin = kit.login("admin", "admin-demo-1");
    String empty = kit.createSession(admin, kit.serverTime() + 3_600_000, null);
    assertThat(kit.recording("GET", examiner, empty, null).status()).isEqualTo(404);
    Reply info = kit.info(examiner, empty);
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json().get("nextSeq").asInt()).isZero();
    assertThat(info.json().get("contentType").isNull()).isTrue();
    assertThat(kit.recording("GET", examiner, "no-such-session", null).status()).isEqualTo(404);
  }
}
