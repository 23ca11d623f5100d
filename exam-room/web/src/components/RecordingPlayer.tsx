import { useEffect, useRef, useState } from 'react';
import { apiError, apiRequest } from '../services/api';
import type { Id } from '../types';

/**
 * Playback for the examiner. The endpoint needs the Bearer token, which an <audio src> cannot send, so the audio is
 * fetched as a Blob and played from an object URL that is revoked when it is replaced or the player goes.
 */
export function RecordingPlayer({ sessionId, autoLoad }: { sessionId: Id; autoLoad: boolean }) {
  const [url, setUrl] = useState<string | null>(null);
  const [state, setState] = useState<'empty' | 'loading' | 'loaded' | 'error'>('empty');
  const [message, setMessage] = useState<string | null>(null);
  const urlRef = useRef<string | null>(null);

  const replaceUrl = (next: string | null) => {
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    urlRef.current = next;
    setUrl(next);
  };

  const load = async () => {
    setState('loading');
    setMessage(null);
    try {
      const res = await apiRequest(`/api/sessions/${encodeURIComponent(String(sessionId))}/recording`, { headers: { Accept: 'audio/*' } });
      if (!res.ok) {
        const err = await apiError(res);
        throw new Error(res.status === 404 ? 'No recording yet.' : err.message);
      }
      const blob = await res.blob();
      replaceUrl(URL.createObjectURL(blob));
      setState('loaded');
      setMessage(`${Math.round(blob.size / 1024)} KB, ${blob.type || 'audio'}`);
    } catch (e) {
      setState('error');
      setMessage(e instanceof Error ? e.message : 'Could not load the recording.');
    }
  };

  useEffect(() => {
    replaceUrl(null);
    setState('empty');
    setMessage(null);
    if (autoLoad) void load();
  }, [sessionId, autoLoad]);

  useEffect(() => () => replaceUrl(null), []);

  return (
    <section className="panel" aria-labelledby="playback-title">
      <h3 id="playback-title">Recording</h3>
      <div className="button-row">
        <button type="button" onClick={() => void load()} disabled={state === 'loading'} data-testid="recording-load">
          {state === 'loaded' ? 'Reload recording' : 'Load recording'}
        </button>
        <span className={state === 'error' ? 'form-error' : 'muted'} role="status" data-testid="recording-state" data-state={state}>
          {state === 'loading' ? 'Loading…' : message}
        </span>
      </div>
      <audio controls preload="metadata" src={url ?? undefined} data-testid="recording-player" data-state={state} aria-label="Candidate's recording" />
    </section>
  );
}
