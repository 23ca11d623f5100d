package dev.parley.examroom.realtime;

import java.util.Map;

/** The text of seed 000's generic {@code update} notification for each session event. */
final class Updates {
  private Updates() {}

  static String messageFor(String type, Map<String, Object> e) {
    return switch (type) {
      case "countdown" -> (String) e.get("message");
      case "test_status" -> "Test status: " + e.get("status") + partSuffix(e.get("part"));
      case "test_ended" -> "completed".equals(e.get("reason")) ? "The test is complete" : "The test was stopped";
      case "time_extended" -> "Time extended by " + e.get("seconds") + " seconds";
      default -> null;
    };
  }

  private static String partSuffix(Object part) {
    if (part == null) {
      return "";
    }
    return switch ((String) part) {
      case "part1" -> " – Part 1";
      case "part2_prep" -> " – Part 2 (preparation)";
      case "part2_talk" -> " – Part 2";
      case "part3" -> " – Part 3";
      default -> "";
    };
  }
}
