import { describe, expect, it } from 'vitest';
import { countIncoming, placeSeparator, separatorOnUnseenMessage, totalUnread } from './chatUnread';
import type { ChatMessage, ChatRoomInfo } from './chatTypes';

const msg = (id: number, sender = 'other', extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  roomId: 'lobby',
  clientMessageId: `c${id}`,
  sender: { id: sender, displayName: sender },
  text: 't',
  createdAt: 0,
  edited: false,
  editedAt: null,
  deleted: false,
  ...extra,
});

describe('unread separator', () => {
  it('goes before the first unread message by someone else', () => {
    const messages = [msg(1), msg(2, 'me'), msg(3, 'me'), msg(4), msg(5, 'me'), msg(6)];
    expect(placeSeparator(messages, 2, 'me')).toEqual({ beforeId: 4, count: 2 });
  });

  it('skips own and deleted messages, and is absent when all is read', () => {
    expect(placeSeparator([msg(1), msg(2, 'me'), msg(3, 'x', { deleted: true })], 1, 'me')).toBeNull();
    expect(placeSeparator([msg(1), msg(2)], 2, 'me')).toBeNull();
  });

  it('sits above the loaded page when more is unread than loaded', () => {
    expect(placeSeparator([msg(10), msg(11)], 0, 'me', 75)).toEqual({ beforeId: 10, count: 75 });
  });

  it('starts or grows with messages that arrive while the page is not looked at', () => {
    let s = separatorOnUnseenMessage(null, msg(9, 'me'), 'me');
    expect(s).toBeNull();
    s = separatorOnUnseenMessage(s, msg(9), 'me');
    expect(s).toEqual({ beforeId: 9, count: 1 });
    s = separatorOnUnseenMessage(s, msg(12), 'me');
    expect(s).toEqual({ beforeId: 9, count: 2 });
  });
});

describe('room unread counts', () => {
  const rooms: ChatRoomInfo[] = [
    { id: 'lobby', name: 'Lobby', kind: 'public', sessionId: null, slowModeSeconds: 0, unread: 0 },
    { id: 'dm-a-b', name: 'Private', kind: 'dm', sessionId: null, slowModeSeconds: 0, unread: 2 },
  ];

  it('counts messages by others in rooms not being looked at', () => {
    let r = countIncoming(rooms, msg(5, 'other', { roomId: 'dm-a-b' }), { myUserId: 'me', viewingRoomId: 'lobby' }).rooms;
    expect(r[1].unread).toBe(3);
    r = countIncoming(r, msg(6, 'other'), { myUserId: 'me', viewingRoomId: 'lobby' }).rooms;
    expect(r[0].unread).toBe(0);
    r = countIncoming(r, msg(7, 'me', { roomId: 'dm-a-b' }), { myUserId: 'me', viewingRoomId: 'lobby' }).rooms;
    expect(totalUnread(r)).toBe(3);
  });

  it('reports a room it does not know (a new private conversation)', () => {
    expect(countIncoming(rooms, msg(5, 'x', { roomId: 'dm-new' }), { myUserId: 'me', viewingRoomId: null }).unknownRoom).toBe(true);
  });
});
