package dev.parley.examroom.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Refresh tokens, stored as SHA-256 hashes so a database leak does not leak sessions. */
public final class TokenRepository {

  public void insert(Connection c, String tokenHash, String userId, long expiresAt) throws SQLException {
    Jdbc.update(c, "INSERT INTO refresh_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)", tokenHash,
        userId, expiresAt);
  }

  /** The user of a valid (known, unrevoked, unexpired) token. */
  public Optional<String> validUser(Connection c, String tokenHash, long now) throws SQLException {
    return Jdbc.one(c, "SELECT user_id FROM refresh_tokens WHERE token_hash = ? AND revoked_at IS NULL "
        + "AND expires_at > ?", rs -> rs.getString(1), tokenHash, now);
  }

  /** Revokes one token; true if it was valid. */
  public boolean revoke(Connection c, String tokenHash, long now) throws SQLException {
    return Jdbc.update(c, "UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
        now, tokenHash) == 1;
  }

  public void revokeAll(Connection c, String userId, long now) throws SQLException {
    Jdbc.update(c, "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", now, userId);
  }

  public int purgeExpired(Connection c, long now) throws SQLException {
    return Jdbc.update(c, "DELETE FROM refresh_tokens WHERE expires_at < ?", now);
  }
}
