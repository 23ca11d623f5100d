package dev.parley.socketio.adapter.cluster;

import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Not every node answered a request in time. Carries what did arrive, as the reference's
 * {@code serverSideEmit} acknowledgement gets its partial responses along with the error.
 */
public final class ClusterTimeoutException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  private final transient List<?> partialResponses;

  public ClusterTimeoutException(String message, List<?> partialResponses) {
    super(message);
    this.partialResponses = List.copyOf(partialResponses);
  }

  /** The answers that arrived before the timeout. */
  public List<?> partialResponses() {
    return partialResponses;
  }
}
