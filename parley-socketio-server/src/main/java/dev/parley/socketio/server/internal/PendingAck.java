package dev.parley.socketio.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * An emit waiting for its acknowledgement. Lives in its socket's ack map, on the socket's event loop, with its timer
 * (scheduled on that same loop).
 */
final class PendingAck {

  /** Where the outcome goes. */
  interface Sink {
    void acknowledged(ArrayNode args);

    void failed(Throwable error);
  }

  final Sink sink;
  ScheduledFuture<?> timer;

  PendingAck(Sink sink) {
    this.sink = sink;
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
