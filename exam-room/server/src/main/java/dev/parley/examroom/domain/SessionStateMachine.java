package dev.parley.examroom.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a test session, as pure functions of (session, command, server time): Scheduled → Waiting →
 * In Progress (Part 1, Part 2 preparation, Part 2 talk, Part 3) → Completed, plus Paused and Aborted.
 *
 * <p>Time only comes in as {@code now}, so the clock (and a test's fake clock) lives outside. {@link #tick} catches
 * up on everything due: a server that was down through two part ends applies both, each part starting at the
 * previous one's deadline rather than at the time the server noticed.
 */
public final class SessionStateMachine {
  /** Countdown notices, in seconds before the scheduled start. */
  public static final int[] COUNTDOWNS = {300, 120, 30};
  /** A countdown notice is still worth sending this long after its moment passed; later it is skipped. */
  static final long COUNTDOWN_LATENESS_MS = 5_000;

  private final long waitingLeadMs;
  private final boolean autoStart;

  /**
   * @param waitingLeadMs how long before the scheduled time a session turns Waiting
   * @param autoStart whether a Waiting session starts by itself at its scheduled time
   */
  public SessionStateMachine(long waitingLeadMs, boolean autoStart) {
    this.waitingLeadMs = waitingLeadMs;
    this.autoStart = autoStart;
  }

  public Transition start(TestSession s, long now, String actor) {
    if (s.status() != SessionStatus.SCHEDULED && s.status() != SessionStatus.WAITING) {
      throw new ConflictException("the test is " + s.status().label());
    }
    return doStart(s, now, actor);
  }

  private Transition doStart(TestSession s, long at, String actor) {
    List<PendingEvent> events = new ArrayList<>();
    TestSession started = s.with(SessionStatus.IN_PROGRESS, Part.PART1, at, at + s.durations().part1(), null)
        .withTimes(at, null);
    events.add(status(started, actor));
    events.add(new PendingEvent("test_started", Map.of("part", Part.PART1.wireName()), actor));
    return new Transition(started, events);
  }

  /** Ends the current part now and starts the next one (or completes the test). */
  public Transition nextPart(TestSession s, long now, String actor) {
    if (s.status() != SessionStatus.IN_PROGRESS && s.status() != SessionStatus.PAUSED) {
      throw new ConflictException("no part is running: the test is " + s.status().label());
    }
    List<PendingEvent> events = new ArrayList<>();
    events.add(new PendingEvent("part_stopped", Map.of("part", s.part().wireName()), actor));
    TestSession next = advance(s, now, actor, events);
    return new Transition(next, events);
  }

  public Transition pause(TestSession s, long now, String actor) {
    if (s.status() != SessionStatus.IN_PROGRESS) {
      throw new ConflictException("only a test in progress can be paused: it is " + s.status().label());
    }
    TestSession paused = s.with(SessionStatus.PAUSED, s.part(), s.partStartedAt(), null,
        Math.max(0, s.partDeadlineAt() - now));
    return new Transition(paused, List.of(status(paused, actor)));
  }

  public Transition resume(TestSession s, long now, String actor) {
    if (s.status() != SessionStatus.PAUSED) {
      throw new ConflictException("only a paused test can be resumed: it is " + s.status().label());
    }
    TestSession resumed = s.with(SessionStatus.IN_PROGRESS, s.part(), s.partStartedAt(),
        now + s.pausedRemainingMs(), null);
    return new Transition(resumed, List.of(status(resumed, actor)));
  }

  public Transition extend(TestSession s, int seconds, long now, String actor) {
    if (seconds < 1 || seconds > 600) {
      throw new IllegalArgumentException("seconds must be between 1 and 600");
    }
    long ms = seconds * 1000L;
    TestSession extended;
    if (s.status() == SessionStatus.IN_PROGRESS) {
      extended = s.with(s.status(), s.part(), s.partStartedAt(), s.partDeadlineAt() + ms, null);
    } else if (s.status() == SessionStatus.PAUSED) {
      extended = s.with(s.status(), s.part(), s.partStartedAt(), null, s.pausedRemainingMs() + ms);
    } else {
      throw new ConflictException("no part is running: the test is " + s.status().label());
    }
    return new Transition(extended, List.of(new PendingEvent("time_extended",
        Map.of("part", s.part().wireName(), "seconds", seconds), actor)));
  }

  public Transition abort(TestSession s, String reason, long now, String actor) {
    if (s.status().isTerminal()) {
      throw new ConflictException("the test is already " + s.status().label());
    }
    TestSession aborted = s.with(SessionStatus.ABORTED, null, null, null, null).withTimes(s.startedAt(), now);
    List<PendingEvent> events = new ArrayList<>();
    events.add(status(aborted, actor));
    Map<String, Object> ended = new LinkedHashMap<>();
    ended.put("status", SessionStatus.ABORTED.label());
    ended.put("reason", "aborted");
    if (reason != null && !reason.isBlank()) {
      ended.put("detail", reason);
    }
    events.add(new PendingEvent("test_ended", ended, actor));
    return new Transition(aborted, events);
  }

  /** Everything the clock makes due at {@code now}: Waiting, countdown notices, automatic start, part ends. */
  public Transition tick(TestSession s, long now) {
    List<PendingEvent> events = new ArrayList<>();
    TestSession current = s;
    if (current.status() == SessionStatus.SCHEDULED && now >= current.scheduledAt() - waitingLeadMs) {
      current = current.with(SessionStatus.WAITING, null, null, null, null);
      events.add(status(current, null));
    }
    if (current.status() == SessionStatus.SCHEDULED || current.status() == SessionStatus.WAITING) {
      current = countdowns(current, now, events);
      if (autoStart && now >= current.scheduledAt()) {
        Transition started = doStart(current, current.scheduledAt(), null);
        events.addAll(started.events());
        current = started.session();
      }
    }
    while (current.status() == SessionStatus.IN_PROGRESS && now >= current.partDeadlineAt()) {
      current = advance(current, current.partDeadlineAt(), null, events);
    }
    return new Transition(current, events);
  }

  private TestSession countdowns(TestSession s, long now, List<PendingEvent> events) {
    TestSession current = s;
    long msToStart = s.scheduledAt() - now;
    for (int threshold : COUNTDOWNS) {
      long thresholdMs = threshold * 1000L;
      boolean alreadySent = current.countdownSent() != 0 && current.countdownSent() <= threshold;
      if (alreadySent || msToStart > thresholdMs) {
        continue;
      }
      if (msToStart >= thresholdMs - COUNTDOWN_LATENESS_MS) {
        events.add(new PendingEvent("countdown", Map.of("secondsToStart", threshold,
            "message", countdownMessage(threshold)), null));
      }
      current = current.withCountdownSent(threshold);
    }
    return current;
  }

  /** "Test starting in 5 minutes", "in 2 minutes", "in 30 seconds". */
  public static String countdownMessage(int seconds) {
    if (seconds % 60 == 0) {
      int minutes = seconds / 60;
      return "Test starting in " + minutes + (minutes == 1 ? " minute" : " minutes");
    }
    return "Test starting in " + seconds + " seconds";
  }

  private TestSession advance(TestSession s, long at, String actor, List<PendingEvent> events) {
    Part next = s.part().next();
    if (next == null) {
      TestSession done = s.with(SessionStatus.COMPLETED, null, null, null, null).withTimes(s.startedAt(), at);
      events.add(status(done, actor));
      events.add(new PendingEvent("test_ended",
          Map.of("status", SessionStatus.COMPLETED.label(), "reason", "completed"), actor));
      return done;
    }
    TestSession moved = s.with(SessionStatus.IN_PROGRESS, next, at, at + s.durations().of(next), null);
    events.add(status(moved, actor));
    if (next == Part.PART2_PREP) {
      events.add(new PendingEvent("cue_card", Map.of("topic", s.cueTopic(), "points", s.cuePoints()), actor));
    }
    return moved;
  }

  private static PendingEvent status(TestSession s, String actor) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("status", s.status().label());
    if (s.part() != null) {
      payload.put("part", s.part().wireName());
    }
    return new PendingEvent("test_status", payload, actor);
  }
}
