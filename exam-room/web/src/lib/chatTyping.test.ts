import { describe, expect, it } from 'vitest';
import {
  applyTyping,
  expireTyping,
  nextExpiry,
  noTyping,
  TYPING_EXPIRY_MS,
  TYPING_THROTTLE_MS,
  TypingThrottle,
  typingLine,
  typingNames,
  type TypingMap,
} from './chatTyping';

describe('TypingThrottle (sender)', () => {
  it('sends at most one start per 2 s however fast the keystrokes come', () => {
    const t = new TypingThrottle();
    const sent: number[] = [];
    for (let now = 0; now <= 5000; now += 50) if (t.keystroke(now)) sent.push(now);
    expect(sent).toEqual([0, 2000, 4000]);
    expect(TYPING_THROTTLE_MS).toBe(2000);
  });

  it('stops once, only after a start', () => {
    const t = new TypingThrottle();
    expect(t.stop()).toBe(false);
    t.keystroke(0);
    expect(t.isActive).toBe(true);
    expect(t.stop()).toBe(true);
    expect(t.stop()).toBe(false);
  });

  it('does not start again within 2 s of the last start even after a stop (send, then type on)', () => {
    const t = new TypingThrottle();
    expect(t.keystroke(0)).toBe(true);
    expect(t.stop()).toBe(true); // sent the message
    expect(t.keystroke(500)).toBe(false);
    expect(t.isActive).toBe(false);
    expect(t.nextAllowedAt()).toBe(2000);
    expect(t.keystroke(2000)).toBe(true);
  });

  it('reset (disconnect) forgets the active indicator: no stop is owed', () => {
    const t = new TypingThrottle();
    t.keystroke(0);
    t.reset();
    expect(t.stop()).toBe(false);
  });
});

describe('typing indicators (receiver)', () => {
  const a = { id: 'a', displayName: 'Ann' };
  const b = { id: 'b', displayName: 'Bob' };
  const c = { id: 'c', displayName: 'Cid' };

  it('expires 6 s after the last event and refreshes on each', () => {
    let m: TypingMap = applyTyping(noTyping, { user: a, isTyping: true }, 0, 'me');
    expect(typingNames(m, 5999)).toEqual(['Ann']);
    m = applyTyping(m, { user: a, isTyping: true }, 4000, 'me');
    expect(typingNames(m, 9999)).toEqual(['Ann']);
    expect(expireTyping(m, 9999)).toBe(m);
    expect(expireTyping(m, 4000 + TYPING_EXPIRY_MS)).toEqual({});
  });

  it('says when the first indicator is due, so it goes exactly 6 s after its last event', () => {
    expect(nextExpiry(noTyping)).toBeNull();
    let m: TypingMap = applyTyping(noTyping, { user: a, isTyping: true }, 1000, 'me');
    m = applyTyping(m, { user: b, isTyping: true }, 500, 'me');
    expect(nextExpiry(m)).toBe(500 + TYPING_EXPIRY_MS);
    expect(Object.keys(expireTyping(m, nextExpiry(m)!))).toEqual(['a']);
  });

  it('removes on isTyping false and ignores the own user', () => {
    let m = applyTyping(noTyping, { user: a, isTyping: true }, 0, 'me');
    m = applyTyping(m, { user: { id: 'me', displayName: 'Me' }, isTyping: true }, 0, 'me');
    expect(Object.keys(m)).toEqual(['a']);
    m = applyTyping(m, { user: a, isTyping: false }, 1, 'me');
    expect(m).toEqual({});
  });

  it('words the line for one, two and more', () => {
    let m = applyTyping(noTyping, { user: b, isTyping: true }, 0, null);
    expect(typingLine(typingNames(m, 1))).toBe('Bob is typing');
    m = applyTyping(m, { user: a, isTyping: true }, 0, null);
    expect(typingLine(typingNames(m, 1))).toBe('Ann and Bob are typing');
    m = applyTyping(m, { user: c, isTyping: true }, 0, null);
    expect(typingLine(typingNames(m, 1))).toBe('Several people are typing');
    expect(typingLine([])).toBe('');
  });
});
