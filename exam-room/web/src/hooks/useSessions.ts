import { useCallback, useEffect, useState } from 'react';
import { apiJson, listFrom } from '../services/api';
import type { Session } from '../types';

/** GET /api/sessions (the sessions this user may see), reloaded on demand and every `refreshMs` if given. */
export function useSessions(refreshMs?: number) {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const body = await apiJson<unknown>('/api/sessions');
      setSessions(listFrom<Session>(body, 'sessions'));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the sessions');
    }
  }, []);

  useEffect(() => {
    void reload();
    if (!refreshMs) return;
    const t = setInterval(() => void reload(), refreshMs);
    return () => clearInterval(t);
  }, [reload, refreshMs]);

  return { sessions, error, reload };
}

const ACTIVE = ['In Progress', 'Paused', 'Waiting'];

function scheduledMs(s: Session): number {
  const v = s.scheduledAt;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? Number.MAX_SAFE_INTEGER : t;
  }
  return Number.MAX_SAFE_INTEGER;
}

/** The session a candidate most likely wants: one under way, else the next scheduled, else the latest. */
export function pickCurrentSession(sessions: Session[]): Session | null {
  if (sessions.length === 0) return null;
  const active = sessions.find((s) => s.status && ACTIVE.includes(s.status));
  if (active) return active;
  const scheduled = sessions.filter((s) => !s.status || s.status === 'Scheduled').sort((a, b) => scheduledMs(a) - scheduledMs(b));
  if (scheduled.length) return scheduled[0];
  return [...sessions].sort((a, b) => scheduledMs(b) - scheduledMs(a))[0];
}
