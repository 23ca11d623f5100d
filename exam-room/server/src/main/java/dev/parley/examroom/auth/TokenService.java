package dev.parley.examroom.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

/**
 * Issues and verifies access tokens (JWT, HS256) and makes refresh tokens (random, opaque).
 *
 * <p>The verifier pins the algorithm: a token's own {@code alg} header is never trusted, so {@code none} and
 * algorithm-confusion tokens fail like forged ones. Claims checked: signature, {@code iss}, {@code aud} (required, so
 * a token another service made with a shared secret and issuer is not ours), {@code exp} (required), {@code nbf},
 * with 60 seconds of leeway; tokens over 8 KiB are refused before parsing.
 */
public final class TokenService {
  public static final String ISSUER = "parley-exam-room";
  public static final String AUDIENCE = "parley-exam-room-api";
  static final long LEEWAY_SECONDS = 60;
  static final int MAX_TOKEN_LENGTH = 8192;

  private final Algorithm algorithm;
  private final JWTVerifier verifier;
  private final Duration accessTtl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Why a token was refused. */
  public enum Failure { MISSING_TOKEN, INVALID_TOKEN, EXPIRED_TOKEN }

  /** A refused token. */
  public static final class InvalidTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Failure failure;

    InvalidTokenException(Failure failure) {
      super(failure.name().toLowerCase(java.util.Locale.ROOT), null, false, false);
      this.failure = failure;
    }

    public Failure failure() {
      return failure;
    }

    /** {@code missing_token}, {@code invalid_token} or {@code expired_token}. */
    public String reason() {
      return failure.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param secret the HMAC secret, at least 32 bytes
   * @param accessTtl access token lifetime
   * @param clock the server clock
   */
  public TokenService(byte[] secret, Duration accessTtl, Clock clock) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the JWT secret must have at least 32 bytes");
    }
    this.algorithm = Algorithm.HMAC256(secret);
    this.accessTtl = accessTtl;
    this.clock = clock;
    this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm).withIssuer(ISSUER).withAudience(AUDIENCE)
        .withClaimPresence("exp").withClaimPresence("sub").acceptLeeway(LEEWAY_SECONDS))
        .build(clock);
  }

  /** An access token for {@code user}. */
  public IssuedToken issue(User user) {
    Instant now = clock.instant();
    Instant expires = now.plus(accessTtl);
    String token = JWT.create().withIssuer(ISSUER).withAudience(AUDIENCE).withSubject(user.id())
        .withIssuedAt(Date.from(now)).withNotBefore(Date.from(now)).withExpiresAt(Date.from(expires))
        .withClaim("role", user.role().wireName()).withClaim("name", user.displayName())
        .withClaim("username", user.username()).sign(algorithm);
    return new IssuedToken(token, expires.toEpochMilli());
  }

  /**
   * Verifies an access token.
   *
   * @throws InvalidTokenException with the reason when it is missing, forged, malformed or expired
   */
  public Principal verify(String token) {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException(Failure.MISSING_TOKEN);
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException(Failure.INVALID_TOKEN);
    }
    DecodedJWT jwt;
    try {
      jwt = verifier.verify(token);
    } catch (TokenExpiredException e) {
      throw new InvalidTokenException(Failure.EXPIRED_TOKEN);
    } catch (RuntimeException e) {
      throw new InvalidTokenException(Failure.INVALID_TOKEN);
    }
    try {
      Role role = Role.fromWireName(jwt.getClaim("role").asString());
      return new Principal(jwt.getSubject(), jwt.getClaim("username").asString(), jwt.getClaim("name").asString(),
          role, jwt.getExpiresAtAsInstant().toEpochMilli());
    } catch (RuntimeException e) {
      throw new InvalidTokenException(Failure.INVALID_TOKEN);
    }
  }

  /** A new refresh token: 32 random bytes, base64url. */
  public String newRefreshToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** What is stored of a refresh token: its SHA-256. */
  public static String hashRefreshToken(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An issued access token.
   *
   * @param token the JWT
   * @param expiresAt epoch milliseconds
   */
  public record IssuedToken(String token, long expiresAt) {}
}
