/**
 * The connection banner's state machine.
 *
 *   connecting ──connected──▶ connected ──lost──▶ reconnecting(attempt, next retry) ──connected──▶ restored ──4 s──▶ connected
 *        │                                           │   ▲
 *        └──failed──▶ reconnecting                   │   └─ retry scheduled (attempt+1)
 *                                                    └──browser offline, or OFFLINE_AFTER_ATTEMPTS failures──▶ offline
 *
 * `offline` also covers a refused sign-in (reason "auth") and a deliberate disconnect (reason "manual"); in those no
 * retry is scheduled. While reconnecting or offline the REST fallback for critical alerts is on.
 */
export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'restored';

export type OfflineReason = 'network' | 'unreachable' | 'auth' | 'manual' | null;

export interface ConnectionState {
  phase: ConnectionPhase;
  /** number of the retry scheduled or under way (1 for the first retry), 0 when none */
  attempt: number;
  /** monotonic time of the next scheduled retry, null when none is scheduled */
  nextRetryAt: number | null;
  /** the delay of the scheduled retry, for announcing it once */
  nextRetryDelayMs: number | null;
  /** consecutive failed attempts since the last successful connection */
  failures: number;
  everConnected: boolean;
  browserOnline: boolean;
  offlineReason: OfflineReason;
  lastError: string | null;
}

export type ConnectionAction =
  | { type: 'CONNECT_REQUESTED' }
  | { type: 'CONNECTED' }
  | { type: 'RESTORED_ELAPSED' }
  | { type: 'CONNECTION_LOST'; error?: string }
  | { type: 'CONNECT_FAILED'; error?: string }
  | { type: 'RETRY_SCHEDULED'; attempt: number; delayMs: number; at: number }
  | { type: 'RETRY_STARTED' }
  | { type: 'BROWSER_OFFLINE' }
  | { type: 'BROWSER_ONLINE' }
  | { type: 'AUTH_REFUSED'; error?: string }
  | { type: 'MANUAL_DISCONNECT' };

/** After this many failed attempts in a row the server counts as unreachable: the banner says offline. */
export const OFFLINE_AFTER_ATTEMPTS = 3;
/** How long "Connection restored" stays before the banner settles on connected. */
export const RESTORED_MS = 4000;

export const initialConnectionState: ConnectionState = {
  phase: 'connecting',
  attempt: 0,
  nextRetryAt: null,
  nextRetryDelayMs: null,
  failures: 0,
  everConnected: false,
  browserOnline: true,
  offlineReason: null,
  lastError: null,
};

function failedPhase(state: ConnectionState, failures: number): Pick<ConnectionState, 'phase' | 'offlineReason'> {
  if (!state.browserOnline) return { phase: 'offline', offlineReason: 'network' };
  if (failures >= OFFLINE_AFTER_ATTEMPTS) return { phase: 'offline', offlineReason: 'unreachable' };
  return { phase: 'reconnecting', offlineReason: null };
}

export function connectionReducer(state: ConnectionState, action: ConnectionAction): ConnectionState {
  switch (action.type) {
    case 'CONNECT_REQUESTED':
      return { ...initialConnectionState, everConnected: state.everConnected, browserOnline: state.browserOnline, phase: 'connecting' };
    case 'CONNECTED':
      return {
        ...state,
        phase: state.everConnected && state.phase !== 'connected' ? 'restored' : 'connected',
        attempt: 0,
        failures: 0,
        nextRetryAt: null,
        nextRetryDelayMs: null,
        everConnected: true,
        offlineReason: null,
        lastError: null,
      };
    case 'RESTORED_ELAPSED':
      return state.phase === 'restored' ? { ...state, phase: 'connected' } : state;
    case 'CONNECTION_LOST': {
      if (state.offlineReason === 'auth' || state.offlineReason === 'manual') return state;
      return { ...state, ...failedPhase(state, 0), attempt: 0, failures: 0, nextRetryAt: null, nextRetryDelayMs: null, lastError: action.error ?? null };
    }
    case 'CONNECT_FAILED': {
      if (state.offlineReason === 'auth' || state.offlineReason === 'manual') return state;
      const failures = state.failures + 1;
      return { ...state, ...failedPhase(state, failures), failures, nextRetryAt: null, nextRetryDelayMs: null, lastError: action.error ?? null };
    }
    case 'RETRY_SCHEDULED':
      if (state.offlineReason === 'auth' || state.offlineReason === 'manual') return state;
      return { ...state, attempt: action.attempt, nextRetryAt: action.at, nextRetryDelayMs: action.delayMs };
    case 'RETRY_STARTED':
      return { ...state, nextRetryAt: null, nextRetryDelayMs: null };
    case 'BROWSER_OFFLINE':
      // The browser knows first: say so at once, even if the socket has not noticed yet.
      if (state.offlineReason === 'auth' || state.offlineReason === 'manual') return { ...state, browserOnline: false };
      return { ...state, browserOnline: false, phase: 'offline', offlineReason: 'network' };
    case 'BROWSER_ONLINE': {
      const next = { ...state, browserOnline: true };
      if (state.phase === 'offline' && state.offlineReason === 'network') {
        return { ...next, phase: 'reconnecting', offlineReason: null, nextRetryAt: null, nextRetryDelayMs: null };
      }
      return next;
    }
    case 'AUTH_REFUSED':
      return { ...state, phase: 'offline', offlineReason: 'auth', nextRetryAt: null, nextRetryDelayMs: null, lastError: action.error ?? null };
    case 'MANUAL_DISCONNECT':
      return { ...state, phase: 'offline', offlineReason: 'manual', attempt: 0, failures: 0, nextRetryAt: null, nextRetryDelayMs: null };
    default:
      return state;
  }
}

/** Whether critical alerts should be fetched over REST: the socket is not delivering them. */
export function needsAlertFallback(state: ConnectionState): boolean {
  if (state.offlineReason === 'manual' || state.offlineReason === 'auth') return false;
  return state.phase === 'reconnecting' || state.phase === 'offline';
}

/** The banner's headline for a state (the seconds to the next retry are rendered next to it). */
export function connectionHeadline(state: ConnectionState): string {
  switch (state.phase) {
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'restored':
      return 'Connection restored';
    case 'reconnecting':
      return state.attempt > 0 ? `Connection lost. Reconnecting (attempt ${state.attempt})` : 'Connection lost. Reconnecting…';
    case 'offline':
      switch (state.offlineReason) {
        case 'manual':
          return 'Disconnected';
        case 'auth':
          return 'Signed out: the server refused the connection';
        case 'network':
          return 'You are offline. Live updates are paused; critical alerts are checked over HTTP';
        default:
          return `Cannot reach the server${state.attempt > 0 ? ` (attempt ${state.attempt})` : ''}. Live updates are paused; critical alerts are checked over HTTP`;
      }
    default:
      return '';
  }
}
