import { useState } from 'react';
import { useSessions, pickCurrentSession } from '../hooks/useSessions';
import { useExamSession } from '../hooks/useExamSession';
import { useWebSocket } from '../contexts/WebSocketContext';
import { StatusBadge } from '../components/StatusBadge';
import { Countdown, StartCountdown } from '../components/Countdown';
import { CueCard } from '../components/CueCard';
import { AdminMessages, SessionLog } from '../components/AdminMessages';
import { Recorder } from '../components/Recorder';
import { sessionTitle } from '../components/SessionList';
import { showCueCard } from '../lib/sessionState';
import { formatBand } from '../lib/band';
import { formatServerTime } from '../lib/format';
import { useStoredResult } from '../hooks/useStoredResult';
import type { Id, ResultPayload, Session } from '../types';

function NeedHelp({ send }: { send(text: string): Promise<{ ok: boolean; error?: string; message?: string }> }) {
  const [text, setText] = useState('');
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const ask = async () => {
    setBusy(true);
    const ack = await send(text.trim());
    setBusy(false);
    if (ack.ok) {
      setState({ ok: true, text: `Help requested at ${new Date().toLocaleTimeString()}. The examiner has been told.` });
      setText('');
    } else {
      setState({ ok: false, text: ack.error === 'offline' ? 'You are offline: the request could not be sent. Try again when the connection is back.' : (ack.message ?? ack.error ?? 'Could not send') });
    }
  };
  return (
    <section className="panel need-help" aria-labelledby="help-title">
      <h3 id="help-title">Problems?</h3>
      <div className="inline-form">
        <label>
          <span className="visually-hidden">What is wrong (optional)</span>
          <input type="text" value={text} onChange={(e) => setText(e.target.value)} placeholder="What is wrong? (optional)" maxLength={500} data-testid="need-help-text" />
        </label>
        <button type="button" className="help-button" onClick={() => void ask()} disabled={busy} data-testid="need-help">
          Need help
        </button>
      </div>
      {state && (
        <p className={state.ok ? 'form-ok' : 'form-error'} role={state.ok ? 'status' : 'alert'} data-testid="need-help-status">
          {state.text}
        </p>
      )}
    </section>
  );
}


export function ResultBand({ result, title = 'Your result' }: { result: ResultPayload; title?: string }) {
  return (
    <section className="panel result" aria-labelledby="result-title" role="status" aria-live="polite">
      <h3 id="result-title">{title}</h3>
      <p className="result-overall">
        Overall band <strong data-testid="result-band">{formatBand(result.overall)}</strong>
      </p>
      <dl className="result-criteria">
        <dt>Fluency and coherence</dt>
        <dd>{formatBand(result.fluency)}</dd>
        <dt>Lexical resource</dt>
        <dd>{formatBand(result.lexical)}</dd>
        <dt>Grammatical range and accuracy</dt>
        <dd>{formatBand(result.grammar)}</dd>
        <dt>Pronunciation</dt>
        <dd>{formatBand(result.pronunciation)}</dd>
      </dl>
    </section>
  );
}

function CandidateSession({ sessionId, fallbackTitle, listed }: { sessionId: Id; fallbackTitle: string; listed?: Session }) {
  const { view, act } = useExamSession(sessionId);
  const { results } = useWebSocket();
  const finished = view.status === 'Completed' || view.status === 'Aborted';
  // Published while this page was closed: ask once the test is over.
  const stored = useStoredResult(sessionId, finished);
  const result = results[String(sessionId)] ?? (stored && stored.published !== false ? stored : null);
  return (
    <div className="session-view">
      <header className="session-header">
        <h1>{view.session ? sessionTitle(view.session) : fallbackTitle}</h1>
        {/* Until join_session answers, the status from the session list: the badge said "Unknown" meanwhile. */}
        <StatusBadge status={view.status ?? listed?.status ?? null} part={view.status ? view.part : (listed?.part ?? null)} />
        {view.joinError && (
          <p className="form-error" role="alert">
            {view.joinError}
          </p>
        )}
      </header>
      <div className="session-top">
        <Countdown timer={view.timer} />
        <StartCountdown countdown={view.startCountdown} />
        {view.ended && (
          <p className="ended" role="status">
            The test has ended ({view.ended.status}
            {view.ended.reason && view.ended.reason.toLowerCase() !== view.ended.status.toLowerCase() ? `: ${view.ended.reason}` : ''}).
          </p>
        )}
      </div>
      {showCueCard(view) && view.cueCard && <CueCard card={view.cueCard} />}
      {result && <ResultBand result={result} />}
      <div className="columns">
        <div>
          {!finished && <NeedHelp send={(text) => act('need_help', text ? { text } : {})} />}
          <Recorder sessionId={sessionId} canRecord={!finished} />
        </div>
        <div>
          <AdminMessages messages={view.adminMessages} />
          <SessionLog items={view.log} />
        </div>
      </div>
      <p className="muted small-print">
        Times are kept by the server; this page shows them counted from when they arrived.{' '}
        {view.timer?.serverTime ? `Last timer update: ${formatServerTime(view.timer.serverTime)} (server time).` : ''}
      </p>
    </div>
  );
}

export function CandidatePage() {
  const { sessions, error } = useSessions();
  const [chosen, setChosen] = useState<string | null>(null);
  if (error && !sessions) {
    return (
      <section className="page">
        <p className="form-error" role="alert">
          {error}
        </p>
      </section>
    );
  }
  if (!sessions) return <p className="muted page">Loading your test…</p>;
  if (sessions.length === 0) {
    return (
      <section className="page">
        <h1>My test</h1>
        <p data-testid="no-session">You have no test scheduled.</p>
      </section>
    );
  }
  const current = sessions.find((s) => String(s.id) === chosen) ?? pickCurrentSession(sessions)!;
  return (
    <section className="page">
      {sessions.length > 1 && (
        <label className="session-picker">
          Test:{' '}
          <select value={String(current.id)} onChange={(e) => setChosen(e.target.value)} data-testid="session-select">
            {sessions.map((s) => (
              <option key={String(s.id)} value={String(s.id)}>
                {sessionTitle(s)} ({s.status ?? 'Scheduled'})
              </option>
            ))}
          </select>
        </label>
      )}
      <CandidateSession key={String(current.id)} sessionId={current.id} fallbackTitle={sessionTitle(current)} listed={current} />
    </section>
  );
}
