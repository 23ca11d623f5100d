/**
 * Delivery status of the user's own messages: sending → sent (the server's ack, after the commit, or the message's
 * broadcast) → delivered (a recipient's socket received it) → seen (a recipient had the room in a visible, focused
 * tab). A status never goes back; in a room with several recipients the best one counts (the tooltip names who saw
 * it). `failed` is a rejected send (rate limit, mute, slow mode…), which may be retried with the same client id.
 */
import type { DeliveryStatus } from './chatTypes';

const RANK: Record<DeliveryStatus, number> = { failed: 0, sending: 1, sent: 2, delivered: 3, seen: 4 };

/** The next status of a message: an upgrade, or a retry of a failed one; anything else keeps `current`. */
export function advanceStatus(current: DeliveryStatus, next: DeliveryStatus): DeliveryStatus {
  if (current === 'failed') return next === 'sending' || RANK[next] >= RANK.sent ? next : current;
  if (next === 'failed') return current === 'sending' ? 'failed' : current;
  return RANK[next] > RANK[current] ? next : current;
}

export interface MessageReceipts {
  status: 'delivered' | 'seen';
  /** user id → that user's status */
  by: Readonly<Record<string, 'delivered' | 'seen'>>;
}

/** Receipts received by the sender, by message id. */
export type ReceiptMap = Readonly<Record<number, MessageReceipts>>;

export const noReceipts: ReceiptMap = Object.freeze({});

/**
 * Applies a `receipt {messageId, userId, status}` event. Receipts may arrive before the message itself is known (they
 * are kept by id), twice, or out of order (seen before delivered): the result only ever upgrades.
 */
export function applyReceipt(map: ReceiptMap, messageId: number, userId: string, status: unknown): ReceiptMap {
  if (status !== 'delivered' && status !== 'seen') return map;
  const st: 'delivered' | 'seen' = status;
  const cur = map[messageId];
  const userCur = cur?.by[userId];
  if (userCur === 'seen' || userCur === status) return map;
  const by: Record<string, 'delivered' | 'seen'> = { ...(cur?.by ?? {}), [userId]: st };
  const best: 'delivered' | 'seen' = cur?.status === 'seen' || st === 'seen' ? 'seen' : 'delivered';
  return { ...map, [messageId]: { status: best, by } };
}

/**
 * What the sender sees for one own message.
 *
 * @param pending the outbox status while the send is not acknowledged (undefined once it is)
 * @param stored the message's `receipt` from a history page, if any
 * @param receipts live receipts for it
 */
export function deliveryStatus(
  pending: 'sending' | 'failed' | undefined,
  stored: 'sent' | 'delivered' | 'seen' | undefined,
  receipts: MessageReceipts | undefined,
  hasServerId: boolean,
): DeliveryStatus {
  let s: DeliveryStatus = hasServerId ? 'sent' : pending ?? 'sending';
  if (stored) s = advanceStatus(s, stored);
  if (receipts) s = advanceStatus(s, receipts.status);
  return s;
}

/** The most message ids one `receipt {messageIds}` carries (the server takes up to 200). */
export const RECEIPT_BATCH = 100;

/** The messages of others a reader has not reported seen yet: after the read marker, not deleted, not sent before. */
export function unseenIds(
  messages: readonly { id: number; sender: { id: string }; deleted: boolean }[],
  myUserId: string | null,
  lastReadId: number,
  alreadySent: ReadonlySet<number>,
): number[] {
  return messages.filter((m) => m.sender.id !== myUserId && !m.deleted && m.id > lastReadId && !alreadySent.has(m.id)).map((m) => m.id);
}

/** `ids` in batches of at most `size`, one `receipt` event each. */
export function receiptBatches(ids: readonly number[], size = RECEIPT_BATCH): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

export function statusLabel(status: DeliveryStatus): string {
  switch (status) {
    case 'sending':
      return 'Sending…';
    case 'sent':
      return 'Sent';
    case 'delivered':
      return 'Delivered';
    case 'seen':
      return 'Seen';
    case 'failed':
      return 'Not sent';
  }
}
