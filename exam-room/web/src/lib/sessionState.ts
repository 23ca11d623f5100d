/**
 * What a participant's page knows about one test session, built from join_session snapshots, seq events (live,
 * replayed or from the REST fallback), timer updates and cue cards. Pure: the hook useExamSession feeds it.
 */
import type { SeqEvent } from './seq';
import { receiveTimer, type TimerPayload, type TimerState } from './timer';
import { monotonicNow } from './clock';
import { statusLabel } from './format';
import { asSeverity, type AdminMessage, type CueCard, type Session } from '../types';

export interface SessionLogItem {
  seq: number;
  event: string;
  text: string;
  serverTime?: number;
}

export interface StartCountdown {
  secondsToStart: number;
  message: string;
  receivedAt: number;
}

export interface SessionView {
  session: Session | null;
  status: string | null;
  part: string | null;
  /** seq of the event that set status (an older replayed one must not override it) */
  statusSeq: number;
  timer: TimerState | null;
  cueCard: CueCard | null;
  adminMessages: AdminMessage[];
  log: SessionLogItem[];
  startCountdown: StartCountdown | null;
  ended: { status: string; reason: string | null } | null;
  joined: boolean;
  joinError: string | null;
}

export const emptySessionView: SessionView = {
  session: null,
  status: null,
  part: null,
  statusSeq: 0,
  timer: null,
  cueCard: null,
  adminMessages: [],
  log: [],
  startCountdown: null,
  ended: null,
  joined: false,
  joinError: null,
};

export type SessionAction =
  | { type: 'RESET' }
  | { type: 'EVENTS'; events: SeqEvent[] }
  | { type: 'SNAPSHOT'; session: Session | null; timer: TimerPayload | null | undefined }
  | { type: 'TIMER'; timer: TimerPayload }
  | { type: 'CUE_CARD'; cueCard: CueCard }
  | { type: 'REST_MESSAGE'; message: AdminMessage }
  | { type: 'JOIN_ERROR'; message: string };

function insertBySeq<T extends { seq: number }>(list: T[], item: T): T[] {
  if (list.some((x) => x.seq === item.seq)) return list;
  const i = list.findIndex((x) => x.seq > item.seq);
  return i < 0 ? [...list, item] : [...list.slice(0, i), item, ...list.slice(i)];
}

/**
 * An admin message in seq order. A copy that came without a seq through the REST fallback (same notice id) is
 * replaced by the numbered one from the replay, so each message is listed once.
 */
function insertMessage(list: AdminMessage[], item: AdminMessage): AdminMessage[] {
  const withoutProvisional = item.id === undefined ? list : list.filter((m) => !(m.provisional && String(m.id) === String(item.id)));
  if (item.id !== undefined && withoutProvisional.some((m) => String(m.id) === String(item.id))) return withoutProvisional;
  return insertBySeq(withoutProvisional, item);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function isCueCard(v: unknown): v is CueCard {
  return Boolean(v && typeof v === 'object' && typeof (v as CueCard).topic === 'string');
}

function normalizeCueCard(v: CueCard): CueCard {
  return { ...v, points: Array.isArray(v.points) ? v.points.map(String) : [] };
}

const FINAL = ['Completed', 'Aborted'];

function applyEvent(state: SessionView, e: SeqEvent, now: number): SessionView {
  const p = e.payload;
  const serverTime = num(p.serverTime);
  const newer = e.seq >= state.statusSeq;
  switch (e.event) {
    case 'test_status': {
      const status = str(p.status);
      const part = str(p.part);
      const actor = str(p.actorName) ?? str(p.actor);
      const text = `Status: ${statusLabel(status, part)}${actor ? ` (by ${actor})` : ''}`;
      const next = { ...state, log: insertBySeq(state.log, { seq: e.seq, event: e.event, text, serverTime }) };
      if (!newer || !status) return next;
      return {
        ...next,
        status,
        part: part ?? (status === 'In Progress' || status === 'Paused' ? state.part : null),
        statusSeq: e.seq,
        startCountdown: status === 'Waiting' || status === 'Scheduled' ? state.startCountdown : null,
      };
    }
    case 'test_started': {
      const part = str(p.part) ?? 'part1';
      const next = { ...state, log: insertBySeq(state.log, { seq: e.seq, event: e.event, text: `Test started: ${statusLabel('In Progress', part)}`, serverTime }) };
      if (!newer) return next;
      return { ...next, status: 'In Progress', part, statusSeq: e.seq, startCountdown: null };
    }
    case 'countdown': {
      const secondsToStart = num(p.secondsToStart) ?? 0;
      const message = str(p.message) ?? `Test starting in ${secondsToStart} seconds`;
      const next = { ...state, log: insertBySeq(state.log, { seq: e.seq, event: e.event, text: message, serverTime }) };
      if (!newer || (state.status && !['Scheduled', 'Waiting'].includes(state.status))) return next;
      return { ...next, startCountdown: { secondsToStart, message, receivedAt: now } };
    }
    case 'admin_message': {
      const msg: AdminMessage = {
        id: p.id as AdminMessage['id'],
        sessionId: p.sessionId as AdminMessage['sessionId'],
        seq: e.seq,
        text: typeof p.text === 'string' ? p.text : String(p.text ?? ''),
        severity: asSeverity(p.severity),
        from: str(p.from) ?? undefined,
        serverTime,
      };
      return { ...state, adminMessages: insertMessage(state.adminMessages, msg) };
    }
    case 'cue_card': {
      if (typeof p.topic !== 'string') return state;
      return { ...state, cueCard: normalizeCueCard({ topic: p.topic, points: p.points as string[] }) };
    }
    case 'time_extended': {
      const seconds = num(p.seconds);
      return { ...state, log: insertBySeq(state.log, { seq: e.seq, event: e.event, text: `Time extended${seconds ? ` by ${seconds} s` : ''}`, serverTime }) };
    }
    case 'test_ended': {
      const status = str(p.status) ?? (p.reason === 'aborted' ? 'Aborted' : 'Completed');
      const reason = str(p.reason);
      const next = { ...state, log: insertBySeq(state.log, { seq: e.seq, event: e.event, text: `Test ended: ${status}${reason && reason.toLowerCase() !== status.toLowerCase() ? ` (${reason})` : ''}`, serverTime }) };
      if (!newer) return next;
      return {
        ...next,
        status,
        statusSeq: e.seq,
        ended: { status, reason },
        startCountdown: null,
        timer: next.timer ? { ...next.timer, running: false, remainingMs: 0 } : null,
      };
    }
    default:
      return state;
  }
}

export function sessionReducer(state: SessionView, action: SessionAction, now: number = monotonicNow()): SessionView {
  switch (action.type) {
    case 'RESET':
      return emptySessionView;
    case 'EVENTS':
      return action.events.reduce((s, e) => applyEvent(s, e, now), state);
    case 'SNAPSHOT': {
      const session = action.session ?? state.session;
      const timer = receiveTimer(action.timer ?? session?.timer ?? null, () => now) ?? state.timer;
      const status = str(session?.status) ?? timer?.status ?? state.status;
      const part = session && 'part' in session ? (str(session.part) ?? null) : (timer?.part ?? state.part);
      const cueCard = isCueCard(session?.cueCard) ? normalizeCueCard(session!.cueCard as CueCard) : state.cueCard;
      return {
        ...state,
        session,
        status,
        part,
        timer,
        cueCard,
        joined: true,
        joinError: null,
        ended: status && FINAL.includes(status) ? (state.ended ?? { status, reason: null }) : null,
        startCountdown: status === 'Waiting' || status === 'Scheduled' ? state.startCountdown : null,
      };
    }
    case 'TIMER': {
      const timer = receiveTimer(action.timer, () => now);
      if (!timer) return state;
      return {
        ...state,
        timer,
        status: timer.status ?? state.status,
        part: action.timer.part !== undefined ? timer.part : state.part,
      };
    }
    case 'CUE_CARD':
      return { ...state, cueCard: normalizeCueCard(action.cueCard) };
    case 'REST_MESSAGE': {
      const m = action.message;
      if (state.adminMessages.some((x) => m.id !== undefined && String(x.id) === String(m.id))) return state;
      // No seq: listed after the numbered ones until the replay brings its place.
      return { ...state, adminMessages: [...state.adminMessages, { ...m, seq: Number.MAX_SAFE_INTEGER, provisional: true }] };
    }
    case 'JOIN_ERROR':
      return { ...state, joinError: action.message };
    default:
      return state;
  }
}

/** Whether the Part 2 cue card belongs on screen now. */
export function showCueCard(view: SessionView): boolean {
  return Boolean(view.cueCard) && (view.part === 'part2_prep' || view.part === 'part2_talk') && view.status !== 'Completed' && view.status !== 'Aborted';
}
