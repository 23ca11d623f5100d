import { describe, expect, it } from 'vitest';
import {
  connectionReducer,
  connectionHeadline,
  initialConnectionState,
  needsAlertFallback,
  OFFLINE_AFTER_ATTEMPTS,
  type ConnectionAction,
  type ConnectionState,
} from './connectionState';

const run = (actions: ConnectionAction[], from: ConnectionState = initialConnectionState) => actions.reduce(connectionReducer, from);

describe('connection banner state machine', () => {
  it('connecting → connected on the first connection', () => {
    const s = run([{ type: 'CONNECT_REQUESTED' }]);
    expect(s.phase).toBe('connecting');
    expect(run([{ type: 'CONNECTED' }], s).phase).toBe('connected');
  });

  it('connected → reconnecting with attempt and next retry → restored → connected', () => {
    let s = run([{ type: 'CONNECT_REQUESTED' }, { type: 'CONNECTED' }, { type: 'CONNECTION_LOST', error: 'transport close' }]);
    expect(s.phase).toBe('reconnecting');
    s = run([{ type: 'RETRY_SCHEDULED', attempt: 1, delayMs: 800, at: 1800 }], s);
    expect(s).toMatchObject({ phase: 'reconnecting', attempt: 1, nextRetryAt: 1800 });
    expect(connectionHeadline(s)).toContain('attempt 1');
    s = run([{ type: 'RETRY_STARTED' }, { type: 'CONNECT_FAILED' }, { type: 'RETRY_SCHEDULED', attempt: 2, delayMs: 1500, at: 5000 }], s);
    expect(s).toMatchObject({ phase: 'reconnecting', attempt: 2, failures: 1 });
    s = run([{ type: 'RETRY_STARTED' }, { type: 'CONNECTED' }], s);
    expect(s).toMatchObject({ phase: 'restored', attempt: 0, nextRetryAt: null });
    s = run([{ type: 'RESTORED_ELAPSED' }], s);
    expect(s.phase).toBe('connected');
  });

  it('goes offline (with the REST fallback) after repeated failures, and keeps retrying', () => {
    let s = run([{ type: 'CONNECT_REQUESTED' }, { type: 'CONNECTED' }, { type: 'CONNECTION_LOST' }]);
    for (let i = 1; i <= OFFLINE_AFTER_ATTEMPTS; i++) {
      expect(needsAlertFallback(s)).toBe(true);
      s = run([{ type: 'RETRY_SCHEDULED', attempt: i, delayMs: 1000, at: i * 1000 }, { type: 'RETRY_STARTED' }, { type: 'CONNECT_FAILED' }], s);
    }
    expect(s.phase).toBe('offline');
    expect(s.offlineReason).toBe('unreachable');
    expect(needsAlertFallback(s)).toBe(true);
    s = run([{ type: 'RETRY_SCHEDULED', attempt: 4, delayMs: 8000, at: 9000 }], s);
    expect(s).toMatchObject({ phase: 'offline', attempt: 4, nextRetryAt: 9000 });
  });

  it('the browser going offline shows offline at once; coming back online retries', () => {
    let s = run([{ type: 'CONNECT_REQUESTED' }, { type: 'CONNECTED' }, { type: 'BROWSER_OFFLINE' }]);
    expect(s).toMatchObject({ phase: 'offline', offlineReason: 'network' });
    expect(connectionHeadline(s)).toMatch(/offline/i);
    s = run([{ type: 'BROWSER_ONLINE' }], s);
    expect(s.phase).toBe('reconnecting');
    s = run([{ type: 'CONNECTED' }], s);
    expect(s.phase).toBe('restored');
  });

  it('a refused token stops the machine until a new connection is requested', () => {
    let s = run([{ type: 'CONNECT_REQUESTED' }, { type: 'CONNECTED' }, { type: 'CONNECTION_LOST' }, { type: 'AUTH_REFUSED', error: 'expired_token' }]);
    expect(s).toMatchObject({ phase: 'offline', offlineReason: 'auth' });
    expect(needsAlertFallback(s)).toBe(false);
    s = run([{ type: 'CONNECT_FAILED' }, { type: 'RETRY_SCHEDULED', attempt: 1, delayMs: 1, at: 1 }], s);
    expect(s).toMatchObject({ phase: 'offline', offlineReason: 'auth', nextRetryAt: null });
    s = run([{ type: 'CONNECT_REQUESTED' }], s);
    expect(s.phase).toBe('connecting');
  });

  it('a deliberate disconnect is offline without retries or fallback', () => {
    const s = run([{ type: 'CONNECT_REQUESTED' }, { type: 'CONNECTED' }, { type: 'MANUAL_DISCONNECT' }, { type: 'CONNECTION_LOST' }]);
    expect(s).toMatchObject({ phase: 'offline', offlineReason: 'manual' });
    expect(needsAlertFallback(s)).toBe(false);
  });

  it('a first connection that fails goes to reconnecting, and success then is "connected", not "restored"', () => {
    let s = run([{ type: 'CONNECT_REQUESTED' }, { type: 'CONNECT_FAILED' }]);
    expect(s.phase).toBe('reconnecting');
    s = run([{ type: 'CONNECTED' }], s);
    expect(s.phase).toBe('connected');
  });
});
