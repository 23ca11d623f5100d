package dev.parley.examroom.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * Passwords hashed with bcrypt (cost 12). Verification costs tens of milliseconds on purpose, so it runs on the
 * database executor, never on an event loop.
 */
public final class PasswordHasher {
  private static final int COST = 12;
  /** Compared against when the user does not exist, so a wrong username takes as long as a wrong password. */
  private static final String DUMMY = BCrypt.withDefaults().hashToString(COST, "not-a-password".toCharArray());
  /** bcrypt reads at most 72 bytes; longer inputs are refused rather than silently truncated. */
  public static final int MAX_PASSWORD_BYTES = 72;

  public String hash(String password) {
    check(password);
    return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
  }

  /** Whether {@code password} matches {@code hash}; a {@code null} hash (no such user) never matches. */
  public boolean verify(String password, String hash) {
    if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      BCrypt.verifyer().verify("x".toCharArray(), DUMMY);
      return false;
    }
    BCrypt.Result result = BCrypt.verifyer().verify(password.toCharArray(), hash == null ? DUMMY : hash);
    return hash != null && result.verified;
  }

  private static void check(String password) {
    if (password == null || password.length() < 8) {
      throw new IllegalArgumentException("a password has at least 8 characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException("a password has at most 72 bytes");
    }
  }
}
