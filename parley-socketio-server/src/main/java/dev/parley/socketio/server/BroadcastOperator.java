package dev.parley.socketio.server;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A broadcast target: a namespace narrowed by rooms and exceptions, with modifiers. Instances are immutable values:
 * every modifier returns a new one, so an operator can be kept and reused.
 *
 * <pre>{@code
 * io.to("room1").to("room2").except("room3").emit("news", article);   // each socket once
 * io.timeout(Duration.ofSeconds(5)).emitWithAck("poll").thenAccept(answers -> ...);
 * }</pre>
 */
public interface BroadcastOperator {

  /** Targets the sockets in {@code rooms} too (a socket in several target rooms receives the packet once). */
  BroadcastOperator to(String... rooms);

  /** Same as {@link #to(String...)}. */
  BroadcastOperator to(Collection<String> rooms);

  /** Same as {@link #to(String...)}. */
  default BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  /** Excludes the sockets in {@code rooms}; a socket id is a room, so this also excludes single sockets. */
  BroadcastOperator except(String... rooms);

  /** Same as {@link #except(String...)}. */
  BroadcastOperator except(Collection<String> rooms);

  /** The packet may be dropped for clients that are not ready (the reference's {@code volatile}). */
  BroadcastOperator asVolatile();

  /** Whether to compress the packet when permessage-deflate is on. */
  BroadcastOperator compress(boolean compress);

  /** Only the sockets of this node, even with a cluster adapter. */
  BroadcastOperator local();

  /** How long {@link #emitWithAck} waits for acknowledgements. */
  BroadcastOperator timeout(Duration timeout);

  /** Sends an event to every targeted socket; it is encoded once for all of them. */
  void emit(String event, Object... args);

  /**
   * Sends an event and collects every targeted client's acknowledgement, completing once all answered, or
   * exceptionally with an {@link AckTimeoutException} after the timeout.
   */
  CompletableFuture<List<Args>> emitWithAck(String event, Object... args);

  /** The targeted sockets, on every node. */
  CompletableFuture<List<RemoteSocket>> fetchSockets();

  /** Makes the targeted sockets join rooms. */
  void socketsJoin(String... rooms);

  /** Makes the targeted sockets leave rooms. */
  void socketsLeave(String... rooms);

  /** Disconnects the targeted sockets; {@code close} also closes their connections. */
  void disconnectSockets(boolean close);
}
