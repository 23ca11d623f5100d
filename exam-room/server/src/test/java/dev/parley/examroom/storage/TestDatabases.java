package dev.parley.examroom.storage;

import dev.parley.examroom.config.AppConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/** Real databases for tests: SQLite in a temporary directory, PostgreSQL on 127.0.0.1:5432 (a fresh database). */
public final class TestDatabases {
  static final String PG_ADMIN_URL = System.getProperty("exam.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PG_USER = System.getProperty("exam.test.pg.user", "postgres");

  private TestDatabases() {}

  /** A configuration on a new SQLite file in {@code dir}. */
  public static AppConfig sqlite(Path dir, String... extra) {
    return config(dir, "jdbc:sqlite:" + dir.resolve("test.db"), extra);
  }

  /** A configuration on a new PostgreSQL database; drop it with {@link #dropPostgres}. */
  public static AppConfig postgres(Path dir, String... extra) {
    String name = "exam_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + name);
    return config(dir, "jdbc:postgresql://127.0.0.1:5432/" + name + "?user=" + PG_USER, extra);
  }

  public static void dropPostgres(AppConfig config) {
    String url = config.dbUrl();
    String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, null); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 is required for this test: " + e.getMessage(), e);
    }
  }

  private static AppConfig config(Path dir, String url, String... extra) {
    String[] args = new String[extra.length + 4];
    args[0] = "--data.dir=" + dir;
    args[1] = "--db.url=" + url;
    args[2] = "--http.port=0";
    args[3] = "--http.host=127.0.0.1";
    System.arraycopy(extra, 0, args, 4, extra.length);
    return AppConfig.load(Map.of(), args);
  }
}
