import { describe, expect, it } from 'vitest';
import { backoffDelay, RECONNECT_BACKOFF } from './backoff';

const opts = { baseMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.5 };

describe('backoffDelay', () => {
  it('grows exponentially without jitter (random = 0)', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts, () => 0))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('is capped', () => {
    expect(backoffDelay(6, opts, () => 0)).toBe(30_000);
    expect(backoffDelay(50, opts, () => 0)).toBe(30_000);
    expect(backoffDelay(10_000, opts, () => 0)).toBe(30_000);
  });

  it('is jittered: a random share of up to half is taken off', () => {
    expect(backoffDelay(3, opts, () => 1)).toBe(2000);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(3000);
    expect(backoffDelay(20, opts, () => 1)).toBe(15_000);
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(4, RECONNECT_BACKOFF);
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
      seen.add(d);
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  it('treats attempt 0 or less as the first', () => {
    expect(backoffDelay(0, opts, () => 0)).toBe(1000);
  });
});
