package dev.parley.socketio.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.codec.SocketPacket;
import dev.parley.socketio.server.AckTimeoutException;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.BroadcastOperator;
import dev.parley.socketio.server.RemoteSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An immutable broadcast target: namespaces (one, or the children of a dynamic group), rooms, exceptions and
 * flags. Each modifier returns a new operator.
 */
final class BroadcastOperatorImpl implements BroadcastOperator {
  private final Supplier<Collection<NamespaceImpl>> namespaces;
  private final DefaultSocketIoServer server;
  private final Set<String> rooms;
  private final Set<String> except;
  private final BroadcastFlags flags;

  private BroadcastOperatorImpl(Supplier<Collection<NamespaceImpl>> namespaces, DefaultSocketIoServer server,
      Set<String> rooms, Set<String> except, BroadcastFlags flags) {
    this.namespaces = namespaces;
    this.server = server;
    this.rooms = rooms;
    this.except = except;
    this.flags = flags;
  }

  static BroadcastOperatorImpl of(Collection<NamespaceImpl> targets, DefaultSocketIoServer server) {
    List<NamespaceImpl> fixed = List.copyOf(targets);
    return new BroadcastOperatorImpl(() -> fixed, server, Set.of(), Set.of(), BroadcastFlags.DEFAULT);
  }

  static BroadcastOperatorImpl of(Supplier<Collection<NamespaceImpl>> targets, DefaultSocketIoServer server) {
    return new BroadcastOperatorImpl(targets, server, Set.of(), Set.of(), BroadcastFlags.DEFAULT);
  }

  private BroadcastOperatorImpl with(Set<String> newRooms, Set<String> newExcept, BroadcastFlags newFlags) {
    return new BroadcastOperatorImpl(namespaces, server, newRooms, newExcept, newFlags);
  }

  private static Set<String> union(Set<String> a, Collection<String> b) {
    Set<String> set = new LinkedHashSet<>(a);
    set.addAll(b);
    return Collections.unmodifiableSet(set);
  }

  @Override
  public BroadcastOperator to(String... more) {
    return to(Arrays.asList(more));
  }

  @Override
  public BroadcastOperator to(Collection<String> more) {
    return with(union(rooms, more), except, flags);
  }

  @Override
  public BroadcastOperatorImpl except(String... more) {
    return except(Arrays.asList(more));
  }

  @Override
  public BroadcastOperatorImpl except(Collection<String> more) {
    return with(rooms, union(except, more), flags);
  }

  @Override
  public BroadcastOperator asVolatile() {
    return with(rooms, except, flags.withVolatile(true));
  }

  @Override
  public BroadcastOperator compress(boolean compress) {
    return with(rooms, except, flags.withCompress(compress));
  }

  @Override
  public BroadcastOperator local() {
    return with(rooms, except, flags.withLocal(true));
  }

  @Override
  public BroadcastOperator timeout(Duration timeout) {
    return with(rooms, except, flags.withTimeout(timeout));
  }

  private BroadcastOptions options() {
    return new BroadcastOptions(rooms, except, flags);
  }

  @Override
  public void emit(String event, Object... args) {
    JsonValues.checkEmittable(event);
    ArrayNode payload = JsonValues.eventArray(server.mapper(), event, args);
    BroadcastOptions options = options();
    for (NamespaceImpl nsp : namespaces.get()) {
      nsp.adapter().broadcast(SocketPacket.event(nsp.name(), payload), options);
    }
  }

  @Override
  public CompletableFuture<List<Args>> emitWithAck(String event, Object... args) {
    JsonValues.checkEmittable(event);
    ArrayNode payload = JsonValues.eventArray(server.mapper(), event, args);
    BroadcastOptions options = options();
    Collection<NamespaceImpl> targets = namespaces.get();
    AckCollector collector = new AckCollector(server, flags.timeout());
    for (NamespaceImpl nsp : targets) {
      collector.expectServers(nsp.adapter().serverCount());
      nsp.adapter().broadcastWithAck(SocketPacket.event(nsp.name(), payload), options, collector::addClients,
          (socketId, response) -> collector.addResponse(new Args((ArrayNode) response, server.mapper())));
    }
    collector.allSent();
    return collector.result();
  }

  @Override
  public CompletableFuture<List<RemoteSocket>> fetchSockets() {
    BroadcastOptions options = options();
    List<CompletableFuture<List<RemoteSocket>>> parts = new ArrayList<>();
    for (NamespaceImpl nsp : namespaces.get()) {
      parts.add(nsp.adapter().fetchSockets(options).toCompletableFuture().thenApply(details -> {
        List<RemoteSocket> list = new ArrayList<>(details.size());
        details.forEach(d -> list.add(new RemoteSocketImpl(nsp, d)));
        return list;
      }));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<RemoteSocket> all = new ArrayList<>();
      parts.forEach(p -> all.addAll(p.join()));
      return all;
    });
  }

  @Override
  public void socketsJoin(String... newRooms) {
    BroadcastOptions options = options();
    Set<String> set = Set.of(newRooms);
    namespaces.get().forEach(nsp -> nsp.adapter().addSockets(options, set));
  }

  @Override
  public void socketsLeave(String... oldRooms) {
    BroadcastOptions options = options();
    Set<String> set = Set.of(oldRooms);
    namespaces.get().forEach(nsp -> nsp.adapter().delSockets(options, set));
  }

  @Override
  public void disconnectSockets(boolean close) {
    BroadcastOptions options = options();
    namespaces.get().forEach(nsp -> nsp.adapter().disconnectSockets(options, close));
  }

  /**
   * Gathers the acknowledgements of a broadcast across namespaces and servers: complete when every server reported
   * its client count and every counted client answered, or failed at the timeout, as the reference's
   * {@code BroadcastOperator.emit} with an ack does.
   */
  private static final class AckCollector {
    private final CompletableFuture<List<Args>> result = new CompletableFuture<>();
    private final List<Args> responses = new ArrayList<>();
    private final ScheduledFuture<?> timer;
    private int expectedServers;
    private int pendingServerCounts;
    private int reportedServers;
    private int expectedClients;
    private boolean allSent;

    AckCollector(DefaultSocketIoServer server, Duration timeout) {
      this.timer = timeout == null ? null : server.scheduler().schedule(() -> {
        synchronized (this) {
          result.completeExceptionally(new AckTimeoutException(
              "operation has timed out: " + responses.size() + " of " + expectedClients + " acknowledgements"));
        }
      }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    synchronized void expectServers(java.util.concurrent.CompletionStage<Integer> count) {
      pendingServerCounts++;
      count.whenComplete((n, error) -> {
        synchronized (this) {
          pendingServerCounts--;
          expectedServers += error == null ? n : 1;
          check();
        }
      });
    }

    synchronized void addClients(int count) {
      expectedClients += count;
      reportedServers++;
      check();
    }

    synchronized void addResponse(Args response) {
      responses.add(response);
      check();
    }

    synchronized void allSent() {
      allSent = true;
      check();
    }

    private void check() {
      if (allSent && pendingServerCounts == 0 && reportedServers >= expectedServers
          && responses.size() >= expectedClients && !result.isDone()) {
        if (timer != null) {
          timer.cancel(false);
        }
        result.complete(List.copyOf(responses));
      }
    }

    CompletableFuture<List<Args>> result() {
      return result;
    }
  }
}
