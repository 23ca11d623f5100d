package dev.parley.socketio.server;

/**
 * Answers the client's acknowledgement request of one event; only the first {@link #send} goes out.
 */
public interface Ack {

  /** The ack of an event that asked for none: sending does nothing. */
  Ack NONE = new Ack() {
    @Override
    public void send(Object... args) {}

    @Override
    public boolean isRequested() {
      return false;
    }
  };

  /** Sends the acknowledgement with these arguments ({@code byte[]} values travel as binary attachments). */
  void send(Object... args);

  /** Whether the client asked for an acknowledgement. */
  boolean isRequested();
}
