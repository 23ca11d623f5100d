package dev.parley.socketio.adapter;

import java.time.Duration;

/**
 * Modifiers of a broadcast.
 *
 * @param isVolatile the packet may be dropped when a client is not ready to receive it
 * @param compress whether to compress the packet (WebSocket permessage-deflate, when enabled)
 * @param local only the sockets of this node, even with a cluster adapter
 * @param timeout how long to wait for acknowledgements, or {@code null} to wait without limit
 */
public record BroadcastFlags(boolean isVolatile, boolean compress, boolean local, Duration timeout) {

  /** No modifier: reliable, compressible, cluster-wide, no timeout. */
  public static final BroadcastFlags DEFAULT = new BroadcastFlags(false, true, false, null);

  public BroadcastFlags withVolatile(boolean value) {
    return new BroadcastFlags(value, compress, local, timeout);
  }

  public BroadcastFlags withCompress(boolean value) {
    return new BroadcastFlags(isVolatile, value, local, timeout);
  }

  public BroadcastFlags withLocal(boolean value) {
    return new BroadcastFlags(isVolatile, compress, value, timeout);
  }

  public BroadcastFlags withTimeout(Duration value) {
    if (value != null && (value.isNegative() || value.isZero())) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    return new BroadcastFlags(isVolatile, compress, local, value);
  }
}
