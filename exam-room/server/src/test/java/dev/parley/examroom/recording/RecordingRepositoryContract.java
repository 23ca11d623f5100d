package dev.parley.examroom.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.domain.PartDurations;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.SessionStatus;
import dev.parley.examroom.domain.TestSession;
import dev.parley.examroom.domain.User;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.RecordingRepository;
import dev.parley.examroom.storage.RecordingRepository.StoredRecording;
import dev.parley.examroom.storage.SessionRepository;
import dev.parley.examroom.storage.UserRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recordings table and the V2 migration, against SQLite and PostgreSQL (the two subclasses). */
abstract class RecordingRepositoryContract {
  @TempDir
  Path dir;
  private AppConfig config;
  private Database db;
  private final RecordingRepository recordings = new RecordingRepository();

  abstract AppConfig newConfig(Path dir);

  void dispose(AppConfig config) {}

  @BeforeEach
  void open() {
    config = newConfig(dir);
    db = Database.open(config);
    db.inTransaction(c -> {
      new UserRepository().insert(c, new User("c1", "cand", "Cand", Role.CANDIDATE), "hash", 1);
      new UserRepository().insert(c, new User("e1", "exam", "Exam", Role.EXAMINER), "hash", 1);
      for (String id : List.of("s1", "s2")) {
        new SessionRepository().insert(c, new TestSession(id, "T", "c1", "e1", 1000, SessionStatus.SCHEDULED,
            null, null, null, null, new PartDurations(1, 2, 3, 4), 0, "Topic", List.of("p"), 1, null, null, 0), 1);
      }
      return null;
    });
  }

  @AfterEach
  void close() {
    db.close();
    dispose(config);
  }

  private Optional<StoredRecording> byId(String id) {
    return db.inTransaction(c -> recordings.byId(c, id));
  }

  private Optional<StoredRecording> bySession(String sessionId) {
    return db.inTransaction(c -> recordings.bySession(c, sessionId));
  }

  private List<StoredRecording> all() {
    return db.inTransaction(recordings::all);
  }

  private boolean appended(String id, int seq, long bytes, long newBytes, long now) {
    return db.inTransaction(c -> recordings.appended(c, id, seq, bytes, newBytes, now));
  }

  private static StoredRecording recording(String id, String sessionId, int nextSeq, long bytes) {
    return new StoredRecording(id, sessionId, "c1", "audio/webm", nextSeq, bytes, false, null,
        id + ".webm", 10, 10);
  }

  @Test
  void aRecordingRoundTripsAndIsFoundBySession() {
    StoredRecording r = recording("00000000-0000-0000-0000-000000000001", "s1", 1, 4096);
    db.inTransaction(c -> {
      recordings.insert(c, r);
      return null;
    });
    assertThat(byId(r.id())).contains(r);
    assertThat(bySession("s1")).contains(r);
    assertThat(bySession("s2")).isEmpty();
    assertThat(all()).containsExactly(r);
  }

  @Test
  void anAppendCountsOnlyFromTheStateItStartedFrom() {
    StoredRecording r = recording("00000000-0000-0000-0000-000000000002", "s1", 1, 100);
    db.inTransaction(c -> {
      recordings.insert(c, r);
      return null;
    });
    assertThat(appended(r.id(), 1, 100, 250, 20)).isTrue();
    // a second writer that started from the same state loses
    assertThat(appended(r.id(), 1, 100, 300, 21)).isFalse();
    StoredRecording after = byId(r.id()).orElseThrow();
    assertThat(after.nextSeq()).isEqualTo(2);
    assertThat(after.bytes()).isEqualTo(250);
    assertThat(after.updatedAt()).isEqualTo(20);
    db.inTransaction(c -> {
      recordings.complete(c, r.id(), 30);
      recordings.complete(c, r.id(), 31);
      return null;
    });
    StoredRecording done = byId(r.id()).orElseThrow();
    assertThat(done.completed()).isTrue();
    assertThat(done.updatedAt()).isEqualTo(30);
    // a completed recording takes nothing more
    assertThat(appended(r.id(), 2, 250, 260, 40)).isFalse();
  }

  @Test
  void oneRecordingPerSessionButAnyNumberOfUploads() {
    db.inTransaction(c -> {
      recordings.insert(c, recording("00000000-0000-0000-0000-000000000003", "s2", 1, 1));
      recordings.insert(c, recording("00000000-0000-0000-0000-000000000004", null, 1, 1));
      recordings.insert(c, recording("00000000-0000-0000-0000-000000000005", null, 1, 1));
      return null;
    });
    assertThatThrownBy(() -> db.inTransaction(c -> {
      recordings.insert(c, recording("00000000-0000-0000-0000-000000000006", "s2", 1, 1));
      return null;
    })).isInstanceOf(RuntimeException.class);
    assertThat(all()).hasSize(3);
  }

  @Test
  void uploadsKeepTheirEscapedOriginalName() {
    StoredRecording upload = new StoredRecording("00000000-0000-0000-0000-000000000007", null, "c1", "audio/ogg",
        1, 10, true, "..\\u005c..\\u005cx", "00000000-0000-0000-0000-000000000007.ogg", 5, 5);
    db.inTransaction(c -> {
      recordings.insert(c, upload);
      return null;
    });
    assertThat(byId(upload.id())).contains(upload);
  }
}
