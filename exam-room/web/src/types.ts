/** Payloads of docs/events.md as the UI reads them. Unknown extra fields are tolerated everywhere. */
export type Role = 'candidate' | 'examiner' | 'admin';
export type Severity = 'info' | 'warning' | 'critical';
export type Id = string | number;

export interface User {
  id: Id;
  username: string;
  role: Role;
  displayName?: string;
  name?: string;
}

export interface AuthResponse {
  accessToken: string;
  expiresAt?: number | string;
  user: User;
}

export interface DemoAccount {
  username: string;
  password: string;
  role: Role | string;
}

export interface AppConfig {
  demo: boolean;
  demoAccounts?: DemoAccount[];
}

export interface Session {
  id: Id;
  title?: string;
  status?: string;
  part?: string | null;
  scheduledAt?: number | string;
  candidateId?: Id;
  examinerId?: Id;
  candidate?: { id?: Id; username?: string; displayName?: string } | string;
  examiner?: { id?: Id; username?: string; displayName?: string } | string;
  timer?: import('./lib/timer').TimerPayload | null;
  cueCard?: CueCard | null;
  [key: string]: unknown;
}

export interface CueCard {
  sessionId?: Id;
  topic: string;
  points: string[];
}

export interface Ack<T = Record<string, unknown>> {
  ok: boolean;
  error?: string;
  message?: string;
  [key: string]: unknown;
  result?: T;
}

export interface Notice {
  id: Id;
  text: string;
  severity: Severity;
  from?: string;
  serverTime?: number;
  sticky?: boolean;
}

export interface AdminMessage {
  id?: Id;
  sessionId: Id;
  seq: number;
  /** came through the REST fallback, without a seq: shown until the numbered copy arrives */
  provisional?: boolean;
  text: string;
  severity: Severity;
  from?: string;
  serverTime?: number;
}

export interface HelpRequest {
  sessionId: Id;
  candidate?: string | { username?: string; displayName?: string; id?: Id };
  text?: string;
  serverTime?: number;
}

export interface PresenceEvent {
  sessionId: Id;
  userId?: Id;
  connected: boolean;
  since?: number;
}

export interface ResultPayload {
  sessionId: Id;
  fluency: number;
  lexical: number;
  grammar: number;
  pronunciation: number;
  overall: number;
}

export function asSeverity(value: unknown): Severity {
  return value === 'warning' || value === 'critical' ? value : 'info';
}

export function personName(p: unknown): string {
  if (typeof p === 'string') return p;
  if (p && typeof p === 'object') {
    const r = p as Record<string, unknown>;
    return String(r.displayName ?? r.username ?? r.name ?? r.id ?? '');
  }
  return '';
}
