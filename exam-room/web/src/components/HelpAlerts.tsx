import { useWebSocket } from '../contexts/WebSocketContext';
import { formatServerTime } from '../lib/format';
import { personName } from '../types';

/** Candidates' "Need help" requests, newest first, until the examiner clears them. */
export function HelpAlerts({ sessionTitle }: { sessionTitle?: (sessionId: string) => string }) {
  const { helpAlerts, clearHelpAlert } = useWebSocket();
  return (
    <section className="panel" aria-labelledby="help-alerts-title">
      <h3 id="help-alerts-title">Help requests</h3>
      <div role="alert" aria-live="assertive">
        <ul className="help-alerts" data-testid="help-alerts" data-count={helpAlerts.length}>
          {[...helpAlerts].reverse().map((h) => (
            <li key={h.key} className="help-alert severity-warning" data-session-id={String(h.sessionId)}>
              <strong>{personName(h.candidate) || 'A candidate'}</strong> needs help
              {sessionTitle ? ` in ${sessionTitle(String(h.sessionId))}` : ''}
              {h.text ? `: ${h.text}` : ''} <small className="muted">{formatServerTime(h.serverTime)}</small>{' '}
              <button type="button" className="link-button" onClick={() => clearHelpAlert(h.key)}>
                Clear
              </button>
            </li>
          ))}
        </ul>
      </div>
      {helpAlerts.length === 0 && <p className="muted">No requests.</p>}
    </section>
  );
}
