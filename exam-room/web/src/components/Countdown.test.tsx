/** @vitest-environment jsdom */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { render } from '../test/render';
import { Countdown } from './Countdown';
import { receiveTimer } from '../lib/timer';

describe('<Countdown>', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('renders m:ss from the receive time whatever Date.now() says', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance', 'Date'] });
    vi.setSystemTime(new Date('2001-01-01T00:00:00Z')); // a client clock decades behind the server
    const timer = receiveTimer({ remainingMs: 125_000, running: true, serverTime: Date.UTC(2030, 0, 1), part: 'part2_talk' })!;
    const view = render(<Countdown timer={timer} />);
    expect(view.byTestId('countdown').textContent).toBe('2:05');
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(view.byTestId('countdown').textContent).toBe('2:00');
    expect(view.byTestId('countdown-announcement').textContent).toBe('2 minutes remaining');
    // Jump the wall clock by an hour: nothing moves but the monotonic time.
    vi.setSystemTime(Date.now() + 3600_000);
    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(view.byTestId('countdown').textContent).toBe('1:59');
    view.unmount();
  });

  it('shows a paused timer frozen', () => {
    const timer = receiveTimer({ remainingMs: 61_000, running: false, part: 'part3' })!;
    const view = render(<Countdown timer={timer} />);
    expect(view.byTestId('countdown').textContent).toBe('1:01');
    expect(view.byTestId('countdown').getAttribute('data-running')).toBe('false');
    view.unmount();
  });

  it('before the test counts down to the start', () => {
    const timer = receiveTimer({ remainingMs: 0, running: false, part: null, msToStart: 90_000, status: 'Waiting' })!;
    const view = render(<Countdown timer={timer} />);
    expect(view.byTestId('countdown').textContent).toBe('1:30');
    expect(view.byTestId('countdown').getAttribute('data-mode')).toBe('start');
    view.unmount();
  });
});
