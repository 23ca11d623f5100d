/**
 * The chat page's controller: a store around chatReducer (lib/chatState.ts) fed by the chat's server events, and the
 * actions the components call. Everything goes through useWebSocket() (emit with acknowledgement, subscribe,
 * onConnect); REST is used for the room list and, while the socket is down, for older history.
 *
 * Reconnections: every (re)connection rejoins the open room (its participants and presence are fresh again, the
 * latest history page is merged without gaps), resends every unacknowledged message with its client message id, and
 * reloads the room list; typing indicators are dropped when the connection drops.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useWebSocket } from '../contexts/WebSocketContext';
import { useAuth } from '../contexts/AuthContext';
import { apiJson, listFrom } from '../services/api';
import { monotonicNow, serverClock } from '../lib/clock';
import { olderCursor } from '../lib/chatHistory';
import { chatErrorText, type ChatError } from '../lib/chatErrors';
import { dueForResend, newClientMessageId } from '../lib/chatOutbox';
import { nextExpiry, TypingThrottle } from '../lib/chatTyping';
import { receiptBatches, unseenIds } from '../lib/chatReceipts';
import { chatReducer, emptyView, initialChatState, type ChatAction, type ChatState } from '../lib/chatState';
import { asMessage, asRoom, asUserRef, sessionRoomId, type ChatRoomInfo, type ChatUserRef } from '../lib/chatTypes';
import type { ChatAttachment } from '../lib/chatAttachments';
import type { Ack, Session } from '../types';
import { isPageActive, usePageActive } from './usePageActive';

export const HISTORY_PAGE = 50;
const ROOMS_REFRESH_MS = 30_000;
const RESEND_CHECK_MS = 3000;

interface Store {
  get(): ChatState;
  dispatch(a: ChatAction): void;
  subscribe(l: () => void): () => void;
}

function createStore(init: ChatState): Store {
  let state = init;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    dispatch(a) {
      const next = chatReducer(state, a);
      if (next === state) return;
      state = next;
      for (const l of [...listeners]) l();
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function useChat() {
  const { user } = useAuth();
  const { emit, subscribe, onConnect, isConnected, chatPresence } = useWebSocket();
  const myId = user ? String(user.id) : null;
  const me: ChatUserRef = useMemo(
    () => ({ id: myId ?? '', displayName: user?.displayName ?? user?.name ?? user?.username ?? '' }),
    [myId, user?.displayName, user?.name, user?.username],
  );
  const store = useMemo(() => createStore(initialChatState(myId)), [myId]);
  const state = useSyncExternalStore(store.subscribe, store.get, store.get);
  const active = usePageActive();
  const connectedRef = useRef(isConnected);
  connectedRef.current = isConnected;

  const joinSeq = useRef(0);
  const retryAfter = useRef<number | undefined>(undefined);
  const seenSent = useRef(new Set<number>());
  const throttle = useRef(new TypingThrottle());
  const typingRoom = useRef<string | null>(null);
  const trailing = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inputText = useRef('');
  // the largest attachment, from the join answer (0 until a room was joined)
  const [maxAttachmentBytes, setMaxAttachmentBytes] = useState(0);

  // ---- the room list: GET /api/chat/rooms, plus a room for each test session the user may see ----
  const loadRooms = useCallback(async () => {
    const [roomsRes, sessionsRes] = await Promise.allSettled([apiJson<unknown>('/api/chat/rooms'), apiJson<unknown>('/api/sessions')]);
    if (roomsRes.status !== 'fulfilled') return;
    const rooms = listFrom<unknown>(roomsRes.value, 'rooms')
      .map(asRoom)
      .filter((r): r is ChatRoomInfo => r !== null);
    if (sessionsRes.status === 'fulfilled') {
      for (const s of listFrom<Session>(sessionsRes.value, 'sessions')) {
        const id = sessionRoomId(s.id);
        if (!rooms.some((r) => r.id === id)) {
          rooms.push({ id, name: str(s.title) || 'Test session', kind: 'session', sessionId: String(s.id), slowModeSeconds: 0, unread: 0 });
        }
      }
    }
    store.dispatch({ type: 'ROOMS_LOADED', rooms, active: isPageActive() });
  }, [store]);

  useEffect(() => {
    void loadRooms();
    const t = setInterval(() => void loadRooms(), ROOMS_REFRESH_MS);
    return () => clearInterval(t);
  }, [loadRooms]);

  // ---- joining ----
  const join = useCallback(
    async (roomId: string) => {
      const seq = ++joinSeq.current;
      store.dispatch({ type: 'JOINING', roomId });
      const ack = await emit<Ack>('join_room', { roomId });
      if (store.get().openRoomId !== roomId) {
        // the user moved on while the answer was under way
        if (ack.ok) void emit('leave_room', { roomId });
        store.dispatch({ type: 'JOIN_RESET', roomId });
        return;
      }
      if (seq !== joinSeq.current) return; // a newer join of this room (a reconnection) answers for itself
      if (ack.ok && typeof ack.maxAttachmentBytes === 'number') setMaxAttachmentBytes(ack.maxAttachmentBytes);
      if (ack.ok) store.dispatch({ type: 'JOIN_OK', roomId, answer: ack as Record<string, unknown>, active: isPageActive() });
      else if (ack.error === 'offline' || ack.error === 'timeout') store.dispatch({ type: 'JOIN_RESET', roomId });
      else store.dispatch({ type: 'JOIN_FAILED', roomId, error: ack.error, message: ack.message });
    },
    [emit, store],
  );

  const openRoomId = state.openRoomId;
  const openView = openRoomId ? state.views[openRoomId] ?? emptyView : emptyView;

  useEffect(() => {
    if (!openRoomId || !isConnected) return;
    if (openView.join === 'idle') void join(openRoomId);
  }, [openRoomId, isConnected, openView.join, join]);

  // ---- typing (sender) ----
  const stopTyping = useCallback(() => {
    if (trailing.current) clearTimeout(trailing.current);
    trailing.current = null;
    const roomId = typingRoom.current;
    if (throttle.current.stop() && roomId && connectedRef.current) void emit('typing', { roomId, isTyping: false });
  }, [emit]);

  const sendTypingStart = useCallback(() => {
    const roomId = store.get().openRoomId;
    if (!roomId || !connectedRef.current || !inputText.current.trim()) return;
    const now = monotonicNow();
    if (throttle.current.keystroke(now)) {
      typingRoom.current = roomId;
      void emit('typing', { roomId, isTyping: true });
    } else if (!throttle.current.isActive && !trailing.current) {
      // typing again within 2 s of the last start, after a stop (say, a send): tell the others when allowed
      trailing.current = setTimeout(() => {
        trailing.current = null;
        sendTypingStart();
      }, Math.max(0, throttle.current.nextAllowedAt() - now));
    }
  }, [emit, store]);

  const inputChanged = useCallback(
    (text: string) => {
      inputText.current = text;
      if (text.trim() === '') stopTyping();
      else sendTypingStart();
    },
    [sendTypingStart, stopTyping],
  );

  // switching rooms (and leaving the page) leaves the previous room and stops typing there
  useEffect(() => {
    if (!openRoomId) return;
    return () => {
      stopTyping();
      typingRoom.current = null;
      if (connectedRef.current) void emit('leave_room', { roomId: openRoomId });
    };
  }, [openRoomId, emit, stopTyping]);

  // ---- sending ----
  const attempt = useCallback(
    (clientMessageId: string) => {
      const entry = store.get().outbox.find((e) => e.clientMessageId === clientMessageId);
      if (!entry) return;
      store.dispatch({ type: 'ATTEMPT', clientMessageId });
      const at = store.get().outbox.find((e) => e.clientMessageId === clientMessageId)?.attempt ?? 0;
      retryAfter.current = undefined;
      const payload = { roomId: entry.roomId, text: entry.text, clientMessageId, ...(entry.attachment ? { attachmentId: entry.attachment.id } : {}) };
      void emit<Ack>('chat_message', payload).then((ack) => {
        store.dispatch({ type: 'SEND_ACK', clientMessageId, attempt: at, ack, retryAfterMs: retryAfter.current });
      });
    },
    [emit, store],
  );

  const resendDue = useCallback(() => {
    if (!connectedRef.current) return;
    for (const e of dueForResend(store.get().outbox)) attempt(e.clientMessageId);
  }, [attempt, store]);

  const send = useCallback(
    (text: string, attachment?: ChatAttachment): boolean => {
      const s = store.get();
      const roomId = s.openRoomId;
      const clean = text.trim();
      if (!roomId || (!clean && !attachment) || clean.length > s.maxMessageLength) return false;
      const v = s.views[roomId];
      if (v?.muted || v?.kicked) return false;
      inputText.current = '';
      stopTyping();
      const clientMessageId = newClientMessageId();
      store.dispatch({ type: 'OUTBOX_ADD', roomId, text: clean, clientMessageId, attachment });
      attempt(clientMessageId);
      return true;
    },
    [attempt, stopTyping, store],
  );

  const retry = useCallback((clientMessageId: string) => attempt(clientMessageId), [attempt]);
  const discard = useCallback((clientMessageId: string) => store.dispatch({ type: 'DISCARD', clientMessageId }), [store]);

  // unacknowledged messages go again (same client id) as soon as the connection is back, then every few seconds
  // (a timed-out attempt); the browser's offline/online events may toggle the connection without a new socket
  useEffect(() => {
    if (!isConnected || state.outbox.length === 0) return;
    resendDue();
    const t = setInterval(resendDue, RESEND_CHECK_MS);
    return () => clearInterval(t);
  }, [isConnected, state.outbox.length, resendDue]);

  // ---- (re)connection ----
  useEffect(() => {
    if (!isConnected) {
      throttle.current.reset();
      store.dispatch({ type: 'DISCONNECTED' });
    }
  }, [isConnected, store]);

  useEffect(
    () =>
      onConnect(() => {
        throttle.current.reset();
        store.dispatch({ type: 'DISCONNECTED' });
        const roomId = store.get().openRoomId;
        if (roomId) void join(roomId);
        resendDue();
        void loadRooms();
      }),
    [onConnect, store, join, resendDue, loadRooms],
  );

  // ---- server events ----
  useEffect(() => {
    const room = (p: unknown) => str((p as Record<string, unknown> | null)?.roomId);
    const offs = [
      subscribe('participants_list', (p) => store.dispatch({ type: 'PARTICIPANTS', roomId: room(p), participants: p?.participants })),
      subscribe('chat_history', (p) => store.dispatch({ type: 'HISTORY', roomId: room(p), messages: p?.messages, hasMore: p?.hasMore === true })),
      subscribe('user_joined', (p) => {
        const u = asUserRef(p?.user);
        if (u) store.dispatch({ type: 'USER_JOINED', roomId: room(p), user: u });
      }),
      subscribe('user_left', (p) => {
        const u = asUserRef(p?.user);
        const displayName = typeof p?.user?.displayName === 'string' ? p.user.displayName : undefined;
        if (u) store.dispatch({ type: 'USER_LEFT', roomId: room(p), userId: u.id, displayName, kicked: p?.kicked === true });
      }),
      subscribe('message_received', (p) => {
        const m = asMessage(p);
        if (!m) return;
        serverClock.observe(m.createdAt);
        store.dispatch({ type: 'MESSAGE', message: m, active: isPageActive() });
      }),
      subscribe('message_edited', (p) => {
        const m = asMessage(p);
        if (m) store.dispatch({ type: 'MESSAGE_CHANGED', message: m });
      }),
      subscribe('message_deleted', (p) => {
        const m = asMessage(p);
        if (m) store.dispatch({ type: 'MESSAGE_CHANGED', message: m });
      }),
      subscribe('receipt', (p) => {
        const id = Number(p?.messageId);
        if (Number.isSafeInteger(id)) store.dispatch({ type: 'RECEIPT', messageId: id, userId: str(p?.userId), status: p?.status });
      }),
      subscribe('user_typing', (p) => {
        const u = asUserRef(p?.user);
        if (u) store.dispatch({ type: 'TYPING', roomId: room(p), user: u, isTyping: p?.isTyping === true, now: monotonicNow() });
      }),
      subscribe('user_muted', (p) =>
        store.dispatch({ type: 'USER_MUTED', roomId: room(p), userId: str(p?.userId), muted: p?.muted === true }),
      ),
      subscribe('kicked', (p) => store.dispatch({ type: 'KICKED', roomId: room(p) })),
      subscribe('room_updated', (p) =>
        store.dispatch({ type: 'ROOM_UPDATED', roomId: room(p), slowModeSeconds: Number(p?.slowModeSeconds) || 0 }),
      ),
      subscribe('rate_limited', (p) => {
        retryAfter.current = typeof p?.retryAfterMs === 'number' ? p.retryAfterMs : undefined;
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [subscribe, store]);

  // typing indicators expire 6 s after their last event: at that moment, not at the next tick of a poll
  const typingNow = openView.typing;
  useEffect(() => {
    const due = nextExpiry(typingNow);
    if (due === null) return;
    // a timer may fire a fraction of a millisecond early: the indicator due then goes all the same
    const t = setTimeout(() => store.dispatch({ type: 'TYPING_EXPIRE', now: Math.max(monotonicNow(), due) }), Math.max(0, due - monotonicNow()));
    return () => clearTimeout(t);
  }, [typingNow, store]);

  // ---- seen: the open room in a visible, focused tab ----
  useEffect(() => {
    if (!active || !isConnected || !openRoomId || openView.join !== 'joined') return;
    const ids = unseenIds(openView.history.messages, myId, openView.lastReadId, seenSent.current);
    // a page of history coming into view is one receipt, not one event per message (the server limits events per
    // socket: fifty receipts at once would be dropped, and a few pages more would cost the connection)
    for (const batch of receiptBatches(ids)) {
      for (const id of batch) seenSent.current.add(id);
      void emit<Ack>('receipt', batch.length === 1 ? { messageId: batch[0], status: 'seen' } : { messageIds: batch, status: 'seen' }).then((ack) => {
        if (!ack.ok && (ack.error === 'offline' || ack.error === 'timeout')) for (const id of batch) seenSent.current.delete(id);
      });
    }
    store.dispatch({ type: 'ROOM_READ', roomId: openRoomId });
  }, [active, isConnected, openRoomId, openView.join, openView.history, openView.lastReadId, myId, emit, store]);

  // ---- actions ----
  const openRoom = useCallback(
    (roomId: string, hint?: { name?: string; kind?: ChatRoomInfo['kind']; peer?: ChatUserRef }) => store.dispatch({ type: 'OPEN', roomId, ...hint }),
    [store],
  );

  const openDm = useCallback(
    async (userId: string, displayName?: string): Promise<string | null> => {
      const ack = await emit<Ack>('open_dm', { userId });
      if (!ack.ok) {
        store.dispatch({ type: 'ERROR', error: chatErrorText(ack.error, ack.message) });
        return null;
      }
      const room = asRoom(ack.room);
      if (!room) return null;
      const peer = displayName ? { id: userId, displayName } : undefined;
      store.dispatch({ type: 'OPEN', roomId: room.id, kind: 'dm', name: room.name, peer });
      return room.id;
    },
    [emit, store],
  );

  const loadOlder = useCallback(async () => {
    const roomId = store.get().openRoomId;
    if (!roomId) return;
    const v = store.get().views[roomId];
    const before = v ? olderCursor(v.history) : null;
    if (!v || before === null || v.loadingOlder) return;
    store.dispatch({ type: 'OLDER_START', roomId });
    let page: Record<string, unknown> | null = null;
    const ack = await emit<Ack>('history', { roomId, before, limit: HISTORY_PAGE });
    if (ack.ok) page = ack as Record<string, unknown>;
    else if (ack.error === 'offline' || ack.error === 'timeout') {
      try {
        page = await apiJson<Record<string, unknown>>(`/api/chat/rooms/${encodeURIComponent(roomId)}/messages?before=${before}&limit=${HISTORY_PAGE}`);
      } catch {
        page = null;
      }
    }
    store.dispatch({ type: 'OLDER_DONE', roomId, before, messages: page?.messages, hasMore: page?.hasMore === true });
  }, [emit, store]);

  const report = useCallback((ack: Ack): ChatError | null => {
    if (ack.ok) return null;
    const err = chatErrorText(ack.error, ack.message);
    store.dispatch({ type: 'ERROR', error: err });
    return err;
  }, [store]);

  const edit = useCallback(
    async (messageId: number, text: string): Promise<boolean> => {
      const ack = await emit<Ack>('edit_message', { messageId, text: text.trim() });
      const m = asMessage(ack.message);
      if (m) store.dispatch({ type: 'MESSAGE_CHANGED', message: m });
      return report(ack) === null;
    },
    [emit, report, store],
  );

  const remove = useCallback(
    async (messageId: number): Promise<boolean> => {
      const ack = await emit<Ack>('delete_message', { messageId });
      const m = asMessage(ack.message);
      if (m) store.dispatch({ type: 'MESSAGE_CHANGED', message: m });
      return report(ack) === null;
    },
    [emit, report, store],
  );

  const mute = useCallback(
    async (userId: string, muted: boolean) => {
      const roomId = store.get().openRoomId;
      if (roomId) report(await emit<Ack>('mute_user', { roomId, userId, muted }));
    },
    [emit, report, store],
  );

  const kick = useCallback(
    async (userId: string) => {
      const roomId = store.get().openRoomId;
      if (roomId) report(await emit<Ack>('kick_user', { roomId, userId }));
    },
    [emit, report, store],
  );

  const setSlowMode = useCallback(
    async (seconds: number) => {
      const roomId = store.get().openRoomId;
      if (roomId) report(await emit<Ack>('slow_mode', { roomId, seconds }));
    },
    [emit, report, store],
  );

  const dismissError = useCallback(() => store.dispatch({ type: 'ERROR', error: null }), [store]);

  return {
    state,
    me,
    role: user?.role,
    active,
    isConnected,
    presence: chatPresence,
    maxAttachmentBytes,
    openRoom,
    openDm,
    send,
    retry,
    discard,
    inputChanged,
    inputBlurred: stopTyping,
    loadOlder,
    edit,
    remove,
    mute,
    kick,
    setSlowMode,
    dismissError,
  };
}

export type ChatController = ReturnType<typeof useChat>;
