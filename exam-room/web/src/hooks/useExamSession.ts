/**
 * One test session as a participant sees it. After every (re)connection it sends join_session {sessionId, lastSeq}
 * and applies the answer: the missed seq events in order (each seq once) and then the snapshot, the server's values.
 * Live seq events that arrive while the answer is awaited are held back and merged with the replay.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useWebSocket } from '../contexts/WebSocketContext';
import { isSeqEvent, mergeReplay, SeqTracker, SEQ_EVENTS, type SeqEvent } from '../lib/seq';
import { emptySessionView, sessionReducer, type SessionAction, type SessionView } from '../lib/sessionState';
import { serverClock } from '../lib/clock';
import type { Ack, Id, Session } from '../types';
import type { TimerPayload } from '../lib/timer';

interface JoinAck extends Ack {
  session?: Session;
  timer?: TimerPayload;
  events?: unknown[];
}

export interface ExamSession {
  view: SessionView;
  lastSeq: number;
  /** emits a session action with {sessionId} added; resolves with the server's answer */
  act(event: string, extra?: Record<string, unknown>): Promise<Ack>;
  resync(): void;
}

function reducer(state: SessionView, action: SessionAction): SessionView {
  return sessionReducer(state, action);
}

function readPresence(session: Session | undefined): { connected: boolean; since: number | null } | null {
  if (!session) return null;
  const s = session as Record<string, unknown>;
  const p = (s.candidatePresence ?? s.presence) as Record<string, unknown> | undefined;
  if (p && typeof p === 'object' && typeof p.connected === 'boolean') {
    return { connected: p.connected, since: typeof p.since === 'number' ? p.since : null };
  }
  if (typeof s.candidateConnected === 'boolean') {
    return { connected: s.candidateConnected, since: typeof s.candidateSince === 'number' ? s.candidateSince : null };
  }
  return null;
}

export function useExamSession(sessionId: Id | null | undefined): ExamSession {
  const ws = useWebSocket();
  const { subscribe, onConnect, emit, setPresence } = ws;
  const [view, dispatch] = useReducer(reducer, emptySessionView);
  const tracker = useRef(new SeqTracker());
  const joinCounter = useRef(0);
  const joining = useRef(false);
  const buffered = useRef<SeqEvent[]>([]);

  useEffect(() => {
    if (sessionId === null || sessionId === undefined || sessionId === '') return;
    const sid = String(sessionId);
    tracker.current.reset();
    buffered.current = [];
    joining.current = false;
    dispatch({ type: 'RESET' });
    let active = true;

    const join = async () => {
      const mine = ++joinCounter.current;
      joining.current = true;
      const ack = await emit<JoinAck>('join_session', { sessionId: sid, lastSeq: tracker.current.lastSeq });
      if (!active || mine !== joinCounter.current) return;
      joining.current = false;
      const held = buffered.current;
      buffered.current = [];
      if (!ack.ok) {
        // Apply what arrived live anyway; the next (re)connection joins again.
        const live = mergeReplay(tracker.current, [], held);
        if (live.length) dispatch({ type: 'EVENTS', events: live });
        if (ack.error !== 'offline') dispatch({ type: 'JOIN_ERROR', message: ack.message ?? ack.error ?? 'Could not join the session' });
        return;
      }
      const events = mergeReplay(tracker.current, Array.isArray(ack.events) ? ack.events : [], held);
      if (events.length) dispatch({ type: 'EVENTS', events });
      serverClock.observe(ack.timer?.serverTime ?? (ack.session as Record<string, unknown> | undefined)?.serverTime);
      dispatch({ type: 'SNAPSHOT', session: ack.session ?? null, timer: ack.timer });
      const p = readPresence(ack.session);
      if (p) setPresence(sid, p);
    };

    const offs: Array<() => void> = [onConnect(() => void join())];
    for (const name of SEQ_EVENTS) {
      offs.push(
        subscribe(name, (payload, meta) => {
          if (!payload || String(payload.sessionId) !== sid || !isSeqEvent(name)) return;
          const seq = payload.seq === undefined || payload.seq === null ? NaN : Number(payload.seq);
          if (!Number.isFinite(seq)) {
            // The REST fallback's copy of an admin message has no seq: shown once, placed when the replay comes.
            if (name === 'admin_message' && meta.source === 'rest') dispatch({ type: 'REST_MESSAGE', message: { ...payload, seq: NaN } });
            return;
          }
          const event: SeqEvent = { event: name, seq, payload };
          if (joining.current && meta.source === 'socket') {
            buffered.current.push(event);
            return;
          }
          if (tracker.current.mark(seq)) dispatch({ type: 'EVENTS', events: [event] });
        }),
      );
    }
    offs.push(
      subscribe('timer_update', (payload) => {
        if (payload && String(payload.sessionId) === sid) dispatch({ type: 'TIMER', timer: payload });
      }),
    );
    void join();

    // Back from a background tab: ask for the timer again (timers in background tabs are throttled).
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      void emit<Ack & { timer?: TimerPayload }>('timer_sync', { sessionId: sid }).then((ack) => {
        if (active && ack.ok && ack.timer) dispatch({ type: 'TIMER', timer: ack.timer });
      });
    };
    document.addEventListener('visibilitychange', onVisible);

    return () => {
      active = false;
      offs.forEach((off) => off());
      document.removeEventListener('visibilitychange', onVisible);
      void emit('leave_session', { sessionId: sid });
    };
  }, [sessionId, subscribe, onConnect, emit, setPresence]);

  const act = useCallback(
    (event: string, extra: Record<string, unknown> = {}) => emit<Ack>(event, { sessionId: String(sessionId), ...extra }),
    [emit, sessionId],
  );

  const resync = useCallback(() => {
    void emit<Ack & { timer?: TimerPayload }>('timer_sync', { sessionId: String(sessionId) }).then((ack) => {
      if (ack.ok && ack.timer) dispatch({ type: 'TIMER', timer: ack.timer });
    });
  }, [emit, sessionId]);

  return { view, lastSeq: tracker.current.lastSeq, act, resync };
}
