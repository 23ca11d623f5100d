import type { PresenceInfo } from '../contexts/WebSocketContext';
import { formatDateTime, statusLabel } from '../lib/format';
import { personName, type Session } from '../types';

export function sessionTitle(s: Session): string {
  return s.title || `Session ${String(s.id)}`;
}

/** Sessions with their status; the selected one is marked, and a presence dot shows the candidate's connection. */
export function SessionList({
  sessions,
  selectedId,
  onSelect,
  presence,
  actionLabel = 'Open',
}: {
  sessions: Session[];
  selectedId?: string | null;
  onSelect?: (s: Session) => void;
  presence?: Record<string, PresenceInfo>;
  actionLabel?: string;
}) {
  if (sessions.length === 0) {
    return (
      <p className="muted" data-testid="session-list" data-count={0}>
        No sessions.
      </p>
    );
  }
  return (
    <ul className="session-list" data-testid="session-list" data-count={sessions.length}>
      {sessions.map((s) => {
        const id = String(s.id);
        const p = presence?.[id];
        const selected = selectedId === id;
        return (
          <li key={id} className={selected ? 'selected' : undefined} data-testid="session-item" data-session-id={id} data-status={s.status ?? ''} aria-current={selected || undefined}>
            <div className="session-main">
              <strong>{sessionTitle(s)}</strong>
              <span className="status-chip">{statusLabel(s.status ?? 'Scheduled', s.part ?? null)}</span>
            </div>
            <div className="session-meta muted">
              {[
                s.candidate ? `Candidate: ${personName(s.candidate)}` : '',
                s.examiner ? `Examiner: ${personName(s.examiner)}` : '',
                s.scheduledAt ? formatDateTime(s.scheduledAt) : '',
                p ? `candidate ${p.connected ? 'connected' : 'disconnected'}` : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </div>
            {onSelect && (
              <button type="button" className="small" onClick={() => onSelect(s)} data-testid="session-open" aria-pressed={selected}>
                {actionLabel}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
