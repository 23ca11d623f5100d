package dev.parley.examroom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.ExamRoomApp;
import dev.parley.examroom.storage.TestDatabases;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability catalogue H2 on real SQLite files: twenty writers against a database another process holds the write
 * lock of, a full disk (a small tmpfs, when this test may mount one) and a read-only file system; each time a clear
 * error or success, never a half-written record, and {@code PRAGMA integrity_check} = ok afterwards.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqliteFailureTest {
  @TempDir
  Path dir;
  private ExamRoomApp app;
  private Path mounted;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (mounted != null) {
      exec("umount", mounted.toString());
    }
  }

  private static boolean exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  /** A tmpfs of {@code size} at {@code dir/name}, or the test is skipped where mounting is not allowed. */
  private Path tmpfs(String name, String size) throws IOException, InterruptedException {
    Path point = Files.createDirectory(dir.resolve(name));
    Assumptions.assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", point.toString()),
        "mounting a tmpfs needs root (CAP_SYS_ADMIN)");
    mounted = point;
    return point;
  }

  private static String integrityCheck(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Map<String, Object> session(Api api, String admin, String title) {
    Map<String, String> ids = new HashMap<>();
    api.get("/api/users", admin).body().get("users").forEach(u -> ids.put(u.get("username").asText(),
        u.get("id").asText()));
    return Map.of("title", title, "candidateId", ids.get("candidate1"), "examinerId", ids.get("examiner"),
        "scheduledAt", api.get("/api/config", null).body().get("serverTime").asLong() + 3_600_000);
  }

  private static List<String> titles(Api api, String admin) {
    List<String> titles = new ArrayList<>();
    api.get("/api/sessions", admin).body().get("sessions").forEach(s -> titles.add(s.get("title").asText()));
    return titles;
  }

  /** Database threads of the app that are inside the SQLite driver (waiting on its busy handler). */
  private static long dbThreadsInSqlite() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("exam-db-"))
        .filter(e -> e.getValue().length > 0 && e.getValue()[0].getClassName().startsWith("org.sqlite."))
        .count();
  }

  @Test
  void twentyWritersWaitOutAnotherProcesssWriteLockAndAllCommit() throws Exception {
    app = ExamRoomApp.start(TestDatabases.sqlite(dir, "--db.pool.size=8"));
    Api api = new Api("http://127.0.0.1:" + app.address().getPort());
    String admin = api.login("admin", "admin-demo-1");
    Map<String, Object> body = session(api, admin, "unused");
    int before = titles(api, admin).size();
    ExecutorService writers = Executors.newFixedThreadPool(20);
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      List<CompletableFuture<Api.Response>> posts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Map<String, Object> b = new HashMap<>(body);
        b.put("title", "Writer " + i);
        posts.add(CompletableFuture.supplyAsync(() -> api.post("/api/sessions", admin, b), writers));
      }
      // every database thread is parked in SQLite's busy handler behind the other process's lock; none has failed
      await().atMost(Duration.ofSeconds(3)).until(() -> dbThreadsInSqlite() == 8);
      assertThat(posts).noneMatch(CompletableFuture::isDone);
      s.execute("COMMIT");
      for (CompletableFuture<Api.Response> post : posts) {
        Api.Response r = post.get(30, TimeUnit.SECONDS);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
      }
    } finally {
      writers.shutdownNow();
    }
    assertThat(titles(api, admin)).hasSize(before + 20);
    app.close();
    app = null;
    assertThat(integrityCheck(dir.resolve("test.db"))).isEqualTo("ok");
  }

  @Test
  void aFullDiskAnswersUnavailableSavesNothingHalfAndRecoversWhenSpaceReturns() throws Exception {
    Path data = tmpfs("small-disk", "6m");
    app = ExamRoomApp.start(TestDatabases.sqlite(data));
    Api api = new Api("http://127.0.0.1:" + app.address().getPort());
    String admin = api.login("admin", "admin-demo-1");
    Map<String, Object> body = session(api, admin, "unused");
    Path filler = data.resolve("filler");
    fill(filler);

    List<String> created = new ArrayList<>();
    Api.Response refused = null;
    for (int i = 0; i < 500 && refused == null; i++) {
      Map<String, Object> b = new HashMap<>(body);
      b.put("title", "Full " + i + " ");
      Api.Response r = api.post("/api/sessions", admin, b);
      if (r.status() == 201) {
        created.add((String) b.get("title"));
      } else {
        refused = r;
      }
    }
    assertThat(refused).as("the disk filled up").isNotNull();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.body().get("error").asText()).isEqualTo("unavailable");
    Files.delete(filler);
    Map<String, Object> b = new HashMap<>(body);
    b.put("title", "After the disk had room again");
    assertThat(api.post("/api/sessions", admin, b).status()).isEqualTo(201);
    List<String> titles = titles(api, admin);
    assertThat(titles).containsAll(created).contains("After the disk had room again")
        .noneMatch(t -> t.startsWith("Full " + created.size() + " "));
    app.close();
    app = null;
    assertThat(integrityCheck(data.resolve("test.db"))).isEqualTo("ok");
  }

  private static void fill(Path filler) {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      // no space left on the device: the point of it
    }
  }

  /**
   * A file system that turns read-only under a running app cannot be made here (a remount is refused while the
   * database files are open, and an immutable flag does not affect descriptors already open), so this is the
   * read-only file system met at start: the app refuses to start, naming the cause, and the data is intact after.
   */
  @Test
  void aDatabaseOnAReadOnlyFileSystemStopsTheStartWithAClearErrorAndStaysIntact() throws Exception {
    Path data = tmpfs("read-only-disk", "16m");
    app = ExamRoomApp.start(TestDatabases.sqlite(data));
    Api api = new Api("http://127.0.0.1:" + app.address().getPort());
    String admin = api.login("admin", "admin-demo-1");
    assertThat(api.post("/api/sessions", admin, session(api, admin, "Saved before")).status()).isEqualTo(201);
    app.close();
    app = null;
    assertThat(exec("mount", "-o", "remount,ro", data.toString())).as("remount read-only").isTrue();

    assertThatThrownBy(() -> app = ExamRoomApp.start(TestDatabases.sqlite(data)))
        .hasStackTraceContaining("SQLITE_CANTOPEN");
    assertThat(exec("mount", "-o", "remount,rw", data.toString())).isTrue();
    assertThat(integrityCheck(data.resolve("test.db"))).isEqualTo("ok");
    app = ExamRoomApp.start(TestDatabases.sqlite(data));
    api = new Api("http://127.0.0.1:" + app.address().getPort());
    JsonNode sessions = api.get("/api/sessions", api.login("admin", "admin-demo-1")).body().get("sessions");
    assertThat(sessions).anyMatch(s -> s.get("title").asText().equals("Saved before"));
  }
}
