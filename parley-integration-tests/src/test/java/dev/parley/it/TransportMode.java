package dev.parley.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The three ways the official client connects: polling only, WebSocket only, polling then upgrade. */
enum TransportMode {
  POLLING(Map.of("transports", List.of("polling"))),
  WEBSOCKET(Map.of("transports", List.of("websocket"))),
  UPGRADE(Map.of("transports", List.of("polling", "websocket")));

  private final Map<String, Object> options;

  TransportMode(Map<String, Object> options) {
    this.options = options;
  }

  /** The client options of this mode, plus {@code extra}. */
  Map<String, Object> with(Map<String, ?> extra) {
    Map<String, Object> all = new HashMap<>(options);
    all.putAll(extra);
    return all;
  }

  Map<String, Object> options() {
    return options;
  }

  /** The transport the client ends on. */
  String finalTransport() {
    return this == POLLING ? "polling" : "websocket";
  }
}
