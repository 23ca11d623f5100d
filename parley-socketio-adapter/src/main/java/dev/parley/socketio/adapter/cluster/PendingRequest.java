package dev.parley.socketio.adapter.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A request sent to the other nodes, collecting their answers until every expected node answered or the timeout
 * struck. Answers arrive on the backend's threads: every change happens under this object's lock.
 *
 * @param <T> the type of one answer (a socket's details, a server-side listener's value)
 */
final class PendingRequest<T> {
  final MessageType type;
  private final List<T> responses;
  private final int expected;
  private final Set<String> missing;
  private int received;
  private final CompletableFuture<List<T>> result = new CompletableFuture<>();
  private ScheduledFuture<?> timer;

  PendingRequest(MessageType type, Responders responders, List<T> initial) {
    this.type = type;
    this.responses = new ArrayList<>(initial);
    this.expected = responders.count();
    this.missing = responders.uids() == null ? null : new HashSet<>(responders.uids());
  }

  CompletableFuture<List<T>> result() {
    return result;
  }

  synchronized void timer(ScheduledFuture<?> value) {
    this.timer = value;
  }

  /**
   * Adds one node's answer.
   *
   * @return whether the request is now complete
   */
  synchronized boolean add(String uid, Collection<? extends T> answer) {
    if (missing != null && !missing.remove(uid)) {
      // a node that was not expected, or answered twice: its answer would be counted for another
      return false;
    }
    responses.addAll(answer);
    received++;
    return isComplete();
  }

  /**
   * Strikes a node that left the cluster off the expected answers.
   *
   * @return whether the request is now complete
   */
  synchronized boolean forget(String uid) {
    return missing != null && missing.remove(uid) && isComplete();
  }

  private boolean isComplete() {
    return missing != null ? missing.isEmpty() : received >= expected;
  }

  synchronized List<T> responses() {
    return List.copyOf(responses);
  }

  synchronized void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  /** Says how far it got, for the timeout's message. */
  synchronized String progress() {
    return missing != null ? "missing " + missing.size() + " responses"
        : "only " + received + " responses received out of " + expected;
  }
}
