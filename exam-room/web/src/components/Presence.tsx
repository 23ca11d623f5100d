import type { PresenceInfo } from '../contexts/WebSocketContext';
import { useNow } from '../hooks/useNow';
import { serverClock } from '../lib/clock';
import { formatElapsed } from '../lib/format';

/** How long the candidate has been away: from the server's `since` on the server's clock, else from receive time. */
export function disconnectedForMs(info: PresenceInfo, now: number, serverNow: number | null): number {
  if (info.since !== null && serverNow !== null) return Math.max(0, serverNow - info.since);
  return Math.max(0, now - info.receivedAt);
}

/** The examiner's view of the candidate: "Connected" or "Disconnected m:ss". */
export function CandidatePresence({ info }: { info: PresenceInfo | undefined }) {
  const now = useNow(1000, Boolean(info && !info.connected));
  let text = 'Not joined yet';
  let state = 'unknown';
  if (info?.connected) {
    text = 'Connected';
    state = 'connected';
  } else if (info) {
    text = `Disconnected ${formatElapsed(disconnectedForMs(info, now, serverClock.serverNow()))}`;
    state = 'disconnected';
  }
  return (
    <span className={`presence presence-${state}`}>
      <span data-testid="candidate-presence" data-state={state}>
        {text}
      </span>
      <span className="visually-hidden" role="status" aria-live="polite">
        {state === 'connected' ? 'Candidate connected' : state === 'disconnected' ? 'Candidate disconnected' : ''}
      </span>
    </span>
  );
}
