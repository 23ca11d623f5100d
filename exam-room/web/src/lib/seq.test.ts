import { describe, expect, it } from 'vitest';
import { mergeReplay, normalizeReplayEntry, SeqTracker, type SeqEvent } from './seq';
import { emptySessionView, sessionReducer, type SessionView } from './sessionState';

const msg = (seq: number, text: string): SeqEvent => ({ event: 'admin_message', seq, payload: { sessionId: 's1', seq, text, severity: 'info' } });

describe('SeqTracker', () => {
  it('accepts each seq once', () => {
    const t = new SeqTracker();
    expect(t.mark(1)).toBe(true);
    expect(t.mark(1)).toBe(false);
    expect(t.mark(2)).toBe(true);
    expect(t.lastSeq).toBe(2);
  });

  it('keeps lastSeq at the last contiguous seq so an early REST copy does not hide older events from the replay', () => {
    const t = new SeqTracker();
    t.mark(1);
    t.mark(4); // arrived through GET /api/alerts while the socket was down
    expect(t.lastSeq).toBe(1);
    expect(t.has(4)).toBe(true);
    expect(t.has(2)).toBe(false);
    t.mark(2);
    t.mark(3);
    expect(t.lastSeq).toBe(4);
  });

  it('completeThrough trusts a replay even when the numbering has holes', () => {
    const t = new SeqTracker();
    t.mark(1);
    t.completeThrough(7);
    expect(t.lastSeq).toBe(7);
    expect(t.mark(5)).toBe(false);
    expect(t.mark(8)).toBe(true);
  });
});

describe('replay after a reconnection', () => {
  it('applies missed events in order, once each, ignoring seqs already handled', () => {
    const t = new SeqTracker();
    // Before the drop: 1 and 2 were handled live.
    t.mark(1);
    t.mark(2);
    // While away, 3..5 happened; the REST fallback already showed 4.
    t.mark(4);
    // join_session {lastSeq: 2} answers 3, 4, 5; a live copy of 6 arrived before the answer, and one of 5.
    const replay = [
      { event: 'test_status', seq: 3, data: { sessionId: 's1', seq: 3, status: 'Paused', part: 'part1' } },
      { event: 'admin_message', seq: 4, data: { sessionId: 's1', seq: 4, text: 'four', severity: 'info' } },
      { event: 'admin_message', seq: 5, data: { sessionId: 's1', seq: 5, text: 'five', severity: 'warning' } },
    ];
    expect(t.lastSeq).toBe(2);
    const out = mergeReplay(t, replay, [msg(6, 'six'), msg(5, 'five')]);
    expect(out.map((e) => e.seq)).toEqual([3, 5, 6]);
    expect(t.lastSeq).toBe(6);
    // A second reconnection replays 5 and 6 again (say the answer was lost): nothing is applied twice.
    expect(mergeReplay(t, replay.slice(2), [msg(6, 'six')])).toEqual([]);
  });

  it('the session view lists admin messages in seq order, each once, and ends on the latest status', () => {
    const t = new SeqTracker();
    let view: SessionView = emptySessionView;
    const apply = (events: SeqEvent[]) => {
      view = sessionReducer(view, { type: 'EVENTS', events }, 0);
    };
    // Live: message 1.
    if (t.mark(1)) apply([msg(1, 'one')]);
    // REST fallback while offline: message 3.
    if (t.mark(3)) apply([msg(3, 'three')]);
    // Reconnect: the replay carries 2 (a status change), 3 (again) and 4.
    apply(
      mergeReplay(
        t,
        [
          { event: 'test_status', seq: 2, data: { sessionId: 's1', seq: 2, status: 'In Progress', part: 'part2_talk' } },
          { event: 'admin_message', seq: 3, data: { sessionId: 's1', seq: 3, text: 'three', severity: 'info' } },
          { event: 'admin_message', seq: 4, data: { sessionId: 's1', seq: 4, text: 'four', severity: 'critical' } },
        ],
        [],
      ),
    );
    // A late live duplicate of 4.
    if (t.mark(4)) apply([msg(4, 'four')]);
    expect(view.adminMessages.map((m) => m.text)).toEqual(['one', 'three', 'four']);
    expect(view.status).toBe('In Progress');
    expect(view.part).toBe('part2_talk');
    expect(view.log.map((l) => l.seq)).toEqual([2]);
  });

  it('an admin message first seen through the REST fallback (no seq) is listed once, then takes its place', () => {
    let view: SessionView = emptySessionView;
    view = sessionReducer(view, { type: 'EVENTS', events: [{ event: 'admin_message', seq: 1, payload: { id: 10, text: 'one', severity: 'info' } }] }, 0);
    view = sessionReducer(view, { type: 'REST_MESSAGE', message: { id: 12, sessionId: 's1', seq: NaN, text: 'three', severity: 'critical' } }, 0);
    view = sessionReducer(view, { type: 'REST_MESSAGE', message: { id: 12, sessionId: 's1', seq: NaN, text: 'three', severity: 'critical' } }, 0);
    expect(view.adminMessages.map((m) => m.text)).toEqual(['one', 'three']);
    // The replay brings 2 and 3 (= notice 12) with their seqs.
    view = sessionReducer(
      view,
      {
        type: 'EVENTS',
        events: [
          { event: 'admin_message', seq: 2, payload: { id: 11, text: 'two', severity: 'info' } },
          { event: 'admin_message', seq: 3, payload: { id: 12, text: 'three', severity: 'critical' } },
        ],
      },
      0,
    );
    expect(view.adminMessages.map((m) => [m.text, m.seq])).toEqual([
      ['one', 1],
      ['two', 2],
      ['three', 3],
    ]);
  });

  it('an older status replayed after a newer one does not turn the clock back', () => {
    let view = sessionReducer(emptySessionView, { type: 'EVENTS', events: [{ event: 'test_status', seq: 5, payload: { status: 'Paused', part: 'part1' } }] }, 0);
    view = sessionReducer(view, { type: 'EVENTS', events: [{ event: 'test_status', seq: 4, payload: { status: 'In Progress', part: 'part1' } }] }, 0);
    expect(view.status).toBe('Paused');
  });

  it('reads the replay entry shapes', () => {
    expect(normalizeReplayEntry({ event: 'countdown', seq: 2, data: { sessionId: 1, secondsToStart: 30 } })).toEqual({
      event: 'countdown',
      seq: 2,
      payload: { sessionId: 1, secondsToStart: 30, seq: 2 },
    });
    expect(normalizeReplayEntry({ type: 'test_ended', sessionId: 1, seq: 9, status: 'Completed' })?.payload.status).toBe('Completed');
    expect(normalizeReplayEntry(['admin_message', { seq: 3, text: 'x' }])?.seq).toBe(3);
    // The server's shape: the event as sent, named by `type`.
    expect(normalizeReplayEntry({ type: 'admin_message', sessionId: 's1', seq: 4, id: 17, text: 'hi', severity: 'info' })).toMatchObject({
      event: 'admin_message',
      seq: 4,
      payload: { id: 17, text: 'hi' },
    });
    expect(normalizeReplayEntry({ seq: 1 })).toBeNull();
    expect(normalizeReplayEntry({ event: 'admin_message', data: { text: 'no seq' } })).toBeNull();
  });
});
