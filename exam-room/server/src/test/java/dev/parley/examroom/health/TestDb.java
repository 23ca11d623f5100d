package dev.parley.examroom.health;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The shared PostgreSQL of the machine and of CI, a schema per test, and the settings of a node on it. */
final class TestDb {
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  /** Both nodes sign and check tokens with it, as the nodes of one deployment do. */
  static final String SECRET = "health-test-secret-" + "x".repeat(32);

  private TestDb() {}

  static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG, "postgres", null); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** Stored chat messages with this client id (answers are chat messages; the id makes a resend idempotent). */
  static int count(String schema, String clientMessageId) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG + "?currentSchema=" + schema, "postgres", null);
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM chat_messages WHERE client_message_id = ?")) {
      s.setString(1, clientMessageId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** The ids of a chat room's stored messages, ascending: what a history checker compares the clients with. */
  static List<Long> messageIds(String schema, String roomId) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG + "?currentSchema=" + schema, "postgres", null);
        PreparedStatement s = c.prepareStatement("SELECT id FROM chat_messages WHERE room_id = ? ORDER BY id")) {
      s.setString(1, roomId);
      List<Long> ids = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getLong(1));
        }
      }
      return ids;
    }
  }

  /** The command line of one node; {@code adapter} {@code memory} for a single node. */
  static List<String> nodeArgs(Path dataDir, String schema, String adapter, String key, String redisUrl) {
    return List.of("--data.dir=" + dataDir, "--http.port=0", "--http.host=127.0.0.1",
        "--db.url=" + PG + "?user=postgres&currentSchema=" + schema, "--auth.jwt.secret=" + SECRET,
        "--cluster.adapter=" + adapter, "--redis.url=" + redisUrl, "--cluster.key=" + key);
  }
}
