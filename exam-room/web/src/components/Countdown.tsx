import { useEffect, useRef, useState } from 'react';
import { useNow } from '../hooks/useNow';
import { countdownMilestone, msToStartAt, remainingAt, type TimerState } from '../lib/timer';
import { formatMmSs, partLabel } from '../lib/format';
import type { StartCountdown as StartCountdownState } from '../lib/sessionState';

/**
 * The part timer (before the test: the time to the start), rendered from the moment the server's value arrived,
 * never from the client's wall clock. The digits are not a live region; a separate polite region announces each
 * minute, 30 s and 10 s.
 */
export function Countdown({ timer }: { timer: TimerState | null }) {
  const beforeStart = Boolean(timer && !timer.part && timer.msToStart !== null);
  const now = useNow(250, Boolean(timer?.running) || beforeStart);
  const remaining = !timer ? null : beforeStart ? msToStartAt(timer, now) : timer.part ? remainingAt(timer, now) : null;
  const [announcement, setAnnouncement] = useState('');
  const last = useRef<string | null>(null);

  useEffect(() => {
    if (remaining === null) return;
    const m = countdownMilestone(remaining);
    if (m && m !== last.current) {
      last.current = m;
      setAnnouncement(m);
    }
  }, [remaining]);

  if (!timer || remaining === null) {
    return (
      <div className="countdown idle">
        <span className="countdown-digits" data-testid="countdown" data-running="false" role="timer" aria-label="No timer running">
          –:––
        </span>
      </div>
    );
  }
  const fraction = !beforeStart && timer.partDurationMs ? Math.min(1, Math.max(0, remaining / timer.partDurationMs)) : null;
  const running = beforeStart || timer.running;
  return (
    <div className={`countdown${running ? '' : ' paused'}${!beforeStart && remaining <= 30_000 ? ' low' : ''}`}>
      <span className="countdown-label">{beforeStart ? 'Test starts in' : `${partLabel(timer.part) || 'Time'} remaining`}</span>
      <span
        className="countdown-digits"
        data-testid="countdown"
        data-mode={beforeStart ? 'start' : 'part'}
        data-running={String(running)}
        data-remaining-ms={Math.round(remaining)}
        role="timer"
        aria-live="off"
      >
        {formatMmSs(remaining)}
      </span>
      {!running && <span className="countdown-paused">paused</span>}
      {fraction !== null && <progress className="countdown-progress" max={1} value={fraction} aria-hidden="true" />}
      <span className="visually-hidden" role="status" aria-live="polite" data-testid="countdown-announcement">
        {announcement}
      </span>
    </div>
  );
}

/** The last `countdown` notice before the start ("Test starting in 2 minutes"). */
export function StartCountdown({ countdown }: { countdown: StartCountdownState | null }) {
  if (!countdown) return null;
  return (
    <p className="start-countdown" data-testid="start-countdown" data-seconds-to-start={countdown.secondsToStart}>
      {countdown.message}
    </p>
  );
}
