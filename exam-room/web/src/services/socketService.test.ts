/** @vitest-environment jsdom */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// A fake socket.io-client: records connect() calls and lets the test fire the socket's events.
const fake = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => void;
  const state = {
    options: null as null | { auth: (cb: (data: object) => void) => void; reconnection: boolean },
    connects: 0,
    handlers: new Map<string, Handler[]>(),
    socket: null as null | Record<string, unknown>,
    fire(event: string, ...args: unknown[]) {
      if (event === 'connect') (state.socket as { connected: boolean }).connected = true;
      if (event === 'disconnect') (state.socket as { connected: boolean }).connected = false;
      for (const h of state.handlers.get(event) ?? []) h(...args);
    },
  };
  return state;
});

vi.mock('socket.io-client', () => ({
  io: (options: typeof fake.options) => {
    fake.options = options;
    const socket = {
      connected: false,
      id: 'sid',
      io: { engine: { transport: { name: 'websocket' } } },
      on(event: string, h: (...a: unknown[]) => void) {
        fake.handlers.set(event, [...(fake.handlers.get(event) ?? []), h]);
        return socket;
      },
      onAny() {},
      onAnyOutgoing() {},
      connect() {
        fake.connects += 1;
        return socket;
      },
      disconnect() {
        socket.connected = false;
        return socket;
      },
    };
    fake.socket = socket;
    return socket;
  },
}));

const api = vi.hoisted(() => ({ token: 'token-1' as string | null, refreshResult: null as unknown, cleared: [] as string[] }));
vi.mock('./api', () => ({
  SESSION_EXPIRED_MESSAGE: 'Your session has expired, please sign in again.',
  getAccessToken: () => api.token,
  refreshSession: vi.fn(async () => api.refreshResult),
  clearSession: (reason: string) => api.cleared.push(reason),
}));

import * as socketService from './socketService';

describe('socketService reconnection', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
    vi.spyOn(Math, 'random').mockReturnValue(0); // no jitter: delays 1 s, 2 s, 4 s …
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('sends the token of the moment through an auth function, reconnects with backoff, and at once when the browser is back online', async () => {
    socketService.connect();
    expect(fake.options?.reconnection).toBe(false);
    expect(fake.connects).toBe(1);
    expect(socketService.getState().phase).toBe('connecting');

    // auth is a function, read at every connection: a refreshed token is picked up.
    const sent: object[] = [];
    fake.options!.auth((d) => sent.push(d));
    api.token = 'token-2';
    fake.options!.auth((d) => sent.push(d));
    expect(sent).toEqual([{ token: 'token-1' }, { token: 'token-2' }]);

    fake.fire('connect');
    expect(socketService.getState().phase).toBe('connected');

    fake.fire('disconnect', 'transport close');
    expect(socketService.getState()).toMatchObject({ phase: 'reconnecting', attempt: 1, nextRetryDelayMs: 1000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.connects).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.connects).toBe(2);

    fake.fire('connect_error', new Error('xhr poll error'));
    expect(socketService.getState()).toMatchObject({ phase: 'reconnecting', attempt: 2, nextRetryDelayMs: 2000 });

    // The browser says it is online again: retry now, not in 2 s.
    window.dispatchEvent(new Event('online'));
    expect(fake.connects).toBe(3);
    fake.fire('connect');
    expect(socketService.getState().phase).toBe('restored');
    await vi.advanceTimersByTimeAsync(5000);
    expect(socketService.getState().phase).toBe('connected');
    expect(fake.connects).toBe(3); // the cancelled 2 s retry never fired
  });

  it('a refused token that a refresh cannot fix shows the sign-in message and stops retrying', async () => {
    socketService.connect();
    fake.fire('connect');
    fake.fire('disconnect', 'transport close');
    await vi.advanceTimersByTimeAsync(1000);
    const before = fake.connects;
    const err = Object.assign(new Error('unauthorized'), { data: { reason: 'expired_token' } });
    api.refreshResult = null;
    fake.fire('connect_error', err);
    await vi.advanceTimersByTimeAsync(0);
    expect(socketService.getState()).toMatchObject({ phase: 'offline', offlineReason: 'auth' });
    expect(api.cleared).toEqual(['Your session has expired, please sign in again.']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.connects).toBe(before);
  });
});
