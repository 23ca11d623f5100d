/**
 * The chat's payloads (docs/events.md, "Chat") as the UI reads them, and their normalisation: anything the server
 * sends goes through these functions, so a malformed event is dropped rather than rendered half-way.
 */
import { asAttachment, type ChatAttachment } from './chatAttachments';

export type PresenceStatus = 'online' | 'away' | 'offline';
export type RoomKind = 'public' | 'session' | 'dm';
/** What the sender sees of their own message; `received` marks other people's messages. */
export type DeliveryStatus = 'sending' | 'sent' | 'delivered' | 'seen' | 'failed';

export interface ChatUserRef {
  id: string;
  displayName: string;
}

export interface ChatMessage {
  /** server id: increasing, so history pages by `before` */
  id: number;
  roomId: string;
  clientMessageId: string;
  sender: ChatUserRef;
  text: string;
  /** server time (ms since the epoch, the server's clock) */
  createdAt: number;
  edited: boolean;
  editedAt: number | null;
  deleted: boolean;
  /** a file sent with the message (absent once deleted) */
  attachment?: ChatAttachment;
  /** on the caller's own messages in history pages: the best receipt so far */
  receipt?: 'sent' | 'delivered' | 'seen';
}

export interface Participant {
  userId: string;
  displayName: string;
  role: string;
  muted: boolean;
  status: PresenceStatus;
}

export interface ChatRoomInfo {
  id: string;
  name: string;
  kind: RoomKind;
  sessionId: string | null;
  slowModeSeconds: number;
  unread: number;
  /** the other user of a private conversation */
  peer?: ChatUserRef;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

export function asPresence(v: unknown): PresenceStatus {
  return v === 'online' || v === 'away' ? v : 'offline';
}

export function asUserRef(v: unknown): ChatUserRef | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  const id = str(r.id ?? r.userId);
  if (!id) return null;
  return { id, displayName: str(r.displayName) ?? str(r.username) ?? id };
}

export function asMessage(v: unknown): ChatMessage | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  const id = Number(r.id);
  const roomId = str(r.roomId);
  const sender = asUserRef(r.sender);
  if (!Number.isSafeInteger(id) || id <= 0 || !roomId || !sender) return null;
  const m: ChatMessage = {
    id,
    roomId,
    clientMessageId: str(r.clientMessageId) ?? '',
    sender,
    text: typeof r.text === 'string' ? r.text : '',
    createdAt: typeof r.createdAt === 'number' ? r.createdAt : 0,
    edited: r.edited === true,
    editedAt: typeof r.editedAt === 'number' ? r.editedAt : null,
    deleted: r.deleted === true,
  };
  if (r.receipt === 'sent' || r.receipt === 'delivered' || r.receipt === 'seen') m.receipt = r.receipt;
  const attachment = m.deleted ? null : asAttachment(r.attachment);
  if (attachment) m.attachment = attachment;
  return m;
}

export function asMessages(v: unknown): ChatMessage[] {
  return Array.isArray(v) ? v.map(asMessage).filter((m): m is ChatMessage => m !== null) : [];
}

export function asParticipant(v: unknown): Participant | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  const userId = str(r.userId ?? r.id);
  if (!userId) return null;
  return {
    userId,
    displayName: str(r.displayName) ?? userId,
    role: str(r.role) ?? '',
    muted: r.muted === true,
    status: asPresence(r.status),
  };
}

export function asParticipants(v: unknown): Participant[] {
  return Array.isArray(v) ? v.map(asParticipant).filter((p): p is Participant => p !== null) : [];
}

export function asRoom(v: unknown): ChatRoomInfo | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  const id = str(r.id);
  if (!id) return null;
  const kind: RoomKind = r.kind === 'session' || r.kind === 'dm' ? r.kind : 'public';
  const room: ChatRoomInfo = {
    id,
    name: str(r.name) ?? id,
    kind,
    sessionId: str(r.sessionId),
    slowModeSeconds: typeof r.slowModeSeconds === 'number' ? r.slowModeSeconds : 0,
    unread: typeof r.unread === 'number' && r.unread > 0 ? r.unread : 0,
  };
  const peer = asUserRef(r.peer);
  if (peer) room.peer = peer;
  return room;
}

/** The name a room is listed under: the other user for a private conversation. */
export function roomLabel(room: ChatRoomInfo): string {
  if (room.kind === 'dm') return room.peer ? room.peer.displayName : 'Private conversation';
  return room.name;
}

/** Session rooms are `session-<sessionId>`; private conversations `dm-<userA>-<userB>`. */
export function sessionRoomId(sessionId: string | number): string {
  return `session-${sessionId}`;
}
