import { describe, expect, it } from 'vitest';
import { advanceStatus, applyReceipt, deliveryStatus, noReceipts, receiptBatches, statusLabel, unseenIds } from './chatReceipts';

describe('receipt state machine', () => {
  it('goes sending → sent → delivered → seen and never back', () => {
    let s = advanceStatus('sending', 'sent');
    expect(s).toBe('sent');
    s = advanceStatus(s, 'delivered');
    expect(s).toBe('delivered');
    s = advanceStatus(s, 'seen');
    expect(s).toBe('seen');
    expect(advanceStatus(s, 'delivered')).toBe('seen');
    expect(advanceStatus(s, 'sending')).toBe('seen');
    expect(advanceStatus('delivered', 'sent')).toBe('delivered');
  });

  it('fails only while sending, and a failed message can be retried', () => {
    expect(advanceStatus('sending', 'failed')).toBe('failed');
    expect(advanceStatus('sent', 'failed')).toBe('sent');
    expect(advanceStatus('failed', 'sending')).toBe('sending');
    expect(advanceStatus('failed', 'sent')).toBe('sent');
  });

  it('keeps receipts that arrive before the message, twice, or seen before delivered', () => {
    let r = applyReceipt(noReceipts, 7, 'bob', 'seen');
    expect(r[7].status).toBe('seen');
    const same = applyReceipt(r, 7, 'bob', 'delivered');
    expect(same).toBe(r);
    expect(applyReceipt(r, 7, 'bob', 'seen')).toBe(r);
    r = applyReceipt(r, 7, 'cid', 'delivered');
    expect(r[7]).toEqual({ status: 'seen', by: { bob: 'seen', cid: 'delivered' } });
    expect(applyReceipt(r, 7, 'bob', 'bogus')).toBe(r);
  });

  it('derives what the sender sees for one message', () => {
    expect(deliveryStatus('sending', undefined, undefined, false)).toBe('sending');
    expect(deliveryStatus('failed', undefined, undefined, false)).toBe('failed');
    // the broadcast (or ack) gives the server id: sent
    expect(deliveryStatus('sending', undefined, undefined, true)).toBe('sent');
    expect(deliveryStatus(undefined, 'sent', applyReceipt(noReceipts, 1, 'b', 'delivered')[1], true)).toBe('delivered');
    // a history page after a reload says seen; a late delivered receipt does not lower it
    expect(deliveryStatus(undefined, 'seen', applyReceipt(noReceipts, 1, 'b', 'delivered')[1], true)).toBe('seen');
    expect(statusLabel('seen')).toBe('Seen');
  });
});

describe('seen receipts of a reader', () => {
  const m = (id: number, sender = 'bob', deleted = false) => ({ id, sender: { id: sender }, deleted });

  it('reports each message of others once, after the read marker', () => {
    const page = [m(1), m(2), m(3, 'me'), m(4, 'bob', true), m(5), m(6)];
    expect(unseenIds(page, 'me', 1, new Set([5]))).toEqual([2, 6]);
  });

  it('a page of history is one receipt event, a long history a few', () => {
    const ids = Array.from({ length: 210 }, (_, i) => i + 1);
    expect(receiptBatches(ids).map((b) => b.length)).toEqual([100, 100, 10]);
    expect(receiptBatches(ids.slice(0, 50))).toHaveLength(1);
    expect(receiptBatches([])).toEqual([]);
  });
});
