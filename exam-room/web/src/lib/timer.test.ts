import { afterEach, describe, expect, it, vi } from 'vitest';
import { countdownMilestone, receiveTimer, remainingAt } from './timer';

describe('timer rendering from receive time', () => {
  afterEach(() => vi.restoreAllMocks());

  it('counts down from the moment the value arrived, on the monotonic clock', () => {
    let mono = 5_000;
    const timer = receiveTimer({ remainingMs: 90_000, running: true, serverTime: 1_700_000_000_000, part: 'part1' }, () => mono)!;
    expect(remainingAt(timer, mono)).toBe(90_000);
    mono += 1_500;
    expect(remainingAt(timer, mono)).toBe(88_500);
    mono += 200_000;
    expect(remainingAt(timer, mono)).toBe(0);
  });

  it('a client wall clock hours off (or the server time) changes nothing', () => {
    const serverTime = 1_700_000_000_000;
    const mono = 10_000;
    vi.spyOn(Date, 'now').mockReturnValue(serverTime + 3 * 3600_000); // client 3 h ahead
    const ahead = remainingAt(receiveTimer({ remainingMs: 60_000, running: true, serverTime }, () => mono)!, mono + 2_000);
    vi.spyOn(Date, 'now').mockReturnValue(serverTime - 5 * 3600_000); // client 5 h behind
    const behind = remainingAt(receiveTimer({ remainingMs: 60_000, running: true, serverTime }, () => mono)!, mono + 2_000);
    expect(ahead).toBe(58_000);
    expect(behind).toBe(58_000);
  });

  it('a paused timer stays where the server put it', () => {
    const timer = receiveTimer({ remainingMs: 42_000, running: false }, () => 0)!;
    expect(remainingAt(timer, 30_000)).toBe(42_000);
  });

  it('timer_update re-syncs: the newest value replaces the drifted one', () => {
    const first = receiveTimer({ remainingMs: 60_000, running: true }, () => 0)!;
    expect(remainingAt(first, 10_000)).toBe(50_000);
    // The examiner extended by 30 s: the server now says 80 s remain.
    const second = receiveTimer({ remainingMs: 80_000, running: true }, () => 10_000)!;
    expect(remainingAt(second, 10_000)).toBe(80_000);
    expect(remainingAt(second, 11_000)).toBe(79_000);
  });

  it('ignores a payload without a remaining time', () => {
    expect(receiveTimer({ running: true }, () => 0)).toBeNull();
  });

  it('announces politely only at milestones', () => {
    expect(countdownMilestone(120_000)).toBe('2 minutes remaining');
    expect(countdownMilestone(60_000)).toBe('1 minute remaining');
    expect(countdownMilestone(30_000)).toBe('30 seconds remaining');
    expect(countdownMilestone(10_000)).toBe('10 seconds remaining');
    expect(countdownMilestone(0)).toBe('Time is up');
    expect(countdownMilestone(59_000)).toBeNull();
    expect(countdownMilestone(45_500)).toBeNull();
  });
});
