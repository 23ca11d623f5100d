import { describe, expect, it } from 'vitest';
import { activityText, chatReducer, initialChatState, messageRows, type ChatAction, type ChatState } from './chatState';
import type { ChatMessage } from './chatTypes';

const me = { id: 'me', displayName: 'Me' };
const bob = { id: 'bob', displayName: 'Bob' };
const msg = (id: number, sender = bob, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  roomId: 'lobby',
  clientMessageId: `c${id}`,
  sender,
  text: `m${id}`,
  createdAt: id,
  edited: false,
  editedAt: null,
  deleted: false,
  ...extra,
});
const run = (s: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, s);
const joined = (history: ChatMessage[], lastReadId = 0) =>
  run(
    initialChatState('me'),
    { type: 'ROOMS_LOADED', rooms: [{ id: 'lobby', name: 'Lobby', kind: 'public', sessionId: null, slowModeSeconds: 0, unread: 3 }], active: true },
    { type: 'OPEN', roomId: 'lobby' },
    { type: 'JOINING', roomId: 'lobby' },
    { type: 'JOIN_OK', roomId: 'lobby', answer: { history, hasMore: false, lastReadId, participants: [], muted: false, room: { id: 'lobby', name: 'Lobby', kind: 'public' } }, active: true },
  );

describe('chat state', () => {
  it('shows an own message once: pending, then the broadcast, then the ack', () => {
    let s = joined([]);
    s = run(s, { type: 'OUTBOX_ADD', roomId: 'lobby', text: 'hello', clientMessageId: 'x-1' }, { type: 'ATTEMPT', clientMessageId: 'x-1' });
    expect(messageRows(s, 'lobby', me).map((r) => [r.key, r.status])).toEqual([['c-x-1', 'sending']]);
    const server = msg(10, me, { clientMessageId: 'x-1', text: 'hello' });
    s = run(s, { type: 'MESSAGE', message: server, active: true });
    expect(messageRows(s, 'lobby', me).map((r) => [r.key, r.status])).toEqual([['c-x-1', 'sent']]);
    s = run(s, { type: 'SEND_ACK', clientMessageId: 'x-1', attempt: 1, ack: { ok: true, message: server, duplicate: false } });
    // a resend after a lost ack answers duplicate: still one row
    s = run(s, { type: 'SEND_ACK', clientMessageId: 'x-1', attempt: 2, ack: { ok: true, message: server, duplicate: true } });
    s = run(s, { type: 'RECEIPT', messageId: 10, userId: 'bob', status: 'delivered' });
    expect(messageRows(s, 'lobby', me).map((r) => [r.key, r.status])).toEqual([['c-x-1', 'delivered']]);
    s = run(s, { type: 'RECEIPT', messageId: 10, userId: 'bob', status: 'seen' });
    expect(messageRows(s, 'lobby', me)[0].status).toBe('seen');
  });

  it('a refused send stays, failed, with the error for the composer', () => {
    let s = joined([]);
    s = run(
      s,
      { type: 'OUTBOX_ADD', roomId: 'lobby', text: 'spam', clientMessageId: 'x-2' },
      { type: 'ATTEMPT', clientMessageId: 'x-2' },
      { type: 'SEND_ACK', clientMessageId: 'x-2', attempt: 1, ack: { ok: false, error: 'rate_limited', message: "You're sending too fast" }, retryAfterMs: 400 },
    );
    expect(messageRows(s, 'lobby', me)[0].status).toBe('failed');
    expect(s.error).toEqual({ code: 'rate_limited', text: "You're sending too fast: wait 1 s" });
  });

  it('a burst: the refusal stays shown when the accepted messages are acknowledged after it', () => {
    let s = joined([]);
    for (const id of ['b-1', 'b-2']) s = run(s, { type: 'OUTBOX_ADD', roomId: 'lobby', text: id, clientMessageId: id }, { type: 'ATTEMPT', clientMessageId: id });
    // the refusal of the second is answered at once, the first only after its commit
    s = run(s, { type: 'SEND_ACK', clientMessageId: 'b-2', attempt: 1, ack: { ok: false, error: 'rate_limited', message: "You're sending too fast" }, retryAfterMs: 400 });
    s = run(s, { type: 'SEND_ACK', clientMessageId: 'b-1', attempt: 1, ack: { ok: true, message: msg(7, me, { clientMessageId: 'b-1', text: 'b-1' }), duplicate: false } });
    expect(s.error?.code).toBe('rate_limited');
    // once the refused message is sent again (or discarded), the next success clears it
    s = run(s, { type: 'ATTEMPT', clientMessageId: 'b-2' });
    s = run(s, { type: 'SEND_ACK', clientMessageId: 'b-2', attempt: 2, ack: { ok: true, message: msg(8, me, { clientMessageId: 'b-2', text: 'b-2' }), duplicate: false } });
    expect(s.error).toBeNull();
    expect(messageRows(s, 'lobby', me).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('places the separator on join and counts messages in other rooms', () => {
    let s = joined([msg(1), msg(2, me), msg(3), msg(4)], 2);
    // the list's 3 is stale: the whole history is loaded and has 2
    expect(s.views.lobby.separator).toEqual({ beforeId: 3, count: 2 });
    expect(s.rooms[0].unread).toBe(0);
    s = run(s, { type: 'MESSAGE', message: msg(9, bob, { roomId: 'dm-bob-me' }), active: true });
    expect(s.rooms.find((r) => r.id === 'dm-bob-me')).toMatchObject({ kind: 'dm', unread: 1, peer: bob });
    // the open room, looked at: no count; not looked at: counted, and the separator stays
    s = run(s, { type: 'MESSAGE', message: msg(10), active: true }, { type: 'MESSAGE', message: msg(11), active: false });
    expect(s.rooms[0].unread).toBe(1);
    expect(s.views.lobby.separator).toEqual({ beforeId: 3, count: 3 });
  });

  it('a mute of the user disables writing until unmuted; a kick removes the room', () => {
    let s = joined([]);
    s = run(s, { type: 'USER_MUTED', roomId: 'lobby', userId: 'me', muted: true });
    expect(s.views.lobby.muted).toBe(true);
    expect(s.error?.code).toBe('muted');
    s = run(s, { type: 'USER_MUTED', roomId: 'lobby', userId: 'me', muted: false });
    expect(s.error).toBeNull();
    s = run(s, { type: 'KICKED', roomId: 'lobby' });
    expect(s.views.lobby).toMatchObject({ kicked: true, join: 'failed' });
    expect(s.error?.code).toBe('kicked');
    // a reconnection does not rejoin a room the user was removed from
    s = run(s, { type: 'DISCONNECTED' });
    expect(s.views.lobby.join).toBe('failed');
  });

  it('typing is cleared by the message and by a disconnection', () => {
    let s = joined([]);
    s = run(s, { type: 'TYPING', roomId: 'lobby', user: bob, isTyping: true, now: 0 });
    expect(Object.keys(s.views.lobby.typing)).toEqual(['bob']);
    s = run(s, { type: 'MESSAGE', message: msg(5), active: true });
    expect(s.views.lobby.typing).toEqual({});
    s = run(s, { type: 'TYPING', roomId: 'lobby', user: bob, isTyping: true, now: 0 }, { type: 'DISCONNECTED' });
    expect(s.views.lobby.typing).toEqual({});
  });

  it('tells who joined and who left (by name, also for a removal that names nobody)', () => {
    let s = joined([]);
    expect(s.views.lobby.activity).toBeNull();
    s = run(s, { type: 'USER_JOINED', roomId: 'lobby', user: bob });
    expect(activityText(s.views.lobby.activity!)).toBe('Bob joined');
    expect(s.views.lobby.participants.map((p) => p.userId)).toEqual(['bob']);
    // a member coming back is announced too, and not listed twice
    s = run(s, { type: 'USER_LEFT', roomId: 'lobby', userId: 'bob', displayName: 'Bob', kicked: false });
    expect(activityText(s.views.lobby.activity!)).toBe('Bob left');
    s = run(s, { type: 'USER_JOINED', roomId: 'lobby', user: bob });
    expect(activityText(s.views.lobby.activity!)).toBe('Bob joined');
    expect(s.views.lobby.participants).toHaveLength(1);
    s = run(s, { type: 'USER_LEFT', roomId: 'lobby', userId: 'bob', kicked: true });
    expect(activityText(s.views.lobby.activity!)).toBe('Bob was removed');
    // never about oneself; a new visit starts empty
    s = run(s, { type: 'USER_JOINED', roomId: 'lobby', user: me });
    expect(s.views.lobby.activity?.userId).toBe('bob');
    s = run(s, { type: 'OPEN', roomId: 'help' }, { type: 'OPEN', roomId: 'lobby' });
    expect(s.views.lobby.activity).toBeNull();
  });

  it('a private conversation opened by its link learns whom it is with from the join', () => {
    const room = 'dm-bob-me';
    let s = run(
      initialChatState('me'),
      { type: 'OPEN', roomId: room, kind: 'dm', name: 'Private' },
      { type: 'JOINING', roomId: room },
    );
    expect(s.rooms[0].peer).toBeUndefined();
    s = run(s, {
      type: 'JOIN_OK',
      roomId: room,
      answer: {
        history: [],
        hasMore: false,
        lastReadId: 0,
        muted: false,
        room: { id: room, name: 'Private', kind: 'dm' },
        participants: [
          { userId: 'bob', displayName: 'Bob', role: 'candidate', muted: false, status: 'online' },
          { userId: 'me', displayName: 'Me', role: 'candidate', muted: false, status: 'online' },
        ],
      },
      active: true,
    });
    expect(s.rooms[0].peer).toEqual({ id: 'bob', displayName: 'Bob' });
  });
});
