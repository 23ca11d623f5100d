package dev.parley.engineio.server;

import dev.parley.engineio.server.internal.DefaultEngineServer;
import java.util.Collection;

/**
 * The Engine.IO server: it validates requests, runs handshakes and owns the open sessions.
 *
 * <p>It does not listen on a port by itself; an {@link dev.parley.engineio.server.netty.EngineHttpServer} (or a Netty
 * pipeline of your own, see {@link dev.parley.engineio.server.netty.EngineChannelInitializer}) feeds it requests.
 *
 * <pre>{@code
 * EngineServer engine = EngineServer.create(EngineOptions.builder().build(), socket ->
 *     socket.setHandler(new EngineSocketHandler() {
 *       public void onMessage(String text) { socket.send(text); }   // echo
 *       public void onBinary(byte[] data) { socket.send(data); }
 *       public void onClose(CloseReason reason, String detail) {}
 *     }));
 * }</pre>
 */
public interface EngineServer {

  /** Creates a server; {@code listener} hears of every new session. */
  static EngineServer create(EngineOptions options, EngineListener listener) {
    return new DefaultEngineServer(options, listener);
  }

  EngineOptions options();

  /** The number of open sessions. */
  int clientsCount();

  /** Counters of what the server accepted, refused and closed, for metrics; a live, read-only view. */
  EngineStats stats();

  /** The open sessions, a snapshot. */
  Collection<EngineSocket> sockets();

  /**
   * Refuses new sessions (503) and closes every session with reason {@link CloseReason#SERVER_SHUTTING_DOWN},
   * gracefully: what is queued goes out first, and a polling client gets its close packet on its next poll.
   */
  void close();

  /** Completes once {@link #close()} was called and every session is gone. */
  java.util.concurrent.CompletionStage<Void> closed();
}
