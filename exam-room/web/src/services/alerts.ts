/**
 * The REST fallback for critical alerts (seed 000: "Use fallback REST API calls for critical alerts if WebSocket
 * fails"): GET /api/alerts?since=<id> while the socket cannot connect.
 */
import { apiJson, listFrom } from './api';
import { asSeverity, type AdminMessage, type Id, type Notice } from '../types';

export const ALERT_POLL_MS = 10_000;

export interface ParsedAlerts {
  notices: Notice[];
  adminMessages: AdminMessage[];
  /** the id to ask after next time */
  since: Id | null;
}

function rec(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function laterId(a: Id | null, b: Id | null | undefined): Id | null {
  if (b === undefined || b === null) return a;
  if (a === null) return b;
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return nb > na ? b : a;
  return b; // not numeric: the list is in order, the last one wins
}

/**
 * Reads the answer, `{alerts: [...]}` or a bare list; each alert flat (`{id, sessionId, text, severity, from,
 * serverTime, sticky}`) or `{id, type, data|payload}`. An alert of a session (sessionId set, or type
 * "admin_message") is an admin message, with its seq when it has one; one without a session is a broadcast notice.
 */
export function parseAlerts(body: unknown, previousSince: Id | null): ParsedAlerts {
  const out: ParsedAlerts = { notices: [], adminMessages: [], since: previousSince };
  for (const raw of listFrom<unknown>(body, 'alerts')) {
    const outer = rec(raw);
    if (!outer) continue;
    const inner = rec(outer.data) ?? rec(outer.payload) ?? outer;
    const item: Record<string, unknown> = { ...inner };
    if (item.id === undefined && outer.id !== undefined) item.id = outer.id;
    const kind = String(outer.type ?? outer.kind ?? outer.event ?? '');
    const alertId = (outer.alertId ?? outer.id ?? item.id) as Id | undefined;
    out.since = laterId(out.since, alertId ?? null);
    if (typeof item.text !== 'string') continue;
    const hasSession = item.sessionId !== undefined && item.sessionId !== null && item.sessionId !== '';
    const isMessage = kind === 'admin_message' || (kind !== 'notice' && hasSession);
    if (isMessage && hasSession) {
      out.adminMessages.push({
        id: item.id as Id | undefined,
        sessionId: item.sessionId as Id,
        seq: item.seq === undefined || item.seq === null ? NaN : Number(item.seq),
        text: item.text,
        severity: asSeverity(item.severity),
        from: typeof item.from === 'string' ? item.from : undefined,
        serverTime: typeof item.serverTime === 'number' ? item.serverTime : undefined,
      });
    } else if (item.id !== undefined) {
      const severity = asSeverity(item.severity);
      out.notices.push({
        id: item.id as Id,
        text: item.text,
        severity,
        from: typeof item.from === 'string' ? item.from : undefined,
        serverTime: typeof item.serverTime === 'number' ? item.serverTime : undefined,
        sticky: item.sticky === undefined ? severity === 'critical' : Boolean(item.sticky),
      });
    }
  }
  const top = rec(body);
  const explicit = top?.lastId ?? top?.since ?? top?.nextSince;
  if (typeof explicit === 'string' || typeof explicit === 'number') out.since = explicit;
  return out;
}

export async function fetchAlerts(since: Id | null): Promise<ParsedAlerts> {
  const body = await apiJson<unknown>(`/api/alerts?since=${encodeURIComponent(String(since ?? 0))}`);
  return parseAlerts(body, since);
}
