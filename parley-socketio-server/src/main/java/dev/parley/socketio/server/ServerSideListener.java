package dev.parley.socketio.server;

/** Handles an event another server of the cluster sent with {@code serverSideEmit}. */
@FunctionalInterface
public interface ServerSideListener {

  /**
   * @param args the event's arguments
   * @param ack the answer to the sending server, {@link Ack#NONE} when it expects none
   */
  void handle(Args args, Ack ack) throws Exception;
}
