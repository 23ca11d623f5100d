package dev.parley.examroom.service;

import dev.parley.examroom.auth.PasswordHasher;
import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.auth.TokenService;
import dev.parley.examroom.domain.User;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.TokenRepository;
import dev.parley.examroom.storage.UserRepository;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Sign-in, token refresh and sign-out. Refresh tokens rotate on every use: the old one is revoked when the new one is
 * issued, so a stolen refresh token works at most once.
 */
public final class AuthService {
  private final Database db;
  private final AppClock clock;
  private final TokenService tokens;
  private final PasswordHasher hasher;
  private final Duration refreshTtl;
  private final UserRepository users = new UserRepository();
  private final TokenRepository refreshTokens = new TokenRepository();
  private volatile Consumer<String> onLogout = userId -> { };

  /**
   * A signed-in session: the access token, and the refresh token for the cookie.
   *
   * @param user the user
   * @param access the access token
   * @param refreshToken the new refresh token
   * @param refreshExpiresAt when it expires
   */
  public record SignedIn(User user, TokenService.IssuedToken access, String refreshToken, long refreshExpiresAt) {}

  public AuthService(Database db, AppClock clock, TokenService tokens, PasswordHasher hasher, Duration refreshTtl) {
    this.db = db;
    this.clock = clock;
    this.tokens = tokens;
    this.hasher = hasher;
    this.refreshTtl = refreshTtl;
  }

  /** Called with a user id when the user signs out, to close their sockets everywhere. */
  public void onLogout(Consumer<String> listener) {
    this.onLogout = listener;
  }

  public TokenService tokens() {
    return tokens;
  }

  public CompletableFuture<SignedIn> login(String username, String password) {
    if (username == null || password == null || username.length() > 100) {
      throw ApiException.unauthorized("wrong username or password");
    }
    return db.tx(c -> {
      String hash = users.passwordHash(c, username).orElse(null);
      if (!hasher.verify(password, hash)) {
        throw ApiException.unauthorized("wrong username or password");
      }
      User user = users.byUsername(c, username).orElseThrow();
      return issue(c, user);
    });
  }

  public CompletableFuture<SignedIn> refresh(String refreshToken) {
    if (refreshToken == null || refreshToken.length() > 200) {
      throw ApiException.unauthorized("sign in again");
    }
    String hash = TokenService.hashRefreshToken(refreshToken);
    return db.tx(c -> {
      long now = clock.millis();
      String userId = refreshTokens.validUser(c, hash, now)
          .orElseThrow(() -> ApiException.unauthorized("sign in again"));
      refreshTokens.revoke(c, hash, now);
      User user = users.byId(c, userId).orElseThrow(() -> ApiException.unauthorized("sign in again"));
      return issue(c, user);
    });
  }

  private SignedIn issue(java.sql.Connection c, User user) throws java.sql.SQLException {
    String refresh = tokens.newRefreshToken();
    long expires = clock.millis() + refreshTtl.toMillis();
    refreshTokens.insert(c, TokenService.hashRefreshToken(refresh), user.id(), expires);
    return new SignedIn(user, tokens.issue(user), refresh, expires);
  }

  /** Signs out: revokes the user's refresh tokens and closes their sockets. */
  public CompletableFuture<Void> logout(Principal p) {
    return db.tx(c -> {
      refreshTokens.revokeAll(c, p.userId(), clock.millis());
      return null;
    }).thenRun(() -> onLogout.accept(p.userId()));
  }

  public CompletableFuture<User> me(Principal p) {
    return db.read(c -> users.byId(c, p.userId()).orElseThrow(() -> ApiException.unauthorized("unknown user")));
  }

  public CompletableFuture<List<User>> users(Principal p) {
    ExamService.requireRole(p, dev.parley.examroom.domain.Role.ADMIN);
    return db.read(users::all);
  }
}
