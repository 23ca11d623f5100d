package dev.parley.examroom.recording;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.TestSession;
import dev.parley.examroom.service.ApiException;
import dev.parley.examroom.service.AppClock;
import dev.parley.examroom.service.KeyedSerialExecutor;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.RecordingRepository;
import dev.parley.examroom.storage.RecordingRepository.StoredRecording;
import dev.parley.examroom.storage.SessionRepository;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The candidate's recording of a test, uploaded in numbered chunks, and seed 002's single uploads.
 *
 * <p>It exists to make "acknowledged" mean "durable": a chunk is appended at the recorded length, forced to disk,
 * and only then is the new length and next sequence number committed; the caller answers 200 after that commit. A
 * crash in between leaves bytes past the recorded length, which the next append and the start-up check
 * ({@link #recover}) cut off. Chunks of one session run one at a time ({@link KeyedSerialExecutor}) on the database
 * executor, so no file or JDBC work ever runs on a Netty event loop; across nodes, the file lock and the row's
 * optimistic update keep two writers apart.
 */
public final class RecordingService {
  private static final Logger log = LoggerFactory.getLogger(RecordingService.class);
  /** How long after a test ends its candidate may still upload pending chunks (a reconnection finishing up). */
  public static final Duration GRACE = Duration.ofMinutes(10);

  private final Database db;
  private final AppClock clock;
  private final RecordingFiles files;
  private final long maxChunkBytes;
  private final long maxRecordingBytes;
  private final KeyedSerialExecutor serial;
  private final SessionRepository sessions = new SessionRepository();
  private final RecordingRepository recordings = new RecordingRepository();

  /** What happened to a chunk. */
  public sealed interface ChunkResult permits Stored, Gap {}

  /**
   * The chunk is stored (now, or before: a resend).
   *
   * @param recording the recording after it
   * @param duplicate whether it had been stored before and nothing was appended
   */
  public record Stored(StoredRecording recording, boolean duplicate) implements ChunkResult {}

  /**
   * The chunk is ahead of the recording: the client must send {@code expectedSeq} first.
   *
   * @param expectedSeq the next chunk the server needs
   */
  public record Gap(int expectedSeq) implements ChunkResult {}

  /**
   * A recording to play.
   *
   * @param sessionId its session
   * @param type its detected type
   * @param path the file
   * @param bytes the acknowledged length (the file may hold an append in progress past it)
   */
  public record Playback(String sessionId, AudioType type, Path path, long bytes) {}

  /** Who may do something with a session's recording. */
  private enum Access { CANDIDATE, PARTICIPANT, EXAMINER }

  /** A session and its recording, read together. */
  private record Snapshot(TestSession session, StoredRecording recording) {}

  private RecordingService(Database db, AppClock clock, AppConfig config) {
    this.db = db;
    this.clock = clock;
    this.files = new RecordingFiles(config.recordingsDir());
    this.maxChunkBytes = config.maxChunkBytes();
    this.maxRecordingBytes = config.maxRecordingBytes();
    this.serial = new KeyedSerialExecutor(db.executor());
  }

  /** Opens the recordings directory and brings every file back to its acknowledged length; call before serving. */
  public static RecordingService open(Database db, AppClock clock, AppConfig config) {
    RecordingService service = new RecordingService(db, clock, config);
    service.recover();
    return service;
  }

  /** The executor for blocking work of the routes (multipart parsing). */
  public Executor executor() {
    return db.executor();
  }

  public long maxChunkBytes() {
    return maxChunkBytes;
  }

  // ---- chunks ----

  /**
   * Appends chunk {@code seq} of the session's recording; the future completes after the bytes are on disk and
   * the new length is committed.
   */
  public CompletableFuture<ChunkResult> appendChunk(Principal p, String sessionId, int seq, byte[] data) {
    requireSessionId(sessionId);
    if (seq < 0) {
      throw ApiException.invalid("seq must be 0 or more");
    }
    if (data.length == 0) {
      throw ApiException.invalid("the chunk is empty");
    }
    if (data.length > maxChunkBytes) {
      throw tooLarge("a chunk may have at most " + maxChunkBytes + " bytes");
    }
    AudioType type = seq == 0 ? detect(data) : null;
    return serial.submit(sessionId, () -> append(p, sessionId, seq, data, type));
  }

  private ChunkResult append(Principal p, String sessionId, int seq, byte[] data, AudioType type) {
    Snapshot snap = db.inTransaction(c -> snapshot(c, sessionId, p, Access.CANDIDATE));
    StoredRecording rec = snap.recording();
    if (rec == null) {
      if (seq != 0) {
        return new Gap(0);
      }
      requireOpen(snap.session());
      requireRoom(0, data.length);
      return create(p, snap.session(), data, type);
    }
    ChunkResult settled = classify(rec, seq);
    if (settled != null) {
      return settled;
    }
    requireOpen(snap.session());
    requireAppendable(rec, data.length);
    return files.locked(rec.fileName(), file -> appendLocked(file, rec.id(), seq, data));
  }

  /** A resend of a stored chunk, or a chunk after a gap; {@code null} when {@code seq} is the next chunk. */
  private static ChunkResult classify(StoredRecording rec, int seq) {
    if (seq < rec.nextSeq()) {
      return new Stored(rec, true);
    }
    if (seq > rec.nextSeq()) {
      return new Gap(rec.nextSeq());
    }
    return null;
  }

  private ChunkResult appendLocked(RecordingFiles.Handle file, String id, int seq, byte[] data) throws IOException {
    // read again under the lock: only now is the recorded length stable (another node may have appended)
    StoredRecording rec = db.inTransaction(c -> recordings.byId(c, id))
        .orElseThrow(() -> new IllegalStateException("recording " + id + " vanished"));
    ChunkResult settled = classify(rec, seq);
    if (settled != null) {
      return settled;
    }
    requireAppendable(rec, data.length);
    long size = file.size();
    if (size < rec.bytes()) {
      throw new IllegalStateException("recording " + id + " is shorter than acknowledged: " + size + " < "
          + rec.bytes());
    }
    if (size > rec.bytes()) {
      log.info("recording {}: cutting {} unacknowledged bytes before appending", id, size - rec.bytes());
      file.truncate(rec.bytes());
    }
    file.writeDurably(rec.bytes(), data);
    long now = clock.millis();
    long newBytes = rec.bytes() + data.length;
    if (!db.inTransaction(c -> recordings.appended(c, id, seq, rec.bytes(), newBytes, now))) {
      throw ApiException.conflict("the recording changed meanwhile; please retry");
    }
    return new Stored(new StoredRecording(rec.id(), rec.sessionId(), rec.ownerId(), rec.contentType(), seq + 1,
        newBytes, false, rec.originalName(), rec.fileName(), rec.createdAt(), now), false);
  }

  private ChunkResult create(Principal p, TestSession s, byte[] data, AudioType type) {
    String id = UUID.randomUUID().toString();
    long now = clock.millis();
    StoredRecording rec = new StoredRecording(id, s.id(), p.userId(), type.mimeType(), 1, data.length, false, null,
        id + type.extension(), now, now);
    storeNew(rec, data);
    return new Stored(rec, false);
  }

  /** Writes a new file durably, then commits its row; if the row cannot be stored, the file goes again. */
  private void storeNew(StoredRecording rec, byte[] data) {
    files.create(rec.fileName(), data);
    try {
      db.inTransaction(c -> {
        recordings.insert(c, rec);
        return null;
      });
    } catch (RuntimeException e) {
      deleteUnlessCommitted(rec);
      throw e;
    }
  }

  /** A failed insert may still have committed (an error while closing); only a file surely without a row goes. */
  private void deleteUnlessCommitted(StoredRecording rec) {
    try {
      if (db.inTransaction(c -> recordings.byId(c, rec.id())).isEmpty()) {
        files.deleteQuietly(rec.fileName());
      }
    } catch (RuntimeException e) {
      log.warn("recording {}: keeping its file, the database cannot tell whether it is referenced", rec.id());
    }
  }

  /** Marks the session's recording complete (again: no change). */
  public CompletableFuture<StoredRecording> complete(Principal p, String sessionId) {
    requireSessionId(sessionId);
    return serial.submit(sessionId, () -> {
      StoredRecording rec = db.inTransaction(c -> snapshot(c, sessionId, p, Access.CANDIDATE)).recording();
      if (rec == null) {
        throw ApiException.notFound("nothing has been recorded for this session");
      }
      // a write-only transaction: on SQLite, a transaction that reads and then writes fails at once
      // (SQLITE_BUSY_SNAPSHOT) when another connection committed in between
      db.inTransaction(c -> {
        recordings.complete(c, rec.id(), clock.millis());
        return null;
      });
      return db.inTransaction(c -> recordings.byId(c, rec.id())).orElseThrow();
    });
  }

  /** The session's recording for the UI: {@code {contentType, bytes, nextSeq, completed}} (zeros before any). */
  public CompletableFuture<Map<String, Object>> info(Principal p, String sessionId) {
    requireSessionId(sessionId);
    return db.read(c -> view(snapshot(c, sessionId, p, Access.PARTICIPANT).recording()));
  }

  /** The session's recording for its examiner or an admin; the file is checked off the event loop. */
  public CompletableFuture<Playback> playback(Principal p, String sessionId) {
    requireSessionId(sessionId);
    return db.read(c -> {
      Snapshot snap = snapshot(c, sessionId, p, Access.EXAMINER);
      StoredRecording rec = snap.recording();
      if (rec == null) {
        throw ApiException.notFound("no recording for this session");
      }
      AudioType type = AudioType.fromMimeType(rec.contentType())
          .orElseThrow(() -> new IllegalStateException("recording " + rec.id() + " has an unknown type"));
      long size = files.size(rec.fileName());
      if (size < rec.bytes()) {
        throw new IllegalStateException("recording " + rec.id() + " is missing acknowledged bytes");
      }
      return new Playback(snap.session().id(), type, files.path(rec.fileName()), rec.bytes());
    });
  }

  // ---- seed 002 ----

  /**
   * Stores a whole upload under a server-generated name and answers that name.
   *
   * @param originalName the client's file name, already escaped; metadata only
   */
  public CompletableFuture<String> storeUpload(Principal p, byte[] data, String originalName) {
    if (data.length > maxChunkBytes) {
      throw tooLarge("the audio file is larger than " + maxChunkBytes + " bytes");
    }
    AudioType type = detect(data);
    return CompletableFuture.supplyAsync(() -> {
      String id = UUID.randomUUID().toString();
      long now = clock.millis();
      StoredRecording rec = new StoredRecording(id, null, p.userId(), type.mimeType(), 1, data.length, true,
          originalName, id + type.extension(), now, now);
      storeNew(rec, data);
      return rec.fileName();
    }, db.executor());
  }

  // ---- checks ----

  private Snapshot snapshot(Connection c, String sessionId, Principal p, Access access) throws SQLException {
    TestSession s = sessions.byId(c, sessionId).orElseThrow(() -> ApiException.notFound("no such session"));
    boolean allowed = switch (access) {
      case CANDIDATE -> s.candidateId().equals(p.userId());
      case PARTICIPANT -> p.is(Role.ADMIN) || s.isParticipant(p.userId());
      case EXAMINER -> p.is(Role.ADMIN) || s.examinerId().equals(p.userId());
    };
    if (!allowed) {
      throw ApiException.forbidden(switch (access) {
        case CANDIDATE -> "only the session's candidate may record it";
        case EXAMINER -> "only the session's examiner or an admin may play its recording";
        case PARTICIPANT -> "you do not take part in this session";
      });
    }
    return new Snapshot(s, recordings.bySession(c, sessionId).orElse(null));
  }

  /** A test that ended longer than {@link #GRACE} ago takes no more audio. */
  private void requireOpen(TestSession s) {
    if (s.status().isTerminal()
        && (s.endedAt() == null || clock.millis() - s.endedAt() > GRACE.toMillis())) {
      throw ApiException.conflict("the test has ended; its recording takes no more chunks");
    }
  }

  private void requireAppendable(StoredRecording rec, int length) {
    if (rec.completed()) {
      throw ApiException.conflict("the recording is complete");
    }
    requireRoom(rec.bytes(), length);
  }

  private void requireRoom(long stored, int length) {
    if (stored + length > maxRecordingBytes) {
      throw tooLarge("a recording may have at most " + maxRecordingBytes + " bytes");
    }
  }

  private static AudioType detect(byte[] data) {
    return AudioSniffer.detect(data).orElseThrow(() -> new ApiException("unsupported_media_type", 415,
        "not a recognised audio file (WebM, Ogg, WAV, MP3, FLAC or MP4 audio)"));
  }

  private static void requireSessionId(String sessionId) {
    if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 64) {
      throw ApiException.invalid("a session id is required");
    }
  }

  private static ApiException tooLarge(String message) {
    return new ApiException("too_large", 413, message);
  }

  /** The UI's view of a recording; before the first chunk, an empty one expecting chunk 0. */
  public static Map<String, Object> view(StoredRecording rec) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("contentType", rec == null ? null : rec.contentType());
    view.put("bytes", rec == null ? 0 : rec.bytes());
    view.put("nextSeq", rec == null ? 0 : rec.nextSeq());
    view.put("completed", rec != null && rec.completed());
    return view;
  }

  // ---- start-up ----

  /**
   * Cuts every file back to its acknowledged length: bytes past it were written by an append whose commit never
   * happened (a crash), so no client was told they were stored. Files without a row are reported, not deleted.
   */
  void recover() {
    List<StoredRecording> all = db.inTransaction(recordings::all);
    Set<String> known = new HashSet<>();
    int trimmed = 0;
    for (StoredRecording rec : all) {
      known.add(rec.fileName());
      if (!RecordingFiles.isServerName(rec.fileName())) {
        log.error("recording {} has an invalid file name; it is not served", rec.id());
        continue;
      }
      long size = files.size(rec.fileName());
      if (size < rec.bytes()) {
        log.error("recording {}: the file has {} of its {} acknowledged bytes", rec.id(), Math.max(size, 0),
            rec.bytes());
      } else if (size > rec.bytes()) {
        trimmed += trim(rec) ? 1 : 0;
      }
    }
    long orphans = files.serverNames().stream().filter(name -> !known.contains(name)).count();
    if (orphans > 0) {
      log.warn("{} recording files in {} have no database row (written, never acknowledged); kept for inspection",
          orphans, files.dir());
    }
    log.info("{} recordings checked, {} cut back to their acknowledged length", all.size(), trimmed);
  }

  private boolean trim(StoredRecording seen) {
    return files.locked(seen.fileName(), file -> {
      StoredRecording rec = db.inTransaction(c -> recordings.byId(c, seen.id())).orElse(seen);
      long size = file.size();
      if (size <= rec.bytes()) {
        return false;
      }
      log.warn("recording {}: cutting {} bytes written after the last acknowledged chunk", rec.id(),
          size - rec.bytes());
      file.truncate(rec.bytes());
      return true;
    });
  }
}
