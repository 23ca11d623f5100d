package dev.parley.benchmarks.client;

import java.util.Locale;

/** How a generated client reaches the server: WebSocket from the first request, or HTTP long-polling only. */
public enum Transport {
  WEBSOCKET("websocket"),
  POLLING("polling");

  private final String wireName;

  Transport(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the {@code transport} query parameter, also used in result files. */
  public String wireName() {
    return wireName;
  }

  /** Parses {@code websocket}, {@code ws}, {@code polling} (any case). */
  public static Transport parse(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "websocket", "ws" -> WEBSOCKET;
      case "polling", "poll" -> POLLING;
      default -> throw new IllegalArgumentException("unknown transport: " + s);
    };
  }
}
