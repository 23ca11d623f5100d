/**
 * The chat page's state and its pure reducer: rooms with unread counts, the open room's history, participants,
 * typing indicators and unread separator, the outbox of unacknowledged messages, and the receipts of the user's own
 * messages. useChat() feeds it server events and acknowledgements; the components only read it.
 */
import type { ChatAttachment } from './chatAttachments';
import { applyLatestPage, applyLive, applyOlderPage, emptyHistory, type History } from './chatHistory';
import { chatErrorText, type ChatError } from './chatErrors';
import {
  addEntry,
  applyAck,
  confirmFromServer,
  connectionLost,
  discardEntry,
  pendingFor,
  startAttempt,
  type Outbox,
  type OutboxEntry,
} from './chatOutbox';
import { applyReceipt, deliveryStatus, noReceipts, type ReceiptMap } from './chatReceipts';
import { applyTyping, clearTyping, expireTyping, noTyping, type TypingMap } from './chatTyping';
import {
  asMessages,
  asParticipants,
  asRoom,
  type ChatMessage,
  type ChatRoomInfo,
  type ChatUserRef,
  type DeliveryStatus,
  type Participant,
} from './chatTypes';
import { countIncoming, placeSeparator, separatorOnUnseenMessage, type UnreadSeparator } from './chatUnread';

export const DEFAULT_MAX_MESSAGE_LENGTH = 4000;
export const DEFAULT_EDIT_WINDOW_MS = 10 * 60_000;

export type JoinPhase = 'idle' | 'joining' | 'joined' | 'failed';

/** The room's latest coming or going, shown as "X joined" / "X left" / "X was removed". */
export interface RoomActivity {
  kind: 'joined' | 'left' | 'removed';
  userId: string;
  displayName: string;
}

export function activityText(a: RoomActivity): string {
  return a.kind === 'joined' ? `${a.displayName} joined` : a.kind === 'left' ? `${a.displayName} left` : `${a.displayName} was removed`;
}

export interface RoomView {
  history: History;
  participants: Participant[];
  typing: TypingMap;
  separator: UnreadSeparator | null;
  /** the server's read marker for the user when the room was (re)joined */
  lastReadId: number;
  muted: boolean;
  kicked: boolean;
  slowModeSeconds: number;
  join: JoinPhase;
  joinError: ChatError | null;
  loadingOlder: boolean;
  /** joined at least once in this visit: a rejoin after a reconnection keeps the separator where it was */
  visited: boolean;
  /** the latest user_joined / user_left of someone else during this visit */
  activity: RoomActivity | null;
}

export interface ChatState {
  myUserId: string | null;
  rooms: ChatRoomInfo[];
  views: Record<string, RoomView>;
  openRoomId: string | null;
  outbox: Outbox;
  receipts: ReceiptMap;
  /** the composer's message: rate limit, mute, slow mode, removal… */
  error: ChatError | null;
  maxMessageLength: number;
  editWindowMs: number;
}

export const emptyView: RoomView = {
  history: emptyHistory,
  participants: [],
  typing: noTyping,
  separator: null,
  lastReadId: 0,
  muted: false,
  kicked: false,
  slowModeSeconds: 0,
  join: 'idle',
  joinError: null,
  loadingOlder: false,
  visited: false,
  activity: null,
};

export function initialChatState(myUserId: string | null): ChatState {
  return {
    myUserId,
    rooms: [],
    views: {},
    openRoomId: null,
    outbox: [],
    receipts: noReceipts,
    error: null,
    maxMessageLength: DEFAULT_MAX_MESSAGE_LENGTH,
    editWindowMs: DEFAULT_EDIT_WINDOW_MS,
  };
}

export type ChatAction =
  | { type: 'ROOMS_LOADED'; rooms: ChatRoomInfo[]; active: boolean }
  | { type: 'OPEN'; roomId: string; name?: string; kind?: ChatRoomInfo['kind']; peer?: ChatUserRef }
  | { type: 'JOINING'; roomId: string }
  | { type: 'JOIN_OK'; roomId: string; answer: Record<string, unknown>; active: boolean }
  | { type: 'JOIN_FAILED'; roomId: string; error?: string; message?: string }
  | { type: 'JOIN_RESET'; roomId: string }
  | { type: 'DISCONNECTED' }
  | { type: 'PARTICIPANTS'; roomId: string; participants: unknown }
  | { type: 'HISTORY'; roomId: string; messages: unknown; hasMore: boolean }
  | { type: 'USER_JOINED'; roomId: string; user: ChatUserRef }
  | { type: 'USER_LEFT'; roomId: string; userId: string; displayName?: string; kicked: boolean }
  | { type: 'MESSAGE'; message: ChatMessage; active: boolean }
  | { type: 'MESSAGE_CHANGED'; message: ChatMessage }
  | { type: 'RECEIPT'; messageId: number; userId: string; status: unknown }
  | { type: 'TYPING'; roomId: string; user: ChatUserRef; isTyping: boolean; now: number }
  | { type: 'TYPING_EXPIRE'; now: number }
  | { type: 'USER_MUTED'; roomId: string; userId: string; muted: boolean }
  | { type: 'KICKED'; roomId: string }
  | { type: 'ROOM_UPDATED'; roomId: string; slowModeSeconds: number }
  | { type: 'ROOM_READ'; roomId: string }
  | { type: 'OLDER_START'; roomId: string }
  | { type: 'OLDER_DONE'; roomId: string; before: number; messages?: unknown; hasMore?: boolean }
  | { type: 'OUTBOX_ADD'; roomId: string; text: string; clientMessageId: string; attachment?: ChatAttachment }
  | { type: 'ATTEMPT'; clientMessageId: string }
  | { type: 'SEND_ACK'; clientMessageId: string; attempt: number; ack: { ok: boolean; error?: string; [k: string]: unknown }; retryAfterMs?: number }
  | { type: 'DISCARD'; clientMessageId: string }
  | { type: 'ERROR'; error: ChatError | null };

function view(state: ChatState, roomId: string): RoomView {
  return state.views[roomId] ?? emptyView;
}

function withView(state: ChatState, roomId: string, f: (v: RoomView) => RoomView): ChatState {
  const cur = view(state, roomId);
  const next = f(cur);
  return next === cur ? state : { ...state, views: { ...state.views, [roomId]: next } };
}

function withRoom(state: ChatState, roomId: string, f: (r: ChatRoomInfo) => ChatRoomInfo): ChatState {
  const i = state.rooms.findIndex((r) => r.id === roomId);
  if (i < 0) return state;
  const rooms = [...state.rooms];
  rooms[i] = f(rooms[i]);
  return { ...state, rooms };
}

/** Sticky errors describe a state (muted, removed), not an event; they stay until the state changes. */
const STICKY = new Set(['muted', 'kicked']);

function confirmOwn(state: ChatState, messages: readonly ChatMessage[]): ChatState {
  const outbox = confirmFromServer(state.outbox, messages, state.myUserId);
  return outbox === state.outbox ? state : { ...state, outbox };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'ROOMS_LOADED': {
      const known = new Map(action.rooms.map((r) => [r.id, r]));
      // rooms opened here that the server does not list yet (a private conversation just opened) stay
      const extra = state.rooms.filter((r) => !known.has(r.id));
      const rooms = [...action.rooms, ...extra].map((r) => {
        const prev = state.rooms.find((p) => p.id === r.id);
        const merged = prev?.peer && !r.peer ? { ...r, peer: prev.peer } : r;
        return r.id === state.openRoomId && action.active ? { ...merged, unread: 0 } : merged;
      });
      return { ...state, rooms };
    }
    case 'OPEN': {
      if (action.roomId === state.openRoomId) return state;
      let rooms = state.rooms;
      if (!rooms.some((r) => r.id === action.roomId)) {
        const kind = action.kind ?? (action.roomId.startsWith('dm-') ? 'dm' : action.roomId.startsWith('session-') ? 'session' : 'public');
        rooms = [
          ...rooms,
          { id: action.roomId, name: action.name ?? action.roomId, kind, sessionId: null, slowModeSeconds: 0, unread: 0, peer: action.peer },
        ];
      }
      const error = state.error && STICKY.has(state.error.code) ? null : state.error;
      // a new visit places a new separator
      const views = state.views[action.roomId]
        ? { ...state.views, [action.roomId]: { ...state.views[action.roomId], separator: null, visited: false, join: 'idle' as JoinPhase, joinError: null, activity: null } }
        : state.views;
      return { ...state, rooms, views, openRoomId: action.roomId, error };
    }
    case 'JOINING':
      return withView(state, action.roomId, (v) => ({ ...v, join: 'joining', joinError: null }));
    case 'JOIN_OK': {
      const a = action.answer;
      const page = asMessages(a.history);
      const room = asRoom(a.room);
      const lastReadId = typeof a.lastReadId === 'number' ? a.lastReadId : 0;
      const muted = a.muted === true;
      // the join answer's count (the room list's may be older than the join)
      const knownUnread = typeof a.unread === 'number' ? a.unread : state.rooms.find((r) => r.id === action.roomId)?.unread ?? 0;
      let next = withView(state, action.roomId, (v) => {
        const history = applyLatestPage(v.history, page, a.hasMore === true);
        const separator = v.visited ? v.separator : placeSeparator(history.messages, lastReadId, state.myUserId, history.hasMore ? knownUnread : 0);
        return {
          ...v,
          history,
          participants: Array.isArray(a.participants) ? asParticipants(a.participants) : v.participants,
          lastReadId,
          muted,
          kicked: false,
          slowModeSeconds: room?.slowModeSeconds ?? v.slowModeSeconds,
          separator,
          join: 'joined',
          joinError: null,
          visited: true,
        };
      });
      next = confirmOwn(next, page);
      if (room) {
        // a private conversation opened by its link (/chat?dm=<userId>) learns whom it is with from its members
        const others = next.views[action.roomId].participants.filter((p) => p.userId !== state.myUserId);
        const peer = room.kind === 'dm' && others.length === 1 ? { id: others[0].userId, displayName: others[0].displayName } : undefined;
        next = withRoom(next, action.roomId, (r) => ({
          ...r,
          peer: r.peer ?? peer,
          name: r.kind === 'dm' ? r.name : room.name,
          slowModeSeconds: room.slowModeSeconds,
          unread: action.active ? 0 : r.unread,
        }));
      }
      if (typeof a.maxMessageLength === 'number' && a.maxMessageLength > 0) next = { ...next, maxMessageLength: a.maxMessageLength };
      if (typeof a.editWindowMs === 'number' && a.editWindowMs > 0) next = { ...next, editWindowMs: a.editWindowMs };
      if (action.roomId === next.openRoomId) {
        if (muted) next = { ...next, error: chatErrorText('muted') };
        else if (next.error && STICKY.has(next.error.code)) next = { ...next, error: null };
      }
      return next;
    }
    case 'JOIN_FAILED': {
      const err = chatErrorText(action.error, action.message);
      return withView(state, action.roomId, (v) => ({ ...v, join: 'failed', joinError: err }));
    }
    case 'JOIN_RESET':
      return withView(state, action.roomId, (v) => (v.join === 'joining' ? { ...v, join: 'idle' } : v));
    case 'DISCONNECTED': {
      const views: Record<string, RoomView> = {};
      for (const [id, v] of Object.entries(state.views)) {
        // after a reconnection every room is joined again, except one the user was removed from
        views[id] = { ...v, typing: noTyping, join: v.kicked ? 'failed' : 'idle', loadingOlder: false };
      }
      return { ...state, views, outbox: connectionLost(state.outbox) };
    }
    case 'PARTICIPANTS':
      return withView(state, action.roomId, (v) => ({ ...v, participants: asParticipants(action.participants) }));
    case 'HISTORY': {
      const page = asMessages(action.messages);
      if (!state.views[action.roomId]) return state;
      return confirmOwn(
        withView(state, action.roomId, (v) => ({ ...v, history: applyLatestPage(v.history, page, action.hasMore) })),
        page,
      );
    }
    case 'USER_JOINED':
      if (action.user.id === state.myUserId) return state;
      return withView(state, action.roomId, (v) => ({
        ...v,
        activity: { kind: 'joined', userId: action.user.id, displayName: action.user.displayName },
        participants: v.participants.some((p) => p.userId === action.user.id)
          ? v.participants
          : [...v.participants, { userId: action.user.id, displayName: action.user.displayName, role: '', muted: false, status: 'online' as const }].sort(
              (x, y) => x.displayName.localeCompare(y.displayName),
            ),
      }));
    case 'USER_LEFT':
      return withView(state, action.roomId, (v) => {
        const displayName = action.displayName || v.participants.find((p) => p.userId === action.userId)?.displayName;
        const activity: RoomActivity | null =
          action.userId !== state.myUserId && displayName ? { kind: action.kicked ? 'removed' : 'left', userId: action.userId, displayName } : v.activity;
        return {
          ...v,
          activity,
          typing: clearTyping(v.typing, action.userId),
          participants: action.kicked ? v.participants.filter((p) => p.userId !== action.userId) : v.participants,
        };
      });
    case 'MESSAGE': {
      const m = action.message;
      const viewing = state.openRoomId === m.roomId;
      let next = state;
      if (state.views[m.roomId]) {
        next = withView(next, m.roomId, (v) => ({
          ...v,
          history: v.history.loaded ? applyLive(v.history, m) : v.history,
          typing: clearTyping(v.typing, m.sender.id),
          separator: viewing && !action.active ? separatorOnUnseenMessage(v.separator, m, state.myUserId) : v.separator,
        }));
      }
      const counted = countIncoming(next.rooms, m, { myUserId: state.myUserId, viewingRoomId: viewing && action.active ? m.roomId : null });
      next = { ...next, rooms: counted.rooms };
      if (counted.unknownRoom) {
        const dm = m.roomId.startsWith('dm-');
        const peer = dm && m.sender.id !== state.myUserId ? m.sender : undefined;
        next = {
          ...next,
          rooms: [
            ...next.rooms,
            {
              id: m.roomId,
              name: dm ? 'Private' : m.roomId,
              kind: dm ? 'dm' : m.roomId.startsWith('session-') ? 'session' : 'public',
              sessionId: null,
              slowModeSeconds: 0,
              unread: m.sender.id === state.myUserId ? 0 : 1,
              peer,
            },
          ],
        };
      }
      return confirmOwn(next, [m]);
    }
    case 'MESSAGE_CHANGED':
      if (!state.views[action.message.roomId]) return state;
      return withView(state, action.message.roomId, (v) => ({ ...v, history: applyLive(v.history, action.message) }));
    case 'RECEIPT': {
      const receipts = applyReceipt(state.receipts, action.messageId, action.userId, action.status);
      return receipts === state.receipts ? state : { ...state, receipts };
    }
    case 'TYPING':
      return withView(state, action.roomId, (v) => {
        const typing = applyTyping(v.typing, { user: action.user, isTyping: action.isTyping }, action.now, state.myUserId);
        return typing === v.typing ? v : { ...v, typing };
      });
    case 'TYPING_EXPIRE': {
      let next = state;
      for (const id of Object.keys(state.views)) {
        next = withView(next, id, (v) => {
          const typing = expireTyping(v.typing, action.now);
          return typing === v.typing ? v : { ...v, typing };
        });
      }
      return next;
    }
    case 'USER_MUTED': {
      let next = withView(state, action.roomId, (v) => ({
        ...v,
        muted: action.userId === state.myUserId ? action.muted : v.muted,
        participants: v.participants.map((p) => (p.userId === action.userId ? { ...p, muted: action.muted } : p)),
      }));
      if (action.userId === state.myUserId && action.roomId === state.openRoomId) {
        next = { ...next, error: action.muted ? chatErrorText('muted') : next.error?.code === 'muted' ? null : next.error };
      }
      return next;
    }
    case 'KICKED': {
      const next = withView(state, action.roomId, (v) => ({
        ...v,
        kicked: true,
        typing: noTyping,
        join: 'failed',
        joinError: chatErrorText('kicked'),
      }));
      return action.roomId === state.openRoomId ? { ...next, error: chatErrorText('kicked') } : next;
    }
    case 'ROOM_UPDATED':
      return withRoom(
        withView(state, action.roomId, (v) => ({ ...v, slowModeSeconds: action.slowModeSeconds })),
        action.roomId,
        (r) => ({ ...r, slowModeSeconds: action.slowModeSeconds }),
      );
    case 'ROOM_READ':
      return withRoom(state, action.roomId, (r) => (r.unread === 0 ? r : { ...r, unread: 0 }));
    case 'OLDER_START':
      return withView(state, action.roomId, (v) => ({ ...v, loadingOlder: true }));
    case 'OLDER_DONE':
      return withView(state, action.roomId, (v) => ({
        ...v,
        loadingOlder: false,
        history: action.messages === undefined ? v.history : applyOlderPage(v.history, action.before, asMessages(action.messages), action.hasMore === true),
      }));
    case 'OUTBOX_ADD':
      return { ...state, outbox: addEntry(state.outbox, action.roomId, action.text, action.clientMessageId, action.attachment) };
    case 'ATTEMPT':
      return { ...state, outbox: startAttempt(state.outbox, action.clientMessageId).box };
    case 'SEND_ACK': {
      const entry = state.outbox.find((e) => e.clientMessageId === action.clientMessageId);
      const { box, outcome } = applyAck(state.outbox, action.clientMessageId, action.attempt, action.ack);
      let next: ChatState = { ...state, outbox: box };
      if (outcome === 'sent') {
        const message = asMessages([action.ack.message])[0];
        if (message && next.views[message.roomId]?.history.loaded) {
          next = withView(next, message.roomId, (v) => ({ ...v, history: applyLive(v.history, message) }));
        }
        // a success clears an older refusal, but not one of messages still shown as not sent: in a burst the
        // refusals are answered at once and the accepted messages only after their commit, so they come later
        const refusedStill = next.error && box.some((e) => e.status === 'failed' && e.error === next.error?.code);
        if (next.error && !STICKY.has(next.error.code) && !refusedStill) next = { ...next, error: null };
      } else if (outcome === 'failed' || (outcome === 'retry' && entry)) {
        const err = chatErrorText(action.ack.error, typeof action.ack.message === 'string' ? action.ack.message : undefined, action.retryAfterMs);
        if (action.ack.error === 'muted' && entry) {
          next = withView(next, entry.roomId, (v) => ({ ...v, muted: true }));
        }
        if (outcome === 'failed' || action.ack.error !== 'timeout') next = { ...next, error: err };
      }
      return next;
    }
    case 'DISCARD':
      return { ...state, outbox: discardEntry(state.outbox, action.clientMessageId) };
    case 'ERROR':
      return { ...state, error: action.error };
  }
}

/** One line of the message list: a server message, or an own message not yet acknowledged. */
export interface MessageRow {
  /** stable across sending → sent: the client message id for own messages */
  key: string;
  message: ChatMessage | null;
  pending: OutboxEntry | null;
  own: boolean;
  status: DeliveryStatus | 'received';
  text: string;
  sender: ChatUserRef;
}

export function messageRows(state: ChatState, roomId: string, me: ChatUserRef): MessageRow[] {
  const v = view(state, roomId);
  const rows: MessageRow[] = v.history.messages.map((m) => {
    const own = m.sender.id === state.myUserId;
    return {
      key: own && m.clientMessageId ? `c-${m.clientMessageId}` : `m-${m.id}`,
      message: m,
      pending: null,
      own,
      status: own ? deliveryStatus(undefined, m.receipt, state.receipts[m.id], true) : 'received',
      text: m.text,
      sender: m.sender,
    };
  });
  const shown = new Set(rows.filter((r) => r.own).map((r) => r.key));
  for (const e of pendingFor(state.outbox, roomId)) {
    const key = `c-${e.clientMessageId}`;
    if (shown.has(key)) continue;
    rows.push({ key, message: null, pending: e, own: true, status: deliveryStatus(e.status, undefined, undefined, false), text: e.text, sender: me });
  }
  return rows;
}

/** Whether the user may still edit or delete an own message. */
export function canChange(m: ChatMessage, myUserId: string | null, serverNow: number, editWindowMs: number): boolean {
  return m.sender.id === myUserId && !m.deleted && serverNow - m.createdAt < editWindowMs;
}

/** Whether to show moderation controls (the server decides: examiners moderate public rooms and their sessions'). */
export function mayModerate(role: string | undefined, room: ChatRoomInfo | undefined): boolean {
  if (!room || room.kind === 'dm') return false;
  return role === 'admin' || role === 'examiner';
}
