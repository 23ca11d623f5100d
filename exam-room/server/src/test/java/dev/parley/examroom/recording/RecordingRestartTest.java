package dev.parley.examroom.recording;

import static dev.parley.examroom.recording.RecordingTestKit.concat;
import static dev.parley.examroom.recording.RecordingTestKit.random;
import static dev.parley.examroom.recording.RecordingTestKit.webmHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.testing.TestHttp.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable: every acknowledged chunk survives a restart, and bytes past the recorded length (an
 * append whose commit a crash prevented) are cut, at start-up and before the next append.
 */
class RecordingRestartTest {
  @TempDir
  Path dir;
  private RecordingTestKit kit;
  private String sessionId;
  private byte[] acknowledged;

  @BeforeEach
  void recordTwoChunks() throws InterruptedException {
    kit = RecordingTestKit.start(dir);
    String admin = kit.login("admin", "admin-demo-1");
    sessionId = kit.createSession(admin, kit.serverTime() + 3_600_000, null);
    String candidate = kit.login("candidate1", "candidate-demo-1");
    byte[] c0 = webmHeader(6000, 1);
    byte[] c1 = random(9000, 2);
    assertThat(kit.putChunk(candidate, sessionId, 0, c0).status()).isEqualTo(200);
    assertThat(kit.putChunk(candidate, sessionId, 1, c1).status()).isEqualTo(200);
    acknowledged = concat(c0, c1);
  }

  @AfterEach
  void stop() {
    kit.close();
  }

  private void assertRecordingAfterRestart(byte[] expected, int nextSeq) throws IOException {
    String examiner = kit.login("examiner", "examiner-demo-1");
    JsonNode info = kit.info(examiner, sessionId).json();
    assertThat(info.get("bytes").asLong()).isEqualTo(expected.length);
    assertThat(info.get("nextSeq").asInt()).isEqualTo(nextSeq);
    assertThat(Files.readAllBytes(kit.fileOf(sessionId))).isEqualTo(expected);
    assertThat(kit.recording("GET", examiner, sessionId, null).body()).isEqualTo(expected);
  }

  /** Appends chunk 2 as the candidate; returns the whole recording now expected. */
  private byte[] appendChunkTwo() {
    String candidate = kit.login("candidate1", "candidate-demo-1");
    byte[] c2 = random(4000, 3);
    Reply r = kit.putChunk(candidate, sessionId, 2, c2);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("nextSeq").asInt()).isEqualTo(3);
    return concat(acknowledged, c2);
  }

  @Test
  void aRestartKeepsEveryAcknowledgedChunkAndTheNextOneAppends() throws Exception {
    Path file = kit.fileOf(sessionId);
    kit.restart();
    assertThat(kit.fileOf(sessionId)).isEqualTo(file);
    assertRecordingAfterRestart(acknowledged, 2);
    byte[] all = appendChunkTwo();
    assertRecordingAfterRestart(all, 3);
  }

  @Test
  void bytesACrashLeftPastTheRecordedLengthAreCutAtStartUp() throws Exception {
    Path file = kit.fileOf(sessionId);
    kit.stop();
    // what a crash between the fsync and the commit leaves: bytes no client was told were stored
    Files.write(file, random(7777, 4), StandardOpenOption.APPEND);
    assertThat(Files.size(file)).isEqualTo(acknowledged.length + 7777L);
    kit.restart();
    assertThat(Files.size(file)).isEqualTo(acknowledged.length);
    assertRecordingAfterRestart(acknowledged, 2);
    assertRecordingAfterRestart(appendChunkTwo(), 3);
  }

  @Test
  void unacknowledgedBytesAreCutBeforeTheNextAppendWithoutRestart() throws Exception {
    // what an append whose commit failed (the database was down) leaves while the server keeps running
    Files.write(kit.fileOf(sessionId), random(1234, 5), StandardOpenOption.APPEND);
    byte[] all = appendChunkTwo();
    assertRecordingAfterRestart(all, 3);
  }
}
