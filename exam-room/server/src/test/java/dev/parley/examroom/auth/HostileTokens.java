package dev.parley.examroom.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The reliability catalogue's hostile access tokens (rows J1-J3), made for a given secret, user and time, for tests
 * that send them over REST and Socket.IO.
 */
public final class HostileTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private HostileTokens() {}

  /** A token as the service issues it, for {@code userId}, claims still adjustable. */
  public static JWTCreator.Builder valid(String userId, Instant now) {
    return JWT.create().withIssuer(TokenService.ISSUER).withAudience(TokenService.AUDIENCE).withSubject(userId)
        .withIssuedAt(Date.from(now)).withNotBefore(Date.from(now)).withExpiresAt(Date.from(now.plusSeconds(900)))
        .withClaim("role", "admin").withClaim("name", "Mallory").withClaim("username", "admin");
  }

  /**
   * Every hostile token, by name; none may be accepted.
   *
   * @param secret the server's real HMAC secret (to show that only the hostile part makes a token fail)
   * @param userId a real user, with the admin role claimed
   * @param now the server's time
   * @param keyServer a URL the {@code jku}/{@code x5u} headers point at (which must never be fetched)
   */
  public static Map<String, String> all(byte[] secret, String userId, Instant now, String keyServer) {
    Map<String, String> tokens = new LinkedHashMap<>();
    String good = valid(userId, now).sign(Algorithm.HMAC256(secret));
    String payload = good.split("\\.")[1];
    for (String alg : new String[] {"none", "None", "NONE"}) {
      tokens.put("alg " + alg, header("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + payload + ".");
    }
    tokens.put("alg none with our signature", header("{\"alg\":\"none\"}") + good.substring(good.indexOf('.')));
    tokens.put("HS256 keyed with an RSA public key", valid(userId, now).sign(Algorithm.HMAC256(rsa().getPublic()
        .getEncoded())));
    KeyPair rsa = rsa();
    tokens.put("RS256", valid(userId, now).sign(Algorithm.RSA256((RSAPublicKey) rsa.getPublic(),
        (RSAPrivateKey) rsa.getPrivate())));
    tokens.put("HS512 with our secret", valid(userId, now).sign(Algorithm.HMAC512(secret)));
    tokens.put("ES256 r=s=0", header("{\"alg\":\"ES256\"}") + "." + payload + "." + B64.encodeToString(new byte[64]));
    tokens.put("bad signature", valid(userId, now).sign(Algorithm.HMAC256("not-the-servers-secret-0123456789abc")));
    tokens.put("expired", valid(userId, now.minusSeconds(3600)).sign(Algorithm.HMAC256(secret)));
    tokens.put("nbf in the future", valid(userId, now).withNotBefore(Date.from(now.plusSeconds(3600)))
        .withExpiresAt(Date.from(now.plusSeconds(7200))).sign(Algorithm.HMAC256(secret)));
    tokens.put("wrong iss", valid(userId, now).withIssuer("another-issuer").sign(Algorithm.HMAC256(secret)));
    tokens.put("wrong aud", valid(userId, now).withAudience("another-service").sign(Algorithm.HMAC256(secret)));
    tokens.put("missing exp", JWT.create().withIssuer(TokenService.ISSUER).withAudience(TokenService.AUDIENCE)
        .withSubject(userId).withClaim("role", "admin").withClaim("name", "M").withClaim("username", "admin")
        .sign(Algorithm.HMAC256(secret)));
    // HMAC pads keys with zeros: a one-zero-byte key signs as the empty contents of /dev/null would
    tokens.put("kid ../../dev/null", signed("{\"alg\":\"HS256\",\"kid\":\"../../../../dev/null\"}", payload,
        new byte[1]));
    byte[] attackers = "the-attackers-own-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    tokens.put("jku", signed("{\"alg\":\"HS256\",\"jku\":\"" + keyServer + "/jwks.json\"}", payload, attackers));
    tokens.put("x5u", signed("{\"alg\":\"HS256\",\"x5u\":\"" + keyServer + "/cert.pem\"}", payload, attackers));
    tokens.put("1 MB", valid(userId, now).withClaim("pad", "x".repeat(1024 * 1024)).sign(Algorithm.HMAC256(secret)));
    tokens.put("claims nested 10k deep", header("{\"alg\":\"HS256\"}") + "." + B64.encodeToString(("{\"n\":"
        + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.US_ASCII)) + ".AAAA");
    return tokens;
  }

  private static String header(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String signed(String headerJson, String payload, byte[] key) {
    String input = header(headerJson) + "." + payload;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
