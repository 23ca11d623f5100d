/**
 * Idempotent sending. Every message gets a client message id (a UUID) when the user presses Send; every attempt
 * (the first, a resend after a lost acknowledgement or a reconnection, a retry after a refusal) carries the same id,
 * so the server stores and broadcasts it once and the list shows it once: an entry leaves the outbox as soon as the
 * server's copy is known, by the acknowledgement or by the broadcast, whichever comes first.
 */
import type { ChatAttachment } from './chatAttachments';
import type { ChatMessage } from './chatTypes';

export interface OutboxEntry {
  clientMessageId: string;
  roomId: string;
  text: string;
  /** an uploaded file sent with the text (every attempt carries its id) */
  attachment?: ChatAttachment;
  status: 'sending' | 'failed';
  /** the attempt under way (answers to older attempts are ignored unless they succeeded) */
  attempt: number;
  inFlight: boolean;
  /** the last refusal's code (rate_limited, muted, slow_mode, …) */
  error?: string;
}

export type Outbox = readonly OutboxEntry[];

/** Answers that say nothing was decided: the same message is sent again later (same client id). */
export const TRANSIENT_ERRORS: ReadonlySet<string> = new Set(['offline', 'timeout', 'unavailable']);

export function newClientMessageId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  // randomUUID exists only in secure contexts; getRandomValues everywhere
  const b = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function addEntry(box: Outbox, roomId: string, text: string, clientMessageId: string, attachment?: ChatAttachment): Outbox {
  const entry: OutboxEntry = { clientMessageId, roomId, text, status: 'sending', attempt: 0, inFlight: false };
  if (attachment) entry.attachment = attachment;
  return [...box, entry];
}

function update(box: Outbox, id: string, f: (e: OutboxEntry) => OutboxEntry | null): Outbox {
  const i = box.findIndex((e) => e.clientMessageId === id);
  if (i < 0) return box;
  const next = f(box[i]);
  if (next === box[i]) return box;
  const copy = [...box];
  if (next) copy[i] = next;
  else copy.splice(i, 1);
  return copy;
}

/** An attempt starts: returns its number, to be passed back with the answer. */
export function startAttempt(box: Outbox, id: string): { box: Outbox; attempt: number } {
  let attempt = -1;
  const next = update(box, id, (e) => {
    attempt = e.attempt + 1;
    return { ...e, attempt, inFlight: true, status: 'sending', error: undefined };
  });
  return { box: next, attempt };
}

export type AckOutcome = 'sent' | 'retry' | 'failed' | 'stale';

/**
 * The server answered an attempt. `ok` (even `duplicate: true`) removes the entry; a transient error keeps it for a
 * resend with the same id; any other error marks it failed (shown with a retry button), unless a newer attempt is
 * under way.
 */
export function applyAck(
  box: Outbox,
  id: string,
  attempt: number,
  ack: { ok: boolean; error?: string },
): { box: Outbox; outcome: AckOutcome } {
  const entry = box.find((e) => e.clientMessageId === id);
  if (!entry) return { box, outcome: ack.ok ? 'sent' : 'stale' };
  if (ack.ok) return { box: update(box, id, () => null), outcome: 'sent' };
  if (attempt !== entry.attempt) return { box, outcome: 'stale' };
  const code = ack.error ?? 'error';
  if (TRANSIENT_ERRORS.has(code)) {
    return { box: update(box, id, (e) => ({ ...e, inFlight: false })), outcome: 'retry' };
  }
  return { box: update(box, id, (e) => ({ ...e, inFlight: false, status: 'failed', error: code })), outcome: 'failed' };
}

/** The server's copy arrived (a broadcast, a history page): those entries are done. */
export function confirmFromServer(box: Outbox, messages: readonly ChatMessage[], myUserId: string | null): Outbox {
  if (box.length === 0 || !myUserId) return box;
  const ids = new Set(messages.filter((m) => m.sender.id === myUserId).map((m) => m.clientMessageId));
  const next = box.filter((e) => !ids.has(e.clientMessageId));
  return next.length === box.length ? box : next;
}

/** The entries to (re)send now: waiting, not under way. */
export function dueForResend(box: Outbox): OutboxEntry[] {
  return box.filter((e) => e.status === 'sending' && !e.inFlight);
}

/** The connection dropped: no answer will come for the attempts under way. */
export function connectionLost(box: Outbox): Outbox {
  return box.some((e) => e.inFlight) ? box.map((e) => (e.inFlight ? { ...e, inFlight: false } : e)) : box;
}

export function discardEntry(box: Outbox, id: string): Outbox {
  return update(box, id, () => null);
}

/** The room's unconfirmed messages, in the order they were written. */
export function pendingFor(box: Outbox, roomId: string): OutboxEntry[] {
  return box.filter((e) => e.roomId === roomId);
}
