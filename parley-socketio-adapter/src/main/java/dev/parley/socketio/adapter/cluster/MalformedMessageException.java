package dev.parley.socketio.adapter.cluster;

/**
 * A message from the cluster's channel that is not what the protocol allows: bytes that are neither JSON nor
 * MessagePack, a value of the wrong shape, a size or depth past the limits. Checked, so that every receiving path has
 * to decide what to do with it: log it and drop the message (package rule 4), never let it reach the caller.
 */
public final class MalformedMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message, null, false, false);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
