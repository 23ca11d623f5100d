package dev.parley.socketio.server;

/** Handles one event from a client. An exception is logged and reported to the socket's error listeners. */
@FunctionalInterface
public interface EventHandler {

  /**
   * @param args the event's arguments
   * @param ack the acknowledgement to answer, {@link Ack#NONE} when the client asked for none
   */
  void handle(Args args, Ack ack) throws Exception;
}
