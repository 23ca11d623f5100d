import { describe, expect, it } from 'vitest';
import {
  addEntry,
  applyAck,
  confirmFromServer,
  connectionLost,
  discardEntry,
  dueForResend,
  newClientMessageId,
  pendingFor,
  startAttempt,
  type Outbox,
} from './chatOutbox';
import type { ChatMessage } from './chatTypes';

const server = (clientMessageId: string, sender = 'me'): ChatMessage => ({
  id: 1,
  roomId: 'lobby',
  clientMessageId,
  sender: { id: sender, displayName: sender },
  text: 'hi',
  createdAt: 0,
  edited: false,
  editedAt: null,
  deleted: false,
});

describe('outbox (idempotent resend)', () => {
  it('makes UUIDs', () => {
    const a = newClientMessageId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientMessageId()).not.toBe(a);
  });

  it('resends after a lost ack with the same client id, and the late ok of the first attempt completes it', () => {
    let box: Outbox = addEntry([], 'lobby', 'hello', 'c-1');
    let a1: number;
    ({ box, attempt: a1 } = startAttempt(box, 'c-1'));
    // the connection drops: no answer will come
    box = connectionLost(box);
    expect(dueForResend(box).map((e) => e.clientMessageId)).toEqual(['c-1']);
    let a2: number;
    ({ box, attempt: a2 } = startAttempt(box, 'c-1'));
    expect(a2).toBe(a1 + 1);
    expect(dueForResend(box)).toEqual([]);
    // the first attempt's timeout answer is stale: the second is under way
    let r = applyAck(box, 'c-1', a1, { ok: false, error: 'timeout' });
    expect(r.outcome).toBe('stale');
    box = r.box;
    r = applyAck(box, 'c-1', a2, { ok: true });
    expect(r.outcome).toBe('sent');
    expect(r.box).toEqual([]);
  });

  it('keeps transient failures for later and marks refusals failed', () => {
    let box: Outbox = addEntry(addEntry([], 'lobby', 'a', 'c-1'), 'lobby', 'b', 'c-2');
    let at: number;
    ({ box, attempt: at } = startAttempt(box, 'c-1'));
    let r = applyAck(box, 'c-1', at, { ok: false, error: 'offline' });
    expect(r.outcome).toBe('retry');
    box = r.box;
    ({ box, attempt: at } = startAttempt(box, 'c-2'));
    r = applyAck(box, 'c-2', at, { ok: false, error: 'rate_limited' });
    expect(r.outcome).toBe('failed');
    box = r.box;
    expect(box.map((e) => [e.clientMessageId, e.status, e.error])).toEqual([
      ['c-1', 'sending', undefined],
      ['c-2', 'failed', 'rate_limited'],
    ]);
    // a failed entry is not resent by itself; the user's retry reuses its id
    expect(dueForResend(box).map((e) => e.clientMessageId)).toEqual(['c-1']);
    ({ box } = startAttempt(box, 'c-2'));
    expect(box[1]).toMatchObject({ status: 'sending', error: undefined, inFlight: true });
    expect(discardEntry(box, 'c-2').map((e) => e.clientMessageId)).toEqual(['c-1']);
  });

  it("leaves once the server's copy is seen, so the message shows once", () => {
    let box: Outbox = addEntry([], 'lobby', 'hello', 'c-1');
    box = addEntry(box, 'help', 'other room', 'c-2');
    // someone else's message with the same client id does not count
    expect(confirmFromServer(box, [server('c-1', 'other')], 'me')).toBe(box);
    box = confirmFromServer(box, [server('c-1')], 'me');
    expect(pendingFor(box, 'lobby')).toEqual([]);
    expect(pendingFor(box, 'help')).toHaveLength(1);
    // the ack that follows finds nothing to do
    expect(applyAck(box, 'c-1', 1, { ok: true }).outcome).toBe('sent');
  });
});
