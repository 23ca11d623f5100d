import { useWebSocket } from '../contexts/WebSocketContext';
import { formatServerTime } from '../lib/format';

/** Sticky (critical) broadcast notices: they stay until the user dismisses them. */
export function NoticeStack() {
  const { notices, dismissNotice } = useWebSocket();
  const sticky = notices.filter((n) => n.sticky || n.severity === 'critical');
  if (sticky.length === 0) return null;
  return (
    <section className="notice-stack" aria-label="Critical notices" data-testid="critical-notices">
      {sticky.map((n) => (
        <div key={String(n.id)} className={`notice severity-${n.severity}`} role="alert" data-testid="critical-notice" data-notice-id={String(n.id)} data-severity={n.severity}>
          <div className="notice-body">
            <strong className="severity-tag">{n.severity}</strong> <span data-testid="critical-notice-text">{n.text}</span>
            <small className="muted">
              {n.from ? ` — ${n.from}` : ''} {formatServerTime(n.serverTime)}
            </small>
          </div>
          <button type="button" onClick={() => dismissNotice(n.id)} data-testid="notice-dismiss" aria-label={`Dismiss notice: ${n.text}`}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
