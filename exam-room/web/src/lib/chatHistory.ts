/**
 * A room's messages as the client holds them: sorted by server id, each id once, with `hasMore` saying whether older
 * messages exist before the oldest one held. Pages backwards (`before` = the oldest id held) join without gaps;
 * the latest page of a (re)join joins the held messages only if it overlaps them, else it replaces them, so a long
 * disconnection never leaves a silent hole in the middle of the conversation.
 */
import type { ChatMessage } from './chatTypes';

export interface History {
  messages: readonly ChatMessage[];
  /** older messages exist before messages[0] */
  hasMore: boolean;
  /** whether anything was loaded yet */
  loaded: boolean;
}

export const emptyHistory: History = { messages: [], hasMore: false, loaded: false };

/** Of two copies of one message, the later state: deleted beats edited beats plain; a later edit beats an earlier. */
export function newerCopy(a: ChatMessage, b: ChatMessage): ChatMessage {
  if (a.deleted !== b.deleted) return a.deleted ? a : b;
  if ((a.editedAt ?? 0) !== (b.editedAt ?? 0)) return (a.editedAt ?? 0) > (b.editedAt ?? 0) ? a : b;
  // same state: keep the richer copy (a receipt summary from a history page)
  return b.receipt || !a.receipt ? b : a;
}

/** The union of two id-sorted lists, each id once (the newer copy), sorted by id. */
export function mergeMessages(a: readonly ChatMessage[], b: readonly ChatMessage[]): ChatMessage[] {
  const byId = new Map<number, ChatMessage>();
  for (const m of a) byId.set(m.id, m);
  for (const m of b) {
    const cur = byId.get(m.id);
    byId.set(m.id, cur ? newerCopy(cur, m) : m);
  }
  return [...byId.values()].sort((x, y) => x.id - y.id);
}

/**
 * An older page arrived, asked for with `before`. It extends the history only if `before` is still the oldest id held;
 * an answer that crossed a rejoin (which may have replaced the messages) is dropped, so it cannot create a hole.
 */
export function applyOlderPage(h: History, before: number, page: readonly ChatMessage[], hasMore: boolean): History {
  if (h.messages.length === 0 || h.messages[0].id !== before) return h;
  return { messages: mergeMessages(page.filter((m) => m.id < before), h.messages), hasMore, loaded: true };
}

/** The latest page of a join or rejoin (`chat_history`, the join answer). */
export function applyLatestPage(h: History, page: readonly ChatMessage[], hasMore: boolean): History {
  if (h.messages.length === 0 || page.length === 0) {
    return page.length === 0 && h.messages.length > 0
      ? { ...h, loaded: true }
      : { messages: mergeMessages([], page), hasMore, loaded: true };
  }
  const newestHeld = h.messages[h.messages.length - 1].id;
  if (hasMore && page[0].id > newestHeld) {
    // More than a page arrived while we were away: what we hold is not contiguous with the page any more.
    return { messages: mergeMessages([], page), hasMore: true, loaded: true };
  }
  const merged = mergeMessages(h.messages, page);
  const oldestFromPage = page[0].id < h.messages[0].id;
  return { messages: merged, hasMore: oldestFromPage ? hasMore : h.hasMore, loaded: true };
}

/** A live message, edit or deletion. */
export function applyLive(h: History, m: ChatMessage): History {
  return { ...h, messages: mergeMessages(h.messages, [m]) };
}

/** The id to send as `before` for the next older page, or null when there is nothing older. */
export function olderCursor(h: History): number | null {
  if (!h.hasMore || h.messages.length === 0) return null;
  return h.messages[0].id;
}
