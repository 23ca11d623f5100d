package dev.parley.socketio.server.internal;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Groups a broadcast's recipients by event loop so that each loop gets one task for all of its sockets, rather than
 * one task per socket. There are few loops (one per core), so a list of pairs beats a map.
 */
final class LoopBatches {
  private final List<EventLoop> loops = new ArrayList<>(4);
  private final List<List<SocketImpl>> batches = new ArrayList<>(4);

  void add(EventLoop loop, SocketImpl socket) {
    for (int i = 0; i < loops.size(); i++) {
      if (loops.get(i) == loop) {
        batches.get(i).add(socket);
        return;
      }
    }
    loops.add(loop);
    List<SocketImpl> batch = new ArrayList<>();
    batch.add(socket);
    batches.add(batch);
  }

  /** Runs {@code action} for each socket, on its loop, one task per loop. */
  void dispatch(Consumer<SocketImpl> action) {
    for (int i = 0; i < loops.size(); i++) {
      List<SocketImpl> batch = batches.get(i);
      loops.get(i).execute(() -> {
        for (int j = 0; j < batch.size(); j++) {
          action.accept(batch.get(j));
        }
      });
    }
  }
}
