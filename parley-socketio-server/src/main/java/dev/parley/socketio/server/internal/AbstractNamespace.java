package dev.parley.socketio.server.internal;

import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.BroadcastOperator;
import dev.parley.socketio.server.Namespace;
import dev.parley.socketio.server.RemoteSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A namespace's broadcasting half: every {@link BroadcastOperator} method of a {@link Namespace} starts from the
 * operator that targets all of its sockets. Shared by a namespace, a dynamic group and the server (the main
 * namespace), so the delegation is written once.
 */
abstract class AbstractNamespace implements Namespace {

  /** The operator targeting every socket of this namespace (or group). */
  abstract BroadcastOperatorImpl operator();

  @Override
  public BroadcastOperator to(String... rooms) {
    return operator().to(rooms);
  }

  @Override
  public BroadcastOperator to(Collection<String> rooms) {
    return operator().to(rooms);
  }

  @Override
  public BroadcastOperator except(String... rooms) {
    return operator().except(rooms);
  }

  @Override
  public BroadcastOperator except(Collection<String> rooms) {
    return operator().except(rooms);
  }

  @Override
  public BroadcastOperator asVolatile() {
    return operator().asVolatile();
  }

  @Override
  public BroadcastOperator compress(boolean compress) {
    return operator().compress(compress);
  }

  @Override
  public BroadcastOperator local() {
    return operator().local();
  }

  @Override
  public BroadcastOperator timeout(Duration timeout) {
    return operator().timeout(timeout);
  }

  @Override
  public void emit(String event, Object... args) {
    operator().emit(event, args);
  }

  @Override
  public CompletableFuture<List<Args>> emitWithAck(String event, Object... args) {
    return operator().emitWithAck(event, args);
  }

  @Override
  public CompletableFuture<List<RemoteSocket>> fetchSockets() {
    return operator().fetchSockets();
  }

  @Override
  public void socketsJoin(String... rooms) {
    operator().socketsJoin(rooms);
  }

  @Override
  public void socketsLeave(String... rooms) {
    operator().socketsLeave(rooms);
  }

  @Override
  public void disconnectSockets(boolean close) {
    operator().disconnectSockets(close);
  }
}
