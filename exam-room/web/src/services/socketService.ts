/**
 * The low-level Socket.IO client (seed 003's "socket service"): one socket for the whole page, its own reconnection
 * loop (capped exponential backoff with jitter, an immediate retry on the browser's `online` event), the connection
 * state machine behind the banner, acknowledgements with a time-out, and a log of every event for /ws-test.
 *
 * Components never touch this module: they go through WebSocketContext (useWebSocket()).
 */
import { io, type Socket } from 'socket.io-client';
import { backoffDelay, RECONNECT_BACKOFF } from '../lib/backoff';
import { monotonicNow } from '../lib/clock';
import {
  connectionReducer,
  initialConnectionState,
  RESTORED_MS,
  type ConnectionAction,
  type ConnectionState,
} from '../lib/connectionState';
import { clearSession, getAccessToken, refreshSession, SESSION_EXPIRED_MESSAGE } from './api';
import type { Ack } from '../types';

export type EventSource = 'socket' | 'replay' | 'rest';
export type EventHandler = (payload: any, meta: { source: EventSource }) => void;

export interface LogEntry {
  id: number;
  /** wall-clock time of the browser, for display only */
  time: number;
  direction: 'in' | 'out' | 'ack' | 'system';
  event: string;
  payload: unknown;
  transport: string;
}

const LOG_LIMIT = 500;
const ACK_TIMEOUT_MS = 10_000;

let socket: Socket | null = null;
let state: ConnectionState = initialConnectionState;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let restoredTimer: ReturnType<typeof setTimeout> | null = null;
let authRetryUsed = false;
let wanted = false; // whether the page wants to be connected (false after disconnect())
let logSeq = 0;
let log: LogEntry[] = [];
let browserListenersInstalled = false;

const stateListeners = new Set<(s: ConnectionState) => void>();
const logListeners = new Set<(l: LogEntry[]) => void>();
const connectListeners = new Set<() => void>();
const handlers = new Map<string, Set<EventHandler>>();

/** The message shown when the server refuses the token and a refresh does not help. */
export function authMessageFor(reason: unknown): string {
  switch (reason) {
    case 'expired_token':
      return SESSION_EXPIRED_MESSAGE;
    case 'invalid_token':
      return 'Your session is invalid or has expired, please sign in again.';
    case 'missing_token':
      return 'You are not signed in, please sign in again.';
    default:
      return SESSION_EXPIRED_MESSAGE;
  }
}

function dispatch(action: ConnectionAction): void {
  const next = connectionReducer(state, action);
  if (next === state) return;
  state = next;
  for (const l of [...stateListeners]) l(state);
}

export function transportName(): string {
  const engine = socket?.io?.engine as { transport?: { name?: string } } | undefined;
  return socket?.connected ? engine?.transport?.name ?? 'unknown' : 'none';
}

function addLog(direction: LogEntry['direction'], event: string, payload: unknown): void {
  const entry: LogEntry = { id: ++logSeq, time: Date.now(), direction, event, payload, transport: transportName() };
  log = log.length >= LOG_LIMIT ? [...log.slice(log.length - LOG_LIMIT + 1), entry] : [...log, entry];
  for (const l of [...logListeners]) l(log);
}

function deliver(event: string, payload: unknown, source: EventSource): void {
  const set = handlers.get(event);
  if (!set) return;
  for (const h of [...set]) {
    try {
      h(payload, { source });
    } catch (e) {
      console.error(`handler for ${event} failed`, e);
    }
  }
}

function clearRetry(): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
}

function openNow(): void {
  clearRetry();
  if (!socket || socket.connected || !wanted) return;
  socket.connect();
}

function scheduleRetry(): void {
  clearRetry();
  if (!wanted || state.offlineReason === 'auth' || state.offlineReason === 'manual') return;
  const attempt = state.attempt + 1;
  const delayMs = backoffDelay(attempt, RECONNECT_BACKOFF);
  dispatch({ type: 'RETRY_SCHEDULED', attempt, delayMs, at: monotonicNow() + delayMs });
  retryTimer = setTimeout(() => {
    retryTimer = null;
    dispatch({ type: 'RETRY_STARTED' });
    openNow();
  }, delayMs);
}

/** Retry at once (the browser's `online` event, or the banner's "Retry now"). */
export function retryNow(): void {
  if (!wanted || !socket || socket.connected) return;
  if (state.offlineReason === 'auth' || state.offlineReason === 'manual') return;
  dispatch({ type: 'RETRY_SCHEDULED', attempt: state.attempt + 1, delayMs: 0, at: monotonicNow() });
  dispatch({ type: 'RETRY_STARTED' });
  openNow();
}

function refuse(reason: unknown): void {
  clearRetry();
  wanted = false;
  dispatch({ type: 'AUTH_REFUSED', error: String(reason ?? 'unauthorized') });
  socket?.disconnect();
  clearSession(authMessageFor(reason));
}

/** The server refused the token: refresh it once and try again, else show the sign-in message. */
async function onUnauthorized(reason: unknown): Promise<void> {
  if (authRetryUsed) {
    refuse(reason);
    return;
  }
  authRetryUsed = true;
  const refreshed = await refreshSession();
  if (refreshed && wanted) openNow();
  else if (wanted) refuse(reason);
}

function installBrowserListeners(): void {
  if (browserListenersInstalled || typeof window === 'undefined') return;
  browserListenersInstalled = true;
  window.addEventListener('online', () => {
    dispatch({ type: 'BROWSER_ONLINE' });
    if (socket?.connected) dispatch({ type: 'CONNECTED' });
    else retryNow();
  });
  window.addEventListener('offline', () => {
    dispatch({ type: 'BROWSER_OFFLINE' });
  });
  if (typeof navigator !== 'undefined' && navigator.onLine === false) dispatch({ type: 'BROWSER_OFFLINE' });
}

function createSocket(): Socket {
  const s = io({
    autoConnect: false,
    // Reconnection is ours (see scheduleRetry): the banner shows the attempt and the next retry.
    reconnection: false,
    timeout: 10_000,
    // A function, so every (re)connection sends the token as it is now, refreshed or not.
    auth: (cb) => cb(getAccessToken() ? { token: getAccessToken() } : {}),
  });

  s.on('connect', () => {
    clearRetry();
    authRetryUsed = false;
    dispatch({ type: 'CONNECTED' });
    addLog('system', 'connect', { id: s.id });
    if (restoredTimer) clearTimeout(restoredTimer);
    if (state.phase === 'restored') {
      restoredTimer = setTimeout(() => dispatch({ type: 'RESTORED_ELAPSED' }), RESTORED_MS);
    }
    for (const l of [...connectListeners]) l();
  });

  s.on('connect_error', (err: Error & { data?: { reason?: string } }) => {
    addLog('system', 'connect_error', { message: err.message, data: err.data });
    if (err.message === 'unauthorized') {
      void onUnauthorized(err.data?.reason);
      return;
    }
    dispatch({ type: 'CONNECT_FAILED', error: err.message });
    scheduleRetry();
  });

  s.on('disconnect', (reason: string) => {
    addLog('system', 'disconnect', { reason });
    if (reason === 'io client disconnect') return;
    dispatch({ type: 'CONNECTION_LOST', error: reason });
    if (reason === 'io server disconnect') {
      // The server ended the connection: the token expired or the user logged out somewhere. A refresh tells which.
      void refreshSession().then((refreshed) => {
        if (refreshed && wanted) retryNow();
        else if (wanted) refuse('expired_token');
      });
      return;
    }
    scheduleRetry();
  });

  s.on('session_expired', () => {
    // The server disconnects this socket next; start the refresh now so the reconnection is quick.
    void refreshSession();
  });

  s.onAny((event: string, ...args: unknown[]) => {
    const payload = args.length <= 1 ? args[0] : args;
    addLog('in', event, payload);
    deliver(event, payload, 'socket');
  });
  s.onAnyOutgoing((event: string, ...args: unknown[]) => {
    const data = args.filter((a) => typeof a !== 'function');
    addLog('out', event, data.length <= 1 ? data[0] : data);
  });
  return s;
}

/** Connects (or reconnects at once); safe to call when already connected. */
export function connect(): void {
  installBrowserListeners();
  if (!socket) socket = createSocket();
  wanted = true;
  authRetryUsed = false;
  if (socket.connected) return;
  clearRetry();
  dispatch({ type: 'CONNECT_REQUESTED' });
  if (typeof navigator !== 'undefined' && navigator.onLine === false) dispatch({ type: 'BROWSER_OFFLINE' });
  socket.connect();
}

/** Disconnects on purpose: no retry until connect() is called again. */
export function disconnect(): void {
  wanted = false;
  clearRetry();
  if (restoredTimer) clearTimeout(restoredTimer);
  dispatch({ type: 'MANUAL_DISCONNECT' });
  socket?.disconnect();
}

/** Disconnects and forgets the connection history (sign-out, or a different user signing in). */
export function reset(): void {
  disconnect();
  state = initialConnectionState;
  for (const l of [...stateListeners]) l(state);
}

export function isConnected(): boolean {
  return socket?.connected ?? false;
}

export function socketId(): string | undefined {
  return socket?.id;
}

/**
 * Emits with an acknowledgement: resolves with the server's `{ok, ...}`, or `{ok:false, error:"offline"|"timeout"}`.
 * Nothing is queued while disconnected (an examiner's "Pause" must not fire minutes later).
 */
export function emitWithAck<T = Ack>(event: string, payload?: unknown, timeoutMs = ACK_TIMEOUT_MS): Promise<T> {
  if (!socket || !socket.connected) {
    return Promise.resolve({ ok: false, error: 'offline', message: 'Not connected to the server' } as T);
  }
  const s = socket;
  return new Promise<T>((resolve) => {
    s.timeout(timeoutMs).emit(event, payload, (err: unknown, response: unknown) => {
      if (err) {
        addLog('ack', event, { error: 'timeout' });
        resolve({ ok: false, error: 'timeout', message: 'The server did not answer in time' } as T);
        return;
      }
      addLog('ack', event, response);
      resolve((response ?? { ok: true }) as T);
    });
  });
}

/** Emits without waiting for an answer (the /ws-test page's "no acknowledgement" mode). */
export function emitRaw(event: string, payload?: unknown): boolean {
  if (!socket || !socket.connected) return false;
  socket.emit(event, payload);
  return true;
}

export function on(event: string, handler: EventHandler): () => void {
  let set = handlers.get(event);
  if (!set) handlers.set(event, (set = new Set()));
  set.add(handler);
  return () => {
    set!.delete(handler);
  };
}

/** Feeds an event that arrived another way (REST fallback) to the same handlers. */
export function deliverLocal(event: string, payload: unknown, source: EventSource): void {
  addLog('system', `${event} (${source})`, payload);
  deliver(event, payload, source);
}

/** Called after every successful (re)connection: the place to send join_session. */
export function onConnect(listener: () => void): () => void {
  connectListeners.add(listener);
  return () => connectListeners.delete(listener);
}

export function getState(): ConnectionState {
  return state;
}

export function subscribeState(listener: (s: ConnectionState) => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

export function getLog(): LogEntry[] {
  return log;
}

export function subscribeLog(listener: (l: LogEntry[]) => void): () => void {
  logListeners.add(listener);
  return () => logListeners.delete(listener);
}

export function clearLog(): void {
  log = [];
  for (const l of [...logListeners]) l(log);
}
