import { afterEach, describe, expect, it, vi } from 'vitest';
import { baseMimeType, ChunkUploader, type Request } from './chunkUploader';
import { chooseRecorderType } from '../lib/media';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('ChunkUploader', () => {
  afterEach(() => vi.useRealTimers());

  it('uploads in order, keeps failed chunks and retries them with backoff, then completes', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    let failNext = 2;
    const request: Request = async (path, init) => {
      calls.push(`${init.method} ${path}`);
      if (init.method === 'PUT' && path.endsWith('/1') && failNext-- > 0) throw new TypeError('network down');
      return new Response(null, { status: 204 });
    };
    const up = new ChunkUploader(42, { request, contentType: 'audio/webm', random: () => 0 });
    up.add(new Blob(['a']));
    up.add(new Blob(['b']));
    up.add(new Blob(['c']));
    await vi.advanceTimersByTimeAsync(0);
    expect(up.status()).toMatchObject({ acknowledged: 1, pending: 2, phase: 'retrying', nextRetryInMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000); // second failure: 2 s next
    expect(up.status()).toMatchObject({ acknowledged: 1, nextRetryInMs: 2000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(up.status()).toMatchObject({ acknowledged: 3, pending: 0 });
    const done = up.complete();
    await vi.advanceTimersByTimeAsync(100);
    expect(await done).toBe(true);
    expect(calls).toEqual([
      'PUT /api/sessions/42/recording/chunks/0',
      'PUT /api/sessions/42/recording/chunks/1',
      'PUT /api/sessions/42/recording/chunks/1',
      'PUT /api/sessions/42/recording/chunks/1',
      'PUT /api/sessions/42/recording/chunks/2',
      'POST /api/sessions/42/recording/complete',
    ]);
  });

  it('on 409 with a later expectedSeq drops what the server already has', async () => {
    const seen: string[] = [];
    const request: Request = async (path) => {
      seen.push(path.split('/').pop()!);
      if (path.endsWith('/0')) return json(409, { error: 'conflict', expectedSeq: 2 });
      return new Response(null, { status: 200 });
    };
    const up = new ChunkUploader('s', { request, contentType: 'audio/webm' });
    up.add(new Blob(['a']));
    up.add(new Blob(['b']));
    up.add(new Blob(['c']));
    await vi.waitFor(() => expect(up.status().pending).toBe(0));
    expect(seen).toEqual(['0', '2']);
    expect(up.status().acknowledged).toBe(3);
  });

  it('stops on a 409 without expectedSeq (recording closed): retrying cannot help', async () => {
    let calls = 0;
    const request: Request = async () => {
      calls++;
      return json(409, { error: 'conflict', message: 'the recording is complete' });
    };
    const up = new ChunkUploader('s', { request, contentType: 'audio/webm' });
    up.add(new Blob(['a']));
    await vi.waitFor(() => expect(up.status().phase).toBe('failed'));
    expect(calls).toBe(1);
  });

  it('stops on a refused chunk (415)', async () => {
    const request: Request = async () => json(415, { error: 'unsupported' });
    const up = new ChunkUploader('s', { request, contentType: 'audio/x-nope' });
    up.add(new Blob(['a']));
    await vi.waitFor(() => expect(up.status().phase).toBe('failed'));
    expect(await up.complete()).toBe(false);
  });

  it('sends the recorder type without parameters and prefers Opus in WebM', () => {
    expect(baseMimeType('audio/webm;codecs=opus')).toBe('audio/webm');
    expect(chooseRecorderType((t) => t.startsWith('audio/ogg'))).toBe('audio/ogg;codecs=opus');
    expect(chooseRecorderType(() => true)).toBe('audio/webm;codecs=opus');
    expect(chooseRecorderType(undefined)).toBe('');
  });
});
