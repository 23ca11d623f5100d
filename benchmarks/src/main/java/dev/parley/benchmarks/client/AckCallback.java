package dev.parley.benchmarks.client;

import io.netty.buffer.ByteBuf;

/** Called on the session's event loop when the server acknowledges an event. */
@FunctionalInterface
public interface AckCallback {

  /**
   * @param session the session that emitted the event
   * @param args the ack arguments as sent, a JSON array such as {@code [{"p":"x"}]}; valid only during the call
   */
  void onAck(Session session, ByteBuf args);
}
