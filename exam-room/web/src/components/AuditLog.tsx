import { useCallback, useEffect, useState } from 'react';
import { apiJson, listFrom } from '../services/api';
import { formatDateTime } from '../lib/format';
import { personName, type Id } from '../types';

type Entry = Record<string, unknown>;

const KNOWN = new Set(['id', 'sessionId', 'serverTime', 'time', 'at', 'timestamp', 'actor', 'action', 'event', 'type']);

function describe(e: Entry): string {
  const parts: string[] = [];
  if (e.from !== undefined || e.to !== undefined) parts.push(`${String(e.from ?? '–')} → ${String(e.to ?? '–')}`);
  for (const [k, v] of Object.entries(e)) {
    if (KNOWN.has(k) || k === 'from' || k === 'to' || v === null || v === undefined || v === '') continue;
    parts.push(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  }
  return parts.join(', ');
}

/** GET /api/sessions/{id}/audit: every state change with server time and actor. */
export function AuditLog({ sessionId, reloadKey }: { sessionId: Id; /** reloads when it changes (e.g. on every session event) */ reloadKey?: unknown }) {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const body = await apiJson<unknown>(`/api/sessions/${encodeURIComponent(String(sessionId))}/audit`);
      setEntries(listFrom<Entry>(body, 'audit', 'entries', 'events'));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the audit log');
    }
  }, [sessionId]);

  useEffect(() => {
    setEntries(null);
  }, [sessionId]);

  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  return (
    <section className="panel" aria-labelledby="audit-title">
      <div className="panel-head">
        <h3 id="audit-title">Audit log</h3>
        <button type="button" className="small" onClick={() => void load()} data-testid="audit-refresh">
          Refresh
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <table className="audit-log" data-testid="audit-log" data-count={entries?.length ?? 0}>
        <thead>
          <tr>
            <th scope="col">Server time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {(entries ?? []).map((e, i) => (
            <tr key={String(e.id ?? i)}>
              <td>{formatDateTime(e.serverTime ?? e.time ?? e.at ?? e.timestamp)}</td>
              <td>{personName(e.actor)}</td>
              <td>{String(e.action ?? e.event ?? e.type ?? '')}</td>
              <td>{describe(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries && entries.length === 0 && <p className="muted">No entries.</p>}
    </section>
  );
}
