package dev.parley.engineio.server.internal;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session and socket ids: 15 random bytes as 20 characters of base64url, the shape of the reference's
 * {@code base64id}. The ids are bearer credentials for polling requests, so they come from a {@link SecureRandom}
 * (one per thread, to avoid contention on a shared one).
 */
public final class SidGenerator {
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private SidGenerator() {}

  /** A new id. */
  public static String next() {
    byte[] bytes = new byte[15];
    RANDOM.get().nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
