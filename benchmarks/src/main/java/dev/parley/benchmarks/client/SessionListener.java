package dev.parley.benchmarks.client;

import io.netty.buffer.ByteBuf;

/** Receives what a {@link Session} gets from the server; called on the session's event loop. */
public interface SessionListener {

  /**
   * A Socket.IO packet that is neither a connect nor an acknowledgement, e.g. {@code 2["bench",{...}]}.
   * The buffer is only valid during the call.
   */
  void onPacket(Session session, ByteBuf socketPacket);

  /** The session closed; {@code cause} is null for a normal close. */
  default void onClosed(Session session, Throwable cause) {
    // nothing by default
  }

  /** A listener that ignores every event. */
  SessionListener IGNORE = (session, packet) -> {
    // events are not looked at
  };
}
