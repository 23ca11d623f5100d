package dev.parley.examroom.domain;

import java.util.Locale;

/** What a user may do. */
public enum Role {
  CANDIDATE, EXAMINER, ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
