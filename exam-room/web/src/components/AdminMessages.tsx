import type { AdminMessage } from '../types';
import { formatServerTime } from '../lib/format';
import type { SessionLogItem } from '../lib/sessionState';

/** The session's admin messages in seq order, each once (also those that arrived while disconnected). */
export function AdminMessages({ messages }: { messages: AdminMessage[] }) {
  return (
    <section className="panel" aria-labelledby="admin-messages-title">
      <h3 id="admin-messages-title">Messages from the examiner</h3>
      <ol className="message-list" data-testid="admin-messages" aria-live="polite" aria-relevant="additions">
        {messages.map((m) => (
          <li
            key={m.provisional ? `rest-${String(m.id)}` : m.seq}
            className={`message severity-${m.severity}`}
            data-seq={m.provisional ? undefined : m.seq}
            data-severity={m.severity}
          >
            <span className="severity-tag">{m.severity}</span> <span className="message-text">{m.text}</span>
            <small className="muted">
              {m.from ? ` — ${m.from}` : ''} {formatServerTime(m.serverTime)}
            </small>
          </li>
        ))}
      </ol>
      {messages.length === 0 && <p className="muted">No messages yet.</p>}
    </section>
  );
}

/** Status changes, countdowns and the end of the test, in seq order. */
export function SessionLog({ items }: { items: SessionLogItem[] }) {
  return (
    <section className="panel" aria-labelledby="session-log-title">
      <h3 id="session-log-title">Session updates</h3>
      <ol className="event-list" data-testid="session-events">
        {items.map((i) => (
          <li key={i.seq} data-seq={i.seq} data-event={i.event}>
            <small className="muted">{formatServerTime(i.serverTime)}</small> {i.text}
          </li>
        ))}
      </ol>
      {items.length === 0 && <p className="muted">Nothing yet.</p>}
    </section>
  );
}
