import { useEffect, useState } from 'react';
import { apiJson } from '../services/api';
import type { Id, ResultPayload } from '../types';

export type StoredResult = ResultPayload & { published?: boolean };

/** GET /api/sessions/{id}/result ({} while there is none), reloaded when `reloadKey` changes. */
export function useStoredResult(sessionId: Id, reloadKey: unknown): StoredResult | null {
  const [result, setResult] = useState<StoredResult | null>(null);
  useEffect(() => {
    let cancelled = false;
    apiJson<{ result?: StoredResult }>(`/api/sessions/${encodeURIComponent(String(sessionId))}/result`)
      .then((b) => {
        if (!cancelled && b?.result && typeof b.result.overall === 'number') setResult(b.result);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [sessionId, reloadKey]);
  return result;
}
