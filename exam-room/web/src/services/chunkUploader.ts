/**
 * Uploads recorder chunks in order: PUT /api/sessions/{id}/recording/chunks/{seq}. Chunks stay in memory until the
 * server acknowledges them; failures are retried in order with capped, jittered backoff (at once when the browser
 * comes back online); a 409 {expectedSeq} tells where the server is; complete() waits for the queue, then
 * POST .../recording/complete.
 */
import { backoffDelay, UPLOAD_BACKOFF, type BackoffOptions } from '../lib/backoff';
import { apiRequest } from './api';
import type { Id } from '../types';

export type UploaderPhase = 'idle' | 'uploading' | 'retrying' | 'completing' | 'complete' | 'failed';

export interface UploaderStatus {
  phase: UploaderPhase;
  /** chunks the server acknowledged */
  acknowledged: number;
  /** chunks waiting in memory */
  pending: number;
  /** bytes waiting in memory */
  pendingBytes: number;
  failures: number;
  nextRetryInMs: number | null;
  error: string | null;
}

interface Chunk {
  seq: number;
  blob: Blob;
}

export type Request = (path: string, init: { method: string; body?: BodyInit; headers?: Record<string, string> }) => Promise<Response>;

export interface UploaderOptions {
  request?: Request;
  backoff?: BackoffOptions;
  random?: () => number;
  onStatus?: (s: UploaderStatus) => void;
  /** the content type sent with every chunk (the recorder's type without parameters) */
  contentType: string;
}

const defaultRequest: Request = (path, init) => apiRequest(path, init);

/** "audio/webm;codecs=opus" → "audio/webm": the server's allowlist is by type. */
export function baseMimeType(type: string): string {
  return (type.split(';')[0] ?? '').trim() || 'audio/webm';
}

export class ChunkUploader {
  private readonly queue: Chunk[] = [];
  private nextSeq = 0;
  private acknowledged = 0;
  private failures = 0;
  private pumping = false;
  private stopped = false;
  private phase: UploaderPhase = 'idle';
  private error: string | null = null;
  private nextRetryInMs: number | null = null;
  private wake: (() => void) | null = null;
  private completion: Promise<boolean> | null = null;
  private readonly request: Request;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;

  constructor(
    private readonly sessionId: Id,
    private readonly options: UploaderOptions,
  ) {
    this.request = options.request ?? defaultRequest;
    this.backoff = options.backoff ?? UPLOAD_BACKOFF;
    this.random = options.random ?? Math.random;
  }

  status(): UploaderStatus {
    return {
      phase: this.phase,
      acknowledged: this.acknowledged,
      pending: this.queue.length,
      pendingBytes: this.queue.reduce((n, c) => n + c.blob.size, 0),
      failures: this.failures,
      nextRetryInMs: this.nextRetryInMs,
      error: this.error,
    };
  }

  private emit(): void {
    this.options.onStatus?.(this.status());
  }

  /** Adds the next chunk (numbered 0, 1, 2, … in the order given) and starts uploading. */
  add(blob: Blob): number {
    const seq = this.nextSeq++;
    this.queue.push({ seq, blob });
    this.emit();
    void this.pump();
    return seq;
  }

  /** Retry now instead of waiting for the backoff (the browser's `online` event). */
  retryNow(): void {
    this.wake?.();
  }

  /** Stops retrying (the page is closing). Chunks still in memory are lost. */
  dispose(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** Waits for every chunk to be acknowledged, then marks the recording complete. */
  complete(): Promise<boolean> {
    if (!this.completion) {
      this.completion = (async () => {
        await this.pump();
        while (this.pumping) await new Promise((r) => setTimeout(r, 50));
        if (this.phase === 'failed' || this.stopped) return false;
        this.phase = 'completing';
        this.emit();
        for (let attempt = 1; !this.stopped; attempt++) {
          try {
            const res = await this.request(`/api/sessions/${encodeURIComponent(String(this.sessionId))}/recording/complete`, { method: 'POST' });
            if (res.ok) {
              this.phase = 'complete';
              this.emit();
              return true;
            }
            if (res.status < 500 && res.status !== 429 && res.status !== 408) {
              this.fail(`The server refused to complete the recording (HTTP ${res.status})`);
              return false;
            }
          } catch {
            // network: retry below
          }
          await this.sleep(backoffDelay(attempt, this.backoff, this.random));
        }
        return false;
      })();
    }
    return this.completion;
  }

  private failed(): boolean {
    return this.phase === 'failed';
  }

  private fail(message: string): void {
    this.phase = 'failed';
    this.error = message;
    this.nextRetryInMs = null;
    this.emit();
  }

  private sleep(ms: number): Promise<void> {
    this.nextRetryInMs = ms;
    this.emit();
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    }).then(() => {
      this.nextRetryInMs = null;
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.phase === 'failed') return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.stopped && !this.failed()) {
        const chunk = this.queue[0];
        this.phase = this.failures > 0 ? 'retrying' : 'uploading';
        this.emit();
        let res: Response | null = null;
        try {
          res = await this.request(`/api/sessions/${encodeURIComponent(String(this.sessionId))}/recording/chunks/${chunk.seq}`, {
            method: 'PUT',
            body: chunk.blob,
            headers: { 'Content-Type': this.options.contentType },
          });
        } catch {
          res = null; // network error
        }
        if (res && res.ok) {
          this.queue.shift();
          this.acknowledged = Math.max(this.acknowledged, chunk.seq + 1);
          this.failures = 0;
          this.emit();
          continue;
        }
        if (res && res.status === 409) {
          const body = (await res.json().catch(() => null)) as { expectedSeq?: unknown } | null;
          const expected = Number(body?.expectedSeq);
          if (Number.isInteger(expected) && expected > chunk.seq) {
            // The server already has this chunk and those before it.
            while (this.queue.length > 0 && this.queue[0].seq < expected) this.queue.shift();
            this.acknowledged = Math.max(this.acknowledged, expected);
            this.failures = 0;
            this.emit();
            continue;
          }
          if (Number.isInteger(expected) && expected < chunk.seq) {
            this.fail(`The server is missing chunks ${expected}–${chunk.seq - 1}, which are no longer in memory`);
            break;
          }
          if (!Number.isInteger(expected)) {
            // no expectedSeq: the recording is complete or its session ended long ago; retrying cannot help
            this.fail(`The server no longer accepts this recording (chunk ${chunk.seq})`);
            break;
          }
        } else if (res && res.status !== 401 && res.status !== 408 && res.status !== 429 && res.status < 500) {
          this.fail(`The server refused chunk ${chunk.seq} (HTTP ${res.status})`);
          break;
        }
        // Network error, 5xx (503: database down), 429 or 401 after a failed refresh.
        this.failures += 1;
        this.phase = 'retrying';
        await this.sleep(backoffDelay(this.failures, this.backoff, this.random));
      }
    } finally {
      this.pumping = false;
      if (this.queue.length === 0 && !this.failed() && this.phase !== 'completing' && this.phase !== 'complete') {
        this.phase = 'idle';
      }
      this.emit();
    }
  }
}
