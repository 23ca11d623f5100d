package dev.parley.socketio.server;

/** Hears every event of a socket, incoming ({@code onAny}) or outgoing ({@code onAnyOutgoing}). */
@FunctionalInterface
public interface AnyListener {
  void onEvent(String event, Args args);
}
