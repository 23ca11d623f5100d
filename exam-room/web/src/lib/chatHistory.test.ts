import { describe, expect, it } from 'vitest';
import { applyLatestPage, applyLive, applyOlderPage, emptyHistory, mergeMessages, olderCursor, type History } from './chatHistory';
import type { ChatMessage } from './chatTypes';

const msg = (id: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  roomId: 'lobby',
  clientMessageId: `c${id}`,
  sender: { id: 'u1', displayName: 'Ann' },
  text: `m${id}`,
  createdAt: id * 1000,
  edited: false,
  editedAt: null,
  deleted: false,
  ...extra,
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));
const ids = (h: History) => h.messages.map((m) => m.id);

/** The server's history: ids 1..total, pages of `limit` before `before` (0 = newest), oldest first. */
function server(total: number) {
  return (before: number, limit: number) => {
    const top = before === 0 ? total : before - 1;
    const from = Math.max(1, top - limit + 1);
    return { page: top >= 1 ? range(from, top) : [], hasMore: from > 1 };
  };
}

describe('history', () => {
  it('scrolls up through 230 messages without gaps or duplicates', () => {
    const api = server(230);
    const first = api(0, 50);
    let h = applyLatestPage(emptyHistory, first.page, first.hasMore);
    // live messages and edits interleave with the paging
    h = applyLive(h, msg(180, { text: 'edited', edited: true, editedAt: 5 }));
    let cursor = olderCursor(h);
    let pages = 1;
    while (cursor !== null) {
      const p = api(cursor, 50);
      h = applyOlderPage(h, cursor, p.page, p.hasMore);
      // a duplicate delivery of the same page changes nothing
      h = applyOlderPage(h, cursor, p.page, p.hasMore);
      cursor = olderCursor(h);
      pages++;
    }
    expect(pages).toBe(5);
    expect(ids(h)).toEqual(range(1, 230).map((m) => m.id));
    expect(h.hasMore).toBe(false);
    expect(h.messages.find((m) => m.id === 180)?.text).toBe('edited');
  });

  it('drops an older page that crossed a rejoin which replaced the messages', () => {
    let h = applyLatestPage(emptyHistory, range(101, 150), true);
    const cursor = olderCursor(h)!;
    // the connection dropped; 120 messages later the rejoin brings 221..270, not contiguous with 101..150
    h = applyLatestPage(h, range(221, 270), true);
    expect(ids(h)).toEqual(range(221, 270).map((m) => m.id));
    h = applyOlderPage(h, cursor, range(51, 100), true);
    expect(ids(h)[0]).toBe(221);
    expect(olderCursor(h)).toBe(221);
  });

  it('merges a rejoin page that overlaps what is held, keeping older pages and their hasMore', () => {
    let h = applyLatestPage(emptyHistory, range(51, 100), true);
    h = applyOlderPage(h, 51, range(1, 50), false);
    h = applyLatestPage(h, range(71, 120), true);
    expect(ids(h)).toEqual(range(1, 120).map((m) => m.id));
    expect(h.hasMore).toBe(false);
  });

  it('a deletion or edit wins over the plain copy whatever the order', () => {
    const deleted = msg(5, { deleted: true, text: '' });
    expect(mergeMessages([deleted], [msg(5)])[0].deleted).toBe(true);
    expect(mergeMessages([msg(5)], [deleted])[0].deleted).toBe(true);
    const e1 = msg(5, { edited: true, editedAt: 1, text: 'one' });
    const e2 = msg(5, { edited: true, editedAt: 2, text: 'two' });
    expect(mergeMessages([e2], [e1])[0].text).toBe('two');
  });

  it('an empty room is loaded with nothing more', () => {
    const h = applyLatestPage(emptyHistory, [], false);
    expect(h.loaded).toBe(true);
    expect(olderCursor(h)).toBeNull();
  });
});
