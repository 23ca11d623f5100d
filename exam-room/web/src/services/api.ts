/**
 * REST calls with the access token. The token lives in this module's memory only (never localStorage, never a URL);
 * the refresh token is an HttpOnly cookie the browser sends to /api/auth/* by itself.
 */
import type { AppConfig, AuthResponse, User } from '../types';
import { monotonicNow } from '../lib/clock';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `reason` says why a signed-in user was signed out (shown on the login page); absent for sign-in and logout. */
type AuthListener = (user: User | null, reason?: string) => void;

let accessToken: string | null = null;
let currentUser: User | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let refreshInFlight: Promise<AuthResponse | null> | null = null;
const authListeners = new Set<AuthListener>();

export function getAccessToken(): string | null {
  return accessToken;
}

export function getCurrentUser(): User | null {
  return currentUser;
}

export function onAuthChange(listener: AuthListener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

function notifyAuth(reason?: string): void {
  for (const l of [...authListeners]) l(currentUser, reason);
}

export const SESSION_EXPIRED_MESSAGE = 'Your session has expired, please sign in again.';

/** Reads exp and iat from a JWT without verifying it (the server verifies; the client only plans its refresh). */
export function decodeJwtTimes(token: string): { iat?: number; exp?: number } {
  try {
    const part = token.split('.')[1];
    if (!part) return {};
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims = JSON.parse(json) as Record<string, unknown>;
    return {
      iat: typeof claims.iat === 'number' ? claims.iat : undefined,
      exp: typeof claims.exp === 'number' ? claims.exp : undefined,
    };
  } catch {
    return {};
  }
}

/**
 * How long the token is valid from now, in ms, measured without trusting the client's clock: exp − iat from the token
 * itself when it has both; otherwise expiresAt (ms since the epoch, or an ISO string) against Date.now().
 */
export function tokenLifetimeMs(token: string, expiresAt: unknown): number | null {
  const { iat, exp } = decodeJwtTimes(token);
  if (iat !== undefined && exp !== undefined && exp > iat) return (exp - iat) * 1000;
  let at: number | null = null;
  if (typeof expiresAt === 'number') at = expiresAt < 1e12 ? expiresAt * 1000 : expiresAt;
  else if (typeof expiresAt === 'string') {
    const parsed = Date.parse(expiresAt);
    at = Number.isNaN(parsed) ? null : parsed;
  }
  return at === null ? null : at - Date.now();
}

/** When to refresh: at 80 % of the lifetime, at least 10 s before the end and never sooner than 5 s from now. */
export function refreshDelayMs(lifetimeMs: number): number {
  return Math.max(5000, Math.min(lifetimeMs * 0.8, lifetimeMs - 10_000));
}

function setSession(auth: AuthResponse | null, reason?: string): void {
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = null;
  accessToken = auth?.accessToken ?? null;
  currentUser = auth?.user ?? null;
  if (auth) {
    const lifetime = tokenLifetimeMs(auth.accessToken, auth.expiresAt);
    if (lifetime !== null && lifetime > 0) {
      const issuedAt = monotonicNow();
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        void refreshSession().then((r) => {
          if (!r) console.warn('token refresh failed after', Math.round(monotonicNow() - issuedAt), 'ms');
        });
      }, refreshDelayMs(lifetime));
    }
  }
  notifyAuth(auth ? undefined : reason);
}

async function parseBody(res: Response): Promise<unknown> {
  const type = res.headers.get('Content-Type') ?? '';
  if (type.includes('application/json')) {
    try {
      return await res.json();
    } catch {
      return null;
    }
  }
  try {
    const text = await res.text();
    return text ? { message: text } : null;
  } catch {
    return null;
  }
}

function errorFrom(res: Response, body: unknown): ApiError {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const code = typeof b.error === 'string' ? b.error : `http_${res.status}`;
  const message = typeof b.message === 'string' ? b.message : typeof b.error === 'string' ? b.error : res.statusText || `HTTP ${res.status}`;
  return new ApiError(res.status, code, message, body);
}

/** POST /api/auth/refresh with the cookie; one at a time (the cookie rotates, so two at once would race). */
export function refreshSession(): Promise<AuthResponse | null> {
  if (refreshInFlight) return refreshInFlight;
  refreshInFlight = (async () => {
    try {
      const res = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!res.ok) {
        if ((res.status === 401 || res.status === 403) && currentUser) setSession(null, SESSION_EXPIRED_MESSAGE);
        return null;
      }
      const body = (await res.json()) as AuthResponse;
      if (!body?.accessToken) return null;
      setSession(body);
      return body;
    } catch {
      return null;
    } finally {
      refreshInFlight = null;
    }
  })();
  return refreshInFlight;
}

export async function login(username: string, password: string): Promise<AuthResponse> {
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await parseBody(res);
  if (!res.ok) throw errorFrom(res, body);
  const auth = body as AuthResponse;
  setSession(auth);
  return auth;
}

export async function logout(): Promise<void> {
  const token = accessToken;
  setSession(null);
  try {
    await fetch('/api/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
  } catch {
    // signed out locally either way
  }
}

/** Forgets the session locally (after the server refused the token and a refresh failed). */
export function clearSession(reason: string = SESSION_EXPIRED_MESSAGE): void {
  setSession(null, reason);
}

export interface RequestOptions {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A fetch with the Bearer token; on 401 it refreshes the token once and tries again. */
export async function apiRequest(path: string, options: RequestOptions = {}): Promise<Response> {
  const send = () => {
    const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    return fetch(path, { method: options.method ?? 'GET', headers, body, credentials: 'same-origin', signal: options.signal });
  };
  let res = await send();
  if (res.status === 401 && accessToken !== null) {
    const refreshed = await refreshSession();
    if (refreshed) res = await send();
  }
  return res;
}

export async function apiJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await apiRequest(path, options);
  const body = await parseBody(res);
  if (!res.ok) throw errorFrom(res, body);
  return body as T;
}

export async function apiError(res: Response): Promise<ApiError> {
  return errorFrom(res, await parseBody(res));
}

/** Unwraps a list that the server may send bare or as {<key>: [...]}. */
export function listFrom<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const rec = body as Record<string, unknown>;
    for (const k of [...keys, 'items', 'data']) if (Array.isArray(rec[k])) return rec[k] as T[];
  }
  return [];
}

export const getConfig = () => apiJson<AppConfig>('/api/config');
