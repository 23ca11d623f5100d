package dev.parley.examroom.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.sun.net.httpserver.HttpServer;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.User;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The access-token verifier against the reliability catalogue's J1-J3 rows: every token below is refused with
 * {@code invalid_token} (or {@code expired_token}), without fetching anything and without deep parsing.
 */
class TokenServiceTest {
  static final byte[] SECRET = "token-service-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final TokenService tokens = new TokenService(SECRET, Duration.ofMinutes(15),
      Clock.fixed(NOW, ZoneOffset.UTC));

  /** A token as the service would issue it, claims adjustable. */
  static JWTCreator.Builder valid(Instant now) {
    return withoutAudience(now).withAudience(TokenService.AUDIENCE);
  }

  static JWTCreator.Builder withoutAudience(Instant now) {
    return JWT.create().withIssuer(TokenService.ISSUER).withSubject("user-1")
        .withIssuedAt(Date.from(now)).withNotBefore(Date.from(now)).withExpiresAt(Date.from(now.plusSeconds(900)))
        .withClaim("role", "candidate").withClaim("name", "Carla").withClaim("username", "candidate1");
  }

  /** A token from raw header and payload JSON, with {@code signature} bytes as given. */
  static String raw(String header, String payload, byte[] signature) {
    return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(signature);
  }

  static byte[] hmac(byte[] key, String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An HS256 token with the given header, the valid claims, signed with {@code key}. */
  static String hs256WithHeader(String header, byte[] key, Instant now) {
    String payload = new String(Base64.getUrlDecoder().decode(valid(now).sign(Algorithm.HMAC256(SECRET))
        .split("\\.")[1]), StandardCharsets.UTF_8);
    String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return input + "." + B64.encodeToString(hmac(key, input));
  }

  private void assertRefused(String token, String reason) {
    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(TokenService.InvalidTokenException.class)
        .extracting(e -> ((TokenService.InvalidTokenException) e).reason()).isEqualTo(reason);
  }

  @Test
  void anIssuedTokenVerifiesAndCarriesTheUser() {
    String token = tokens.issue(new User("u-7", "candidate1", "Carla", Role.CANDIDATE)).token();
    Principal p = tokens.verify(token);
    assertThat(p.userId()).isEqualTo("u-7");
    assertThat(p.role()).isEqualTo(Role.CANDIDATE);
    assertThat(JWT.decode(token).getAudience()).containsExactly(TokenService.AUDIENCE);
    assertThat(tokens.verify(valid(NOW).sign(Algorithm.HMAC256(SECRET))).userId()).isEqualTo("user-1");
  }

  @Test
  void unsignedTokensOfEveryNoneSpellingAreRefused() {
    String payload = new String(Base64.getUrlDecoder().decode(valid(NOW).sign(Algorithm.HMAC256(SECRET))
        .split("\\.")[1]), StandardCharsets.UTF_8);
    for (String alg : new String[] {"none", "None", "NONE", "nOnE"}) {
      String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
      assertRefused(raw(header, payload, new byte[0]), "invalid_token");
      // an unsigned token that still carries our valid signature: the header's alg must not switch checks off
      String signed = valid(NOW).sign(Algorithm.HMAC256(SECRET));
      assertRefused(B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + signed.substring(
          signed.indexOf('.')), "invalid_token");
    }
    assertRefused(valid(NOW).sign(Algorithm.none()), "invalid_token");
  }

  @Test
  void theAlgorithmIsPinnedAgainstConfusionAndAlgorithmsOutsideTheAllowlist() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair rsa = generator.generateKeyPair();
    // the classic confusion: HS256 keyed with an RSA public key (what a verifier trusting alg would use)
    assertRefused(valid(NOW).sign(Algorithm.HMAC256(rsa.getPublic().getEncoded())), "invalid_token");
    assertRefused(valid(NOW).sign(Algorithm.RSA256((RSAPublicKey) rsa.getPublic(),
        (RSAPrivateKey) rsa.getPrivate())), "invalid_token");
    // our own secret, but an algorithm other than HS256
    assertRefused(valid(NOW).sign(Algorithm.HMAC384(SECRET)), "invalid_token");
    assertRefused(valid(NOW).sign(Algorithm.HMAC512(SECRET)), "invalid_token");
    // an HS256 signature under a header claiming HS512: the header's alg decides nothing
    String hs256 = valid(NOW).sign(Algorithm.HMAC256(SECRET));
    String relabelled = B64.encodeToString("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + hs256.substring(hs256.indexOf('.'));
    assertRefused(relabelled, "invalid_token");
    // ECDSA r = s = 0 (CVE-2022-21449, "psychic signatures")
    String payload = hs256.split("\\.")[1];
    assertRefused(B64.encodeToString("{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + payload + "." + B64.encodeToString(new byte[64]), "invalid_token");
  }

  @Test
  void badSignaturesAndWrongOrMissingClaimsAreRefused() {
    assertRefused(valid(NOW).sign(Algorithm.HMAC256("another-secret-of-at-least-32-bytes-xx")), "invalid_token");
    String good = valid(NOW).sign(Algorithm.HMAC256(SECRET));
    assertRefused(good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA"), "invalid_token");
    assertRefused(valid(NOW).withIssuer("someone-else").sign(Algorithm.HMAC256(SECRET)), "invalid_token");
    assertRefused(valid(NOW).withAudience("another-service").sign(Algorithm.HMAC256(SECRET)), "invalid_token");
    assertRefused(withoutAudience(NOW).sign(Algorithm.HMAC256(SECRET)), "invalid_token");
    assertRefused(valid(NOW).withExpiresAt((Date) null).sign(Algorithm.HMAC256(SECRET)), "invalid_token");
    assertRefused(JWT.create().withIssuer(TokenService.ISSUER).withAudience(TokenService.AUDIENCE)
        .withExpiresAt(Date.from(NOW.plusSeconds(60))).withClaim("role", "candidate").sign(Algorithm.HMAC256(SECRET)),
        "invalid_token");
    assertRefused(valid(NOW).withClaim("role", "superuser").sign(Algorithm.HMAC256(SECRET)), "invalid_token");
    assertRefused("not.a.jwt", "invalid_token");
    assertRefused("", "missing_token");
    assertRefused(null, "missing_token");
  }

  @Test
  void expiryAndNotBeforeAllowSixtySecondsOfClockSkewAndNoMore() {
    Instant issued = NOW.minusSeconds(900);
    assertThat(tokens.verify(valid(issued).withExpiresAt(Date.from(NOW.minusSeconds(30)))
        .sign(Algorithm.HMAC256(SECRET))).userId()).isEqualTo("user-1");
    assertRefused(valid(issued).withExpiresAt(Date.from(NOW.minusSeconds(90))).sign(Algorithm.HMAC256(SECRET)),
        "expired_token");
    assertThat(tokens.verify(valid(NOW).withNotBefore(Date.from(NOW.plusSeconds(30)))
        .sign(Algorithm.HMAC256(SECRET))).userId()).isEqualTo("user-1");
    assertRefused(valid(NOW).withNotBefore(Date.from(NOW.plusSeconds(3600))).sign(Algorithm.HMAC256(SECRET)),
        "invalid_token");
  }

  @Test
  void keyHintsInTheHeaderAreNeverFollowed() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    HttpServer keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    keys.createContext("/", exchange -> {
      fetches.incrementAndGet();
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    keys.start();
    try {
      String base = "http://127.0.0.1:" + keys.getAddress().getPort();
      byte[] attackerKey = "the-attackers-own-hmac-key-0123456789".getBytes(StandardCharsets.UTF_8);
      // HMAC pads keys with zeros, so a one-zero-byte key signs exactly as the empty "contents of /dev/null" would
      assertRefused(hs256WithHeader("{\"alg\":\"HS256\",\"kid\":\"../../../../../../dev/null\"}", new byte[1], NOW),
          "invalid_token");
      assertRefused(hs256WithHeader("{\"alg\":\"HS256\",\"kid\":\"/proc/self/environ\"}", attackerKey, NOW),
          "invalid_token");
      assertRefused(hs256WithHeader("{\"alg\":\"HS256\",\"jku\":\"" + base + "/jwks.json\"}", attackerKey, NOW),
          "invalid_token");
      assertRefused(hs256WithHeader("{\"alg\":\"HS256\",\"x5u\":\"" + base + "/cert.pem\"}", attackerKey, NOW),
          "invalid_token");
      assertRefused(hs256WithHeader("{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\""
          + B64.encodeToString(attackerKey) + "\"}}", attackerKey, NOW), "invalid_token");
      assertThat(fetches).as("requests to the key URLs").hasValue(0);
    } finally {
      keys.stop(0);
    }
  }

  @Test
  void hugeAndDeeplyNestedTokensAreRefusedWithoutDeepParsing() {
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("big", "x".repeat(1024 * 1024));
    String megabyte = valid(NOW).withPayload(claims).sign(Algorithm.HMAC256(SECRET));
    assertThat(megabyte.length()).isGreaterThan(1024 * 1024);
    assertRefused(megabyte, "invalid_token");
    assertRefused(raw(header, "{\"n\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", new byte[32]),
        "invalid_token");
    // nesting that fits the size cap still must not reach a recursive parser's limits
    String nested = "{\"n\":" + "[".repeat(3000) + "]".repeat(3000) + "}";
    String token = raw(header, nested, new byte[32]);
    assertThat(token.length()).isLessThan(TokenService.MAX_TOKEN_LENGTH);
    assertRefused(token, "invalid_token");
    String signedNested = hs256WithPayload(header, nested);
    assertRefused(signedNested, "invalid_token");
  }

  private static String hs256WithPayload(String header, String payload) {
    String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return input + "." + B64.encodeToString(hmac(SECRET, input));
  }
}
