package dev.parley.examroom.domain;

import java.util.List;

/**
 * A test session as stored. Times are epoch milliseconds of the server clock.
 *
 * @param id the session id
 * @param title what the examiner and candidate see
 * @param candidateId the candidate
 * @param examinerId the examiner
 * @param scheduledAt the planned start
 * @param status the state
 * @param part the current part while In Progress or Paused, else {@code null}
 * @param partStartedAt when the current part started
 * @param partDeadlineAt when the current part ends (In Progress)
 * @param pausedRemainingMs the part's remaining time while Paused
 * @param durations the parts' lengths
 * @param countdownSent the last countdown notice sent, in seconds before the start (0: none yet)
 * @param cueTopic the Part 2 cue card's topic
 * @param cuePoints the cue card's points
 * @param nextSeq the sequence number of the next session event
 * @param startedAt when Part 1 started
 * @param endedAt when it completed or was aborted
 * @param version optimistic-lock version
 */
public record TestSession(String id, String title, String candidateId, String examinerId, long scheduledAt,
    SessionStatus status, Part part, Long partStartedAt, Long partDeadlineAt, Long pausedRemainingMs,
    PartDurations durations, int countdownSent, String cueTopic, List<String> cuePoints, long nextSeq,
    Long startedAt, Long endedAt, long version) {

  public TestSession {
    cuePoints = List.copyOf(cuePoints);
  }

  /** Whether {@code userId} takes part (candidate or examiner). */
  public boolean isParticipant(String userId) {
    return candidateId.equals(userId) || examinerId.equals(userId);
  }

  /** The remaining milliseconds of the current part at {@code now} (0 when no part runs). */
  public long remainingMs(long now) {
    if (status == SessionStatus.PAUSED && pausedRemainingMs != null) {
      return pausedRemainingMs;
    }
    if (status == SessionStatus.IN_PROGRESS && partDeadlineAt != null) {
      return Math.max(0, partDeadlineAt - now);
    }
    return 0;
  }

  TestSession with(SessionStatus newStatus, Part newPart, Long started, Long deadline, Long pausedRemaining) {
    return new TestSession(id, title, candidateId, examinerId, scheduledAt, newStatus, newPart, started, deadline,
        pausedRemaining, durations, countdownSent, cueTopic, cuePoints, nextSeq, startedAt, endedAt, version);
  }

  TestSession withCountdownSent(int seconds) {
    return new TestSession(id, title, candidateId, examinerId, scheduledAt, status, part, partStartedAt,
        partDeadlineAt, pausedRemainingMs, durations, seconds, cueTopic, cuePoints, nextSeq, startedAt, endedAt,
        version);
  }

  TestSession withTimes(Long started, Long ended) {
    return new TestSession(id, title, candidateId, examinerId, scheduledAt, status, part, partStartedAt,
        partDeadlineAt, pausedRemainingMs, durations, countdownSent, cueTopic, cuePoints, nextSeq, started, ended,
        version);
  }

  /** The same session with the next sequence number advanced past {@code used} events and a new version. */
  public TestSession afterWrite(int used) {
    return new TestSession(id, title, candidateId, examinerId, scheduledAt, status, part, partStartedAt,
        partDeadlineAt, pausedRemainingMs, durations, countdownSent, cueTopic, cuePoints, nextSeq + used, startedAt,
        endedAt, version + 1);
  }
}
