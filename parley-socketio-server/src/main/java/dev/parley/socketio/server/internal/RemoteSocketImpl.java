package dev.parley.socketio.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.server.Handshake;
import dev.parley.socketio.server.RemoteSocket;
import java.util.Set;

/** A socket found by {@code fetchSockets()}; its actions go through the adapter, so they reach any node. */
final class RemoteSocketImpl implements RemoteSocket {
  private final NamespaceImpl nsp;
  private final SocketDetails details;
  private final Handshake handshake;

  RemoteSocketImpl(NamespaceImpl nsp, SocketDetails details) {
    this.nsp = nsp;
    this.details = details;
    this.handshake = Handshakes.fromJson(details.handshake());
  }

  @Override
  public String id() {
    return details.id();
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  @Override
  public Set<String> rooms() {
    return details.rooms();
  }

  @Override
  public JsonNode data() {
    return details.data();
  }

  @Override
  public <T> T data(Class<T> type) {
    return nsp.server().mapper().convertValue(details.data(), type);
  }

  @Override
  public void emit(String event, Object... args) {
    nsp.to(details.id()).emit(event, args);
  }

  @Override
  public void join(String... rooms) {
    nsp.adapter().addSockets(BroadcastOptions.rooms(Set.of(details.id())), Set.of(rooms));
  }

  @Override
  public void leave(String... rooms) {
    nsp.adapter().delSockets(BroadcastOptions.rooms(Set.of(details.id())), Set.of(rooms));
  }

  @Override
  public void disconnect(boolean close) {
    nsp.adapter().disconnectSockets(BroadcastOptions.rooms(Set.of(details.id())), close);
  }

  @Override
  public String toString() {
    return "RemoteSocket[" + details.id() + "]";
  }
}
