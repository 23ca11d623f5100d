package dev.parley.engineio.codec;

import java.util.List;
import java.util.Objects;

/**
 * The handshake data of the {@code open} packet (protocol section "Handshake").
 *
 * <p>The official test suite checks that the JSON has exactly these five keys, so nothing else is ever added.
 *
 * @param sid the session id
 * @param upgrades the transports the client may upgrade to
 * @param pingIntervalMillis the heartbeat interval
 * @param pingTimeoutMillis how long the server waits for a pong
 * @param maxPayload the largest payload or message the server accepts, in bytes
 */
public record OpenPacket(String sid, List<String> upgrades, long pingIntervalMillis, long pingTimeoutMillis,
    long maxPayload) {

  public OpenPacket {
    Objects.requireNonNull(sid, "sid");
    upgrades = List.copyOf(upgrades);
  }

  /** The packet as sent: {@code 0} followed by compact JSON. */
  public String encode() {
    return EnginePacketType.OPEN.wireChar() + json();
  }

  /** The packet as an {@link EnginePacket}. */
  public EnginePacket toEnginePacket() {
    return EnginePacket.of(EnginePacketType.OPEN, json());
  }

  /** The handshake data as compact JSON. */
  public String json() {
    StringBuilder sb = new StringBuilder(128);
    sb.append("{\"sid\":");
    JsonStrings.appendQuoted(sb, sid);
    sb.append(",\"upgrades\":[");
    for (int i = 0; i < upgrades.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      JsonStrings.appendQuoted(sb, upgrades.get(i));
    }
    sb.append("],\"pingInterval\":").append(pingIntervalMillis)
        .append(",\"pingTimeout\":").append(pingTimeoutMillis)
        .append(",\"maxPayload\":").append(maxPayload)
        .append('}');
    return sb.toString();
  }
}
