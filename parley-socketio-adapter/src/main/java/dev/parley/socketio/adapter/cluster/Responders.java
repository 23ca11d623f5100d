package dev.parley.socketio.adapter.cluster;

import java.util.Set;

/**
 * Who must answer a request: a number of nodes (when the backend counts subscribers, as Redis's {@code PUBSUB
 * NUMSUB}), or the known nodes by uid (when nodes count each other by heartbeats, so that a node that leaves can be
 * struck off a pending request instead of making it wait for the timeout).
 *
 * @param count how many answers are expected (the size of {@code uids} when those are known)
 * @param uids the nodes expected to answer, or {@code null} when only their number is known
 */
public record Responders(int count, Set<String> uids) {

  public Responders {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0");
    }
    uids = uids == null ? null : Set.copyOf(uids);
  }

  /** This many nodes, not known by name. */
  public static Responders count(int count) {
    return new Responders(Math.max(0, count), null);
  }

  /** These nodes. */
  public static Responders of(Set<String> uids) {
    return new Responders(uids.size(), uids);
  }

  public boolean isEmpty() {
    return count == 0;
  }
}
