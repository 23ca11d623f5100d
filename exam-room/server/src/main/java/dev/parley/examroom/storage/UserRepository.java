package dev.parley.examroom.storage;

import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.User;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Accounts. Password hashes never leave this class except through {@link #passwordHash}. */
public final class UserRepository {
  private static final String COLUMNS = "id, username, display_name, role";

  private static User map(ResultSet rs) throws SQLException {
    return new User(rs.getString("id"), rs.getString("username"), rs.getString("display_name"),
        Role.fromWireName(rs.getString("role")));
  }

  public Optional<User> byId(Connection c, String id) throws SQLException {
    return Jdbc.one(c, "SELECT " + COLUMNS + " FROM users WHERE id = ?", UserRepository::map, id);
  }

  public Optional<User> byUsername(Connection c, String username) throws SQLException {
    return Jdbc.one(c, "SELECT " + COLUMNS + " FROM users WHERE username = ?", UserRepository::map, username);
  }

  public Optional<String> passwordHash(Connection c, String username) throws SQLException {
    return Jdbc.one(c, "SELECT password_hash FROM users WHERE username = ?", rs -> rs.getString(1), username);
  }

  public List<User> all(Connection c) throws SQLException {
    return Jdbc.query(c, "SELECT " + COLUMNS + " FROM users ORDER BY role, username", UserRepository::map);
  }

  public void insert(Connection c, User user, String passwordHash, long now) throws SQLException {
    Jdbc.update(c, "INSERT INTO users (id, username, display_name, role, password_hash, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?)", user.id(), user.username(), user.displayName(), user.role().wireName(),
        passwordHash, now);
  }

  public int count(Connection c) throws SQLException {
    return Jdbc.one(c, "SELECT COUNT(*) FROM users", rs -> rs.getInt(1)).orElse(0);
  }
}
