import { useCallback, useEffect, useRef, useState } from 'react';
import { ChunkUploader, baseMimeType, type UploaderStatus } from '../services/chunkUploader';
import { apiRequest, apiError } from '../services/api';
import { chooseRecorderType, levelOf } from '../lib/media';
import { formatElapsed } from '../lib/format';
import { useNow } from '../hooks/useNow';
import { monotonicNow } from '../lib/clock';
import type { Id } from '../types';

const CHUNK_MS = 5000;
const SAMPLE_MS = 3000;

type RecState = 'idle' | 'recording' | 'stopping' | 'complete' | 'failed';

function micErrorText(err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Microphone access is blocked. Allow the microphone for this site in the browser and try again.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone was found. Connect one and try again.';
  if (name === 'NotReadableError') return 'The microphone is in use by another program.';
  return 'The microphone could not be opened.';
}

function statusText(rec: RecState, up: UploaderStatus | null, error: string | null): string {
  if (error) return error;
  if (rec === 'idle') return 'Not recording';
  if (up?.phase === 'failed') return `Upload failed: ${up.error ?? 'unknown error'}`;
  const uploaded = `${up?.acknowledged ?? 0} chunk${up?.acknowledged === 1 ? '' : 's'} uploaded`;
  const waiting = up && up.pending > 0 ? `, ${up.pending} waiting` : '';
  const retry = up?.nextRetryInMs != null && up.phase === 'retrying' ? ` – connection problem, retrying in ${Math.ceil(up.nextRetryInMs / 1000)} s` : '';
  if (rec === 'recording') return `Recording – ${uploaded}${waiting}${retry}`;
  if (rec === 'stopping') return `Finishing the upload – ${uploaded}${waiting}${retry}`;
  if (rec === 'complete') return `Recording uploaded (${uploaded})`;
  return 'Recording stopped';
}

/**
 * Seed 002's audio flow for the test: a microphone check with a level meter, then MediaRecorder with the best
 * supported type, 5-second chunks uploaded in order and kept in memory until acknowledged.
 */
export function Recorder({ sessionId, canRecord }: { sessionId: Id; canRecord: boolean }) {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [micError, setMicError] = useState<string | null>(null);
  const [level, setLevel] = useState(0);
  const [heard, setHeard] = useState(false);
  const [rec, setRec] = useState<RecState>('idle');
  const [upload, setUpload] = useState<UploaderStatus | null>(null);
  const [recError, setRecError] = useState<string | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [sample, setSample] = useState<string | null>(null);
  const recorderRef = useRef<MediaRecorder | null>(null);
  const uploaderRef = useRef<ChunkUploader | null>(null);
  const now = useNow(1000, rec === 'recording');

  const supported = typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia) && typeof MediaRecorder !== 'undefined';

  const openMic = useCallback(async (): Promise<MediaStream | null> => {
    if (stream) return stream;
    setMicError(null);
    try {
      const s = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
      setStream(s);
      return s;
    } catch (e) {
      setMicError(micErrorText(e));
      return null;
    }
  }, [stream]);

  // Level meter: an AnalyserNode on the stream, read about ten times a second.
  useEffect(() => {
    if (!stream) return;
    const AudioCtx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioCtx) return;
    const ctx = new AudioCtx();
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const t = setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      const l = levelOf(buf);
      setLevel(l);
      if (l > 0.02) setHeard(true);
    }, 100);
    void ctx.resume().catch(() => undefined);
    return () => {
      clearInterval(t);
      source.disconnect();
      void ctx.close().catch(() => undefined);
    };
  }, [stream]);

  // Release the microphone and stop retrying when the page goes.
  useEffect(
    () => () => {
      stream?.getTracks().forEach((tr) => tr.stop());
    },
    [stream],
  );
  useEffect(() => () => uploaderRef.current?.dispose(), []);

  // Back online: retry the waiting chunks at once. Leaving with chunks in memory: ask first.
  useEffect(() => {
    const onOnline = () => uploaderRef.current?.retryNow();
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if ((uploaderRef.current?.status().pending ?? 0) > 0) e.preventDefault();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);

  const start = async () => {
    setRecError(null);
    const s = await openMic();
    if (!s) return;
    const type = chooseRecorderType(MediaRecorder.isTypeSupported?.bind(MediaRecorder));
    let recorder: MediaRecorder;
    try {
      recorder = type ? new MediaRecorder(s, { mimeType: type }) : new MediaRecorder(s);
    } catch {
      setRecError('This browser cannot record audio.');
      return;
    }
    const uploader = new ChunkUploader(sessionId, { contentType: baseMimeType(recorder.mimeType || type), onStatus: setUpload });
    uploaderRef.current = uploader;
    recorderRef.current = recorder;
    recorder.ondataavailable = (e) => {
      if (e.data && e.data.size > 0) uploader.add(e.data);
    };
    recorder.onstop = () => {
      setRec('stopping');
      void uploader.complete().then((ok) => setRec(ok ? 'complete' : 'failed'));
    };
    recorder.onerror = () => setRecError('The recorder stopped with an error.');
    recorder.start(CHUNK_MS);
    setStartedAt(monotonicNow());
    setRec('recording');
  };

  const stop = () => {
    const r = recorderRef.current;
    if (r && r.state !== 'inactive') r.stop();
  };

  // Seed 002: record a short sample and POST it to /upload-audio as the multipart field "audio".
  const uploadSample = async () => {
    const s = await openMic();
    if (!s) return;
    setSample('Recording a 3-second sample…');
    const type = chooseRecorderType(MediaRecorder.isTypeSupported?.bind(MediaRecorder));
    const r = type ? new MediaRecorder(s, { mimeType: type }) : new MediaRecorder(s);
    const parts: Blob[] = [];
    r.ondataavailable = (e) => e.data.size > 0 && parts.push(e.data);
    r.onstop = async () => {
      const blobType = baseMimeType(r.mimeType || type);
      const form = new FormData();
      form.append('audio', new Blob(parts, { type: blobType }), blobType === 'audio/ogg' ? 'sample.ogg' : 'sample.webm');
      try {
        const res = await apiRequest('/upload-audio', { method: 'POST', body: form });
        if (!res.ok) throw await apiError(res);
        const body = (await res.json()) as { message?: string; filename?: string };
        setSample(`${body.message ?? 'Uploaded'}${body.filename ? ` (${body.filename})` : ''}`);
      } catch (e) {
        setSample(`Sample upload failed: ${e instanceof Error ? e.message : 'error'}`);
      }
    };
    r.start();
    setTimeout(() => r.state !== 'inactive' && r.stop(), SAMPLE_MS);
  };

  if (!supported) {
    return (
      <section className="panel recorder" aria-labelledby="recorder-title">
        <h3 id="recorder-title">Recording</h3>
        <p className="form-error" role="alert" data-testid="recorder-status" data-state="unsupported">
          This browser cannot record audio (it needs microphone access over HTTPS and MediaRecorder).
        </p>
      </section>
    );
  }

  const status = statusText(rec, upload, recError);
  const uploadFailed = upload?.phase === 'failed';
  return (
    <section className="panel recorder" aria-labelledby="recorder-title">
      <h3 id="recorder-title">Microphone and recording</h3>
      <div className="mic-check">
        <button type="button" onClick={() => void openMic()} disabled={Boolean(stream)} data-testid="mic-check">
          {stream ? 'Microphone on' : 'Check microphone'}
        </button>
        <meter
          className="mic-level"
          data-testid="mic-level"
          data-level={level.toFixed(2)}
          min={0}
          max={1}
          low={0.05}
          high={0.85}
          optimum={0.4}
          value={level}
          aria-label="Microphone level"
        />
        <span className="muted" aria-live="polite">
          {stream ? (heard ? 'We can hear you.' : 'Say something to test the microphone.') : ''}
        </span>
        {stream && (
          <button type="button" className="link-button" onClick={() => void uploadSample()} data-testid="mic-sample">
            Upload a 3-second sample
          </button>
        )}
      </div>
      {sample && (
        <p className="muted" role="status" data-testid="mic-sample-status">
          {sample}
        </p>
      )}
      {micError && (
        <p className="form-error" role="alert" data-testid="mic-error">
          {micError}
        </p>
      )}
      <div className="button-row">
        <button type="button" onClick={() => void start()} disabled={!canRecord || rec === 'recording' || rec === 'stopping'} data-testid="recorder-start">
          Start recording
        </button>
        <button type="button" onClick={stop} disabled={rec !== 'recording'} data-testid="recorder-stop">
          Stop recording
        </button>
        {rec === 'recording' && startedAt !== null && (
          <span className="rec-indicator" aria-hidden="true">
            ● {formatElapsed(now - startedAt)}
          </span>
        )}
      </div>
      <p
        className={uploadFailed || recError ? 'form-error' : 'recorder-status'}
        data-testid="recorder-status"
        data-state={uploadFailed ? 'failed' : rec}
        data-acknowledged={upload?.acknowledged ?? 0}
        data-pending={upload?.pending ?? 0}
        role="status"
        aria-live="polite"
      >
        {status}
      </p>
    </section>
  );
}
