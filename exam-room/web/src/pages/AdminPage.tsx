import { useEffect, useState, type FormEvent } from 'react';
import { useWebSocket } from '../contexts/WebSocketContext';
import { useSessions } from '../hooks/useSessions';
import { apiJson, listFrom } from '../services/api';
import { SessionList, sessionTitle } from '../components/SessionList';
import { AuditLog } from '../components/AuditLog';
import { AdminMessageForm } from '../components/AdminMessageForm';
import { HelpAlerts } from '../components/HelpAlerts';
import { Link } from '../router';
import type { Ack, Severity, User } from '../types';

function BroadcastForm() {
  const { emit } = useWebSocket();
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState<Severity>('info');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    const ack = await emit<Ack>('broadcast_notice', { text: text.trim(), severity });
    setBusy(false);
    if (ack.ok) {
      setResult({ ok: true, text: severity === 'critical' ? 'Critical notice sent: it stays on every screen until dismissed.' : 'Notice sent.' });
      setText('');
    } else {
      setResult({ ok: false, text: ack.error === 'offline' ? 'Not connected: the notice was not sent.' : (ack.message ?? ack.error ?? 'Not sent') });
    }
  };

  return (
    <form className="panel broadcast-form" onSubmit={submit} aria-labelledby="broadcast-title">
      <h2 id="broadcast-title">Broadcast a notice</h2>
      <label>
        Text
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={1000} data-testid="notice-text" />
      </label>
      <fieldset className="severity-choice">
        <legend>Severity</legend>
        <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} data-testid="notice-severity" aria-label="Severity">
          <option value="info">Info</option>
          <option value="warning">Warning</option>
          <option value="critical">Critical (stays until dismissed, reaches late joiners)</option>
        </select>
      </fieldset>
      <button type="submit" disabled={busy || !text.trim()} data-testid="notice-send">
        Send to everyone
      </button>
      {result && (
        <p className={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'} data-testid="notice-result">
          {result.text}
        </p>
      )}
    </form>
  );
}

function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => n.toString().padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function CreateSessionForm({ onCreated }: { onCreated(): void }) {
  const [users, setUsers] = useState<User[]>([]);
  const [title, setTitle] = useState('Speaking test');
  const [candidateId, setCandidateId] = useState('');
  const [examinerId, setExaminerId] = useState('');
  const [when, setWhen] = useState(() => toLocalInput(Date.now() + 10 * 60_000));
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    apiJson<unknown>('/api/users')
      .then((b) => setUsers(listFrom<User>(b, 'users')))
      .catch(() => setUsers([]));
  }, []);

  const candidates = users.filter((u) => u.role === 'candidate');
  const examiners = users.filter((u) => u.role === 'examiner');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const scheduledAt = new Date(when).getTime();
    if (!candidateId || !examinerId || Number.isNaN(scheduledAt)) {
      setResult({ ok: false, text: 'Choose a candidate, an examiner and a time.' });
      return;
    }
    const byId = (id: string) => users.find((u) => String(u.id) === id)?.id ?? id;
    try {
      await apiJson('/api/sessions', { method: 'POST', json: { title: title.trim() || 'Speaking test', candidateId: byId(candidateId), examinerId: byId(examinerId), scheduledAt } });
      setResult({ ok: true, text: 'Session created.' });
      onCreated();
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : 'Could not create the session' });
    }
  };

  const name = (u: User) => u.displayName ?? u.username;
  return (
    <form className="panel create-session" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">New session</h2>
      <label>
        Title
        <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} data-testid="create-title" />
      </label>
      <label>
        Candidate
        <select value={candidateId} onChange={(e) => setCandidateId(e.target.value)} data-testid="create-candidate">
          <option value="">Choose…</option>
          {candidates.map((u) => (
            <option key={String(u.id)} value={String(u.id)}>
              {name(u)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Examiner
        <select value={examinerId} onChange={(e) => setExaminerId(e.target.value)} data-testid="create-examiner">
          <option value="">Choose…</option>
          {examiners.map((u) => (
            <option key={String(u.id)} value={String(u.id)}>
              {name(u)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Starts at
        <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} data-testid="create-when" />
      </label>
      <button type="submit" data-testid="create-submit">
        Create
      </button>
      {result && (
        <p className={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </form>
  );
}

export function AdminPage() {
  const { sessions, error, reload } = useSessions(15_000);
  const { presence, emit, notices } = useWebSocket();
  const [selected, setSelected] = useState<string | null>(null);
  const session = sessions?.find((s) => String(s.id) === selected) ?? null;

  return (
    <section className="page admin">
      <h1>Administration</h1>
      <div className="columns">
        <div>
          <BroadcastForm />
          {notices.length > 0 && (
            <section className="panel" aria-labelledby="notices-title">
              <h2 id="notices-title">Notices this session</h2>
              <ul className="notice-history" data-testid="notice-history">
                {notices.map((n) => (
                  <li key={String(n.id)} className={`severity-${n.severity}`}>
                    <span className="severity-tag">{n.severity}</span> {n.text}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <HelpAlerts />
          <CreateSessionForm onCreated={() => void reload()} />
        </div>
        <div>
          <section className="panel" aria-labelledby="overview-title">
            <div className="panel-head">
              <h2 id="overview-title">Sessions</h2>
              <button type="button" className="small" onClick={() => void reload()} data-testid="sessions-refresh">
                Refresh
              </button>
            </div>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            {sessions ? (
              <SessionList sessions={sessions} selectedId={selected} onSelect={(s) => setSelected(String(s.id))} presence={presence} actionLabel="Details" />
            ) : (
              <p className="muted">Loading…</p>
            )}
          </section>
          {session && (
            <section className="panel" aria-labelledby="detail-title">
              <div className="panel-head">
                <h2 id="detail-title">{sessionTitle(session)}</h2>
                <Link to={`/examiner?session=${encodeURIComponent(String(session.id))}`} data-testid="open-console">
                  Open in the console
                </Link>
              </div>
              <AdminMessageForm send={(text, severity) => emit('admin_message', { sessionId: String(session.id), text, severity })} />
              <AuditLog key={String(session.id)} sessionId={session.id} />
            </section>
          )}
        </div>
      </div>
    </section>
  );
}
