import { useEffect, useState } from 'react';
import { pickCurrentSession, useSessions } from '../hooks/useSessions';
import { useExamSession } from '../hooks/useExamSession';
import { useWebSocket } from '../contexts/WebSocketContext';
import { navigate, useLocation } from '../router';
import { SessionList, sessionTitle } from '../components/SessionList';
import { StatusBadge } from '../components/StatusBadge';
import { Countdown, StartCountdown } from '../components/Countdown';
import { CandidatePresence } from '../components/Presence';
import { HelpAlerts } from '../components/HelpAlerts';
import { CueCard } from '../components/CueCard';
import { AdminMessages, SessionLog } from '../components/AdminMessages';
import { AdminMessageForm } from '../components/AdminMessageForm';
import { ScoringForm } from '../components/ScoringForm';
import { RecordingPlayer } from '../components/RecordingPlayer';
import { AuditLog } from '../components/AuditLog';
import { ResultBand } from './CandidatePage';
import { showCueCard } from '../lib/sessionState';
import { useStoredResult } from '../hooks/useStoredResult';
import { personName, type Ack, type Id, type Session } from '../types';

interface ControlResult {
  ok: boolean;
  text: string;
}

const ERROR_TEXT: Record<string, string> = {
  forbidden: 'You may not do this.',
  conflict: 'Not possible in the current state of the test.',
  offline: 'Not connected to the server: nothing was changed.',
  timeout: 'The server did not answer: check the status before trying again.',
  unavailable: 'The server could not store the change (database unavailable): nothing was changed.',
  rate_limited: 'Too many requests; wait a moment.',
  invalid: 'The server rejected the request as invalid.',
  not_found: 'The session no longer exists.',
};

function ackText(ack: Ack, okText: string): ControlResult {
  if (ack.ok) return { ok: true, text: okText };
  return { ok: false, text: `${ERROR_TEXT[ack.error ?? ''] ?? 'Failed.'}${ack.message ? ` (${ack.message})` : ''}` };
}

function ExaminerSession({ session }: { session: Session }) {
  const { view, act } = useExamSession(session.id);
  const { presence, results, emit } = useWebSocket();
  const [extendSeconds, setExtendSeconds] = useState('60');
  const [abortReason, setAbortReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ControlResult | null>(null);
  const id = String(session.id);
  const status = view.status ?? session.status ?? null;
  const running = status === 'In Progress';
  const paused = status === 'Paused';
  const before = status === null || status === 'Scheduled' || status === 'Waiting';
  const finished = status === 'Completed' || status === 'Aborted';
  const stored = useStoredResult(session.id, results[id]);
  const published = results[id] ?? (stored?.published ? stored : null);
  // Whether the score was first saved on this page. The scoring form is remounted (key) to show a score stored
  // earlier, whose GET answers after the first render; but a score saved here and then published also turns up as
  // `stored` (reloaded on result_published), and remounting then wiped the form's "Result published" confirmation.
  const [scoredHere, setScoredHere] = useState(false);

  const run = async (event: string, okText: string, extra?: Record<string, unknown>) => {
    setBusy(true);
    setResult(null);
    const ack = await act(event, extra);
    setBusy(false);
    setResult(ackText(ack, okText));
  };

  const seconds = Number(extendSeconds);
  const extendValid = Number.isInteger(seconds) && seconds >= 1 && seconds <= 600;
  const candidate = session.candidate ? personName(session.candidate) : '';

  return (
    <div className="session-view">
      <header className="session-header">
        <h1>{view.session ? sessionTitle(view.session) : sessionTitle(session)}</h1>
        <StatusBadge status={status} part={view.part ?? session.part ?? null} />
        <span className="presence-box">
          Candidate{candidate ? ` ${candidate}` : ''}: <CandidatePresence info={presence[id]} />
        </span>
        {view.joinError && (
          <p className="form-error" role="alert">
            {view.joinError}
          </p>
        )}
      </header>
      <div className="session-top">
        <Countdown timer={view.timer} />
        <StartCountdown countdown={view.startCountdown} />
      </div>
      <section className="panel controls" aria-labelledby="controls-title">
        <h3 id="controls-title">Test controls</h3>
        <div className="button-row">
          <button type="button" onClick={() => void run('start_test', 'Test started.')} disabled={busy || !before} data-testid="examiner-start">
            Start test
          </button>
          <button type="button" onClick={() => void run('next_part', 'Moved on.')} disabled={busy || !(running || paused)} data-testid="examiner-next-part">
            End part / next part
          </button>
          <button type="button" onClick={() => void run('pause_test', 'Paused.')} disabled={busy || !running} data-testid="examiner-pause">
            Pause
          </button>
          <button type="button" onClick={() => void run('resume_test', 'Resumed.')} disabled={busy || !paused} data-testid="examiner-resume">
            Resume
          </button>
        </div>
        <div className="button-row">
          <label>
            Extend by{' '}
            <input
              type="number"
              min={1}
              max={600}
              step={1}
              value={extendSeconds}
              onChange={(e) => setExtendSeconds(e.target.value)}
              className="short"
              data-testid="extend-seconds"
            />{' '}
            s
          </label>
          <button
            type="button"
            onClick={() => void run('extend_time', `Extended by ${seconds} s.`, { seconds })}
            disabled={busy || !extendValid || !(running || paused)}
            data-testid="examiner-extend"
          >
            Extend
          </button>
        </div>
        <div className="button-row">
          <label>
            Reason{' '}
            <input type="text" value={abortReason} onChange={(e) => setAbortReason(e.target.value)} placeholder="Why the test is stopped" maxLength={300} data-testid="abort-reason" />
          </label>
          <button
            type="button"
            className="danger"
            onClick={() => void run('abort_test', 'Test aborted.', { reason: abortReason.trim() || 'Aborted by the examiner' })}
            disabled={busy || finished}
            data-testid="examiner-abort"
          >
            Abort test
          </button>
        </div>
        {result && (
          <p className={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'} data-testid="control-result">
            {result.text}
          </p>
        )}
      </section>
      {showCueCard(view) && view.cueCard && <CueCard card={view.cueCard} />}
      <div className="columns">
        <div>
          <section className="panel" aria-labelledby="send-title">
            <h3 id="send-title">Message the candidate</h3>
            <AdminMessageForm send={(text, severity) => emit('admin_message', { sessionId: String(session.id), text, severity })} />
          </section>
          <AdminMessages messages={view.adminMessages} />
          <SessionLog items={view.log} />
        </div>
        <div>
          <ScoringForm
            key={stored && !scoredHere ? 'stored' : 'new'}
            initial={stored ?? undefined}
            onSubmit={async (scores) => {
              const ack = await act('score_test', scores);
              if (ack.ok && !stored) setScoredHere(true);
              return ack;
            }}
            onPublish={() => act('publish_result')}
          />
          {published && <ResultBand result={published} title="Published result" />}
          <RecordingPlayer sessionId={session.id} autoLoad={finished} />
          <AuditLog sessionId={session.id} reloadKey={view.log.length} />
        </div>
      </div>
    </div>
  );
}

export function ExaminerPage() {
  const { sessions, error, reload } = useSessions(30_000);
  const { presence } = useWebSocket();
  const { search } = useLocation();
  const selectedId = search.get('session');
  const selected = sessions?.find((s) => String(s.id) === selectedId) ?? null;
  const titleOf = (sid: string) => {
    const s = sessions?.find((x) => String(x.id) === sid);
    return s ? sessionTitle(s) : `session ${sid}`;
  };
  const select = (id: Id, replace = false) => navigate(`/examiner?session=${encodeURIComponent(String(id))}`, { replace });

  // Nothing chosen yet: open the session under way (or the next one).
  useEffect(() => {
    if (selectedId || !sessions || sessions.length === 0) return;
    const current = pickCurrentSession(sessions);
    if (current) select(current.id, true);
  }, [selectedId, sessions]);

  return (
    <section className="page examiner">
      <aside className="sidebar">
        <div className="panel-head">
          <h2>Sessions</h2>
          <button type="button" className="small" onClick={() => void reload()} data-testid="sessions-refresh">
            Refresh
          </button>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {sessions ? <SessionList sessions={sessions} selectedId={selectedId} onSelect={(s) => select(s.id)} presence={presence} /> : <p className="muted">Loading…</p>}
        <HelpAlerts sessionTitle={titleOf} />
      </aside>
      <div className="content">
        {selected ? (
          <ExaminerSession key={String(selected.id)} session={selected} />
        ) : (
          <p className="muted">{sessions && sessions.length > 0 ? 'Choose a session.' : ''}</p>
        )}
      </div>
    </section>
  );
}
