package dev.parley.examroom.domain;

import java.util.List;

/**
 * What a command or the clock did to a session: its new state and the events to store and send.
 *
 * @param session the session after the change
 * @param events the events, in order
 */
public record Transition(TestSession session, List<PendingEvent> events) {

  public Transition {
    events = List.copyOf(events);
  }

  /** Whether anything changed. */
  public boolean changed() {
    return !events.isEmpty();
  }
}
