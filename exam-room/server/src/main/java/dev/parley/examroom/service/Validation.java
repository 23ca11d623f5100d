package dev.parley.examroom.service;

import java.util.Set;

/** Checks of user-supplied values, with the messages clients see. */
public final class Validation {
  private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

  private Validation() {}

  /** Trimmed text of 1 to {@code max} characters. */
  public static String text(String value, int max) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid("text is required");
    }
    String trimmed = value.strip();
    if (trimmed.length() > max) {
      throw ApiException.invalid("text is limited to " + max + " characters");
    }
    return trimmed;
  }

  public static String severity(String value) {
    String s = value == null ? "info" : value;
    if (!SEVERITIES.contains(s)) {
      throw ApiException.invalid("severity must be info, warning or critical");
    }
    return s;
  }
}
