/**
 * Unread counts and the "N unread" separator. The server's count (GET /api/chat/rooms → `unread`) is messages by
 * others, not deleted, after the user's last seen one (`lastReadId`, moved by `seen` receipts and own sends). The
 * separator is placed when a room is opened, before the first such message, and stays there while the room is open.
 */
import type { ChatMessage, ChatRoomInfo } from './chatTypes';

export interface UnreadSeparator {
  /** the separator goes just before this message */
  beforeId: number;
  count: number;
}

const unreadBy = (m: ChatMessage, lastReadId: number, myUserId: string | null) =>
  m.id > lastReadId && m.sender.id !== myUserId && !m.deleted;

/**
 * Where the separator goes when a room is opened: before the first unread message by someone else. `knownUnread`
 * (the room list's count) covers unread messages older than the loaded page: then the separator sits above the
 * oldest loaded one and says the larger number.
 */
export function placeSeparator(
  messages: readonly ChatMessage[],
  lastReadId: number,
  myUserId: string | null,
  knownUnread = 0,
): UnreadSeparator | null {
  const unread = messages.filter((m) => unreadBy(m, lastReadId, myUserId));
  if (unread.length === 0) return null;
  const count = Math.max(unread.length, knownUnread);
  const beforeId = count > unread.length && messages.length > 0 ? messages[0].id : unread[0].id;
  return { beforeId, count };
}

/**
 * A live message arrived in the open room while the page was not being looked at (hidden or unfocused): it starts
 * the separator, or adds to it.
 */
export function separatorOnUnseenMessage(sep: UnreadSeparator | null, m: ChatMessage, myUserId: string | null): UnreadSeparator | null {
  if (m.sender.id === myUserId || m.deleted) return sep;
  if (!sep) return { beforeId: m.id, count: 1 };
  return m.id > sep.beforeId ? { ...sep, count: sep.count + 1 } : sep;
}

/** `message_received` for the room list: counts for rooms other than the one being looked at. */
export function countIncoming(
  rooms: readonly ChatRoomInfo[],
  m: ChatMessage,
  opts: { myUserId: string | null; viewingRoomId: string | null },
): { rooms: ChatRoomInfo[]; unknownRoom: boolean } {
  const i = rooms.findIndex((r) => r.id === m.roomId);
  if (i < 0) return { rooms: [...rooms], unknownRoom: true };
  if (m.sender.id === opts.myUserId || m.roomId === opts.viewingRoomId) return { rooms: [...rooms], unknownRoom: false };
  const copy = [...rooms];
  copy[i] = { ...copy[i], unread: copy[i].unread + 1 };
  return { rooms: copy, unknownRoom: false };
}

/** The total for a badge ("Chat (3)"). */
export function totalUnread(rooms: readonly ChatRoomInfo[]): number {
  return rooms.reduce((n, r) => n + r.unread, 0);
}
