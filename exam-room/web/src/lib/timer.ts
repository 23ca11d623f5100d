import { monotonicNow, type MonotonicClock } from './clock';

/** A timer_update (or the timer of a join_session snapshot) as the server sent it. */
export interface TimerPayload {
  sessionId?: string | number;
  part?: string | null;
  status?: string;
  remainingMs?: number | null;
  partDurationMs?: number | null;
  running?: boolean;
  serverTime?: number;
  /** before the test: how long until the scheduled start */
  msToStart?: number | null;
}

/** The timer as the client keeps it: the server's remaining time and the monotonic time it was received at. */
export interface TimerState {
  part: string | null;
  status: string | null;
  remainingMs: number;
  partDurationMs: number | null;
  running: boolean;
  serverTime: number | null;
  /** before the test (no part yet): the time to the scheduled start, counting down like remainingMs */
  msToStart: number | null;
  /** monotonic clock reading when this value arrived */
  receivedAt: number;
}

/** Takes a timer payload as received now; returns null when it carries no remaining time. */
export function receiveTimer(payload: TimerPayload | null | undefined, now: MonotonicClock = monotonicNow): TimerState | null {
  if (!payload || typeof payload.remainingMs !== 'number' || !Number.isFinite(payload.remainingMs)) return null;
  return {
    part: payload.part ?? null,
    status: payload.status ?? null,
    remainingMs: Math.max(0, payload.remainingMs),
    partDurationMs: typeof payload.partDurationMs === 'number' ? payload.partDurationMs : null,
    running: payload.running !== false,
    serverTime: typeof payload.serverTime === 'number' ? payload.serverTime : null,
    msToStart: typeof payload.msToStart === 'number' && payload.msToStart > 0 ? payload.msToStart : null,
    receivedAt: now(),
  };
}

/**
 * The remaining time to show at monotonic time `at`: the server's value less what elapsed since it arrived, when the
 * timer runs; the server's value unchanged when it is paused. Neither the server's nor the client's wall clock is
 * used, so a client whose Date.now() is hours off shows the same countdown.
 */
export function remainingAt(timer: TimerState, at: number = monotonicNow()): number {
  if (!timer.running) return timer.remainingMs;
  return Math.max(0, timer.remainingMs - Math.max(0, at - timer.receivedAt));
}

/** The time to the scheduled start at monotonic time `at` (it runs whether or not a part timer does). */
export function msToStartAt(timer: TimerState, at: number = monotonicNow()): number | null {
  if (timer.msToStart === null) return null;
  return Math.max(0, timer.msToStart - Math.max(0, at - timer.receivedAt));
}

/**
 * Polite screen-reader milestones for the countdown: each whole minute, 30 s and 10 s. Returns the announcement for
 * the milestone reached at `remainingMs`, or null between milestones, so a live region does not speak every second.
 */
export function countdownMilestone(remainingMs: number): string | null {
  const s = Math.ceil(remainingMs / 1000);
  if (s <= 0) return 'Time is up';
  if (s === 30) return '30 seconds remaining';
  if (s === 10) return '10 seconds remaining';
  if (s % 60 === 0) {
    const m = s / 60;
    return `${m} minute${m === 1 ? '' : 's'} remaining`;
  }
  return null;
}
