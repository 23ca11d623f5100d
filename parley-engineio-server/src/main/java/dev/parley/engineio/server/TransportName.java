package dev.parley.engineio.server;

/** The two Engine.IO v4 transports, with the names used in the {@code transport} query parameter. */
public enum TransportName {
  POLLING("polling"),
  WEBSOCKET("websocket");

  private final String wireName;

  TransportName(String wireName) {
    this.wireName = wireName;
  }

  /** The name in query strings and in the handshake's {@code upgrades} list. */
  public String wireName() {
    return wireName;
  }

  /** The transport with this wire name, or {@code null}; lookup is exact, so {@code __proto__} is simply unknown. */
  public static TransportName fromWireName(String name) {
    if ("polling".equals(name)) {
      return POLLING;
    }
    if ("websocket".equals(name)) {
      return WEBSOCKET;
    }
    return null;
  }
}
