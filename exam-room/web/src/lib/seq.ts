/**
 * Per-session sequence numbers: every test_status, test_started, countdown, admin_message and test_ended of a session
 * carries a `seq` (so do the server's cue_card and time_extended). The client applies each seq once, in order,
 * whether it arrives live or in the replay that answers join_session {sessionId, lastSeq}.
 */

/** The session events with a seq that a participant's page listens to. */
export const SEQ_EVENTS = ['test_status', 'test_started', 'countdown', 'admin_message', 'test_ended', 'cue_card', 'time_extended'] as const;

export function isSeqEvent(name: string): boolean {
  return (SEQ_EVENTS as readonly string[]).includes(name);
}

export interface SeqEvent {
  /** the Socket.IO event name (an unknown one is only marked handled) */
  event: string;
  seq: number;
  payload: Record<string, unknown>;
}

/**
 * Remembers which seqs were handled. `lastSeq` (what join_session sends) is the highest seq up to which everything
 * was handled, so an admin message that came early through REST polling does not hide an older status change from
 * the replay; seqs handled beyond it are remembered one by one.
 */
export class SeqTracker {
  private base = 0;
  private readonly beyond = new Set<number>();

  get lastSeq(): number {
    return this.base;
  }

  has(seq: number): boolean {
    return seq <= this.base || this.beyond.has(seq);
  }

  /** Marks `seq` handled; false when it already was (the caller then ignores the event). */
  mark(seq: number): boolean {
    if (!Number.isFinite(seq) || this.has(seq)) return false;
    this.beyond.add(seq);
    this.advance();
    return true;
  }

  /**
   * The server answered join_session with every event after lastSeq: everything up to `seq` is now known, even if the
   * server's numbering has holes.
   */
  completeThrough(seq: number): void {
    if (seq <= this.base) return;
    this.base = seq;
    for (const s of [...this.beyond]) if (s <= this.base) this.beyond.delete(s);
    this.advance();
  }

  reset(): void {
    this.base = 0;
    this.beyond.clear();
  }

  private advance(): void {
    while (this.beyond.has(this.base + 1)) {
      this.beyond.delete(this.base + 1);
      this.base += 1;
    }
  }
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/**
 * One entry of join_session's `events`, in whichever of these shapes the server uses:
 * `{event|type|name, seq, data|payload}` or `{event|type|name, seq, ...payload}` (the server's: the event as it was
 * sent, with its `type`), or a Socket.IO style `[name, payload]`. Returns null without a name or a numeric seq.
 */
export function normalizeReplayEntry(entry: unknown): SeqEvent | null {
  let name: unknown;
  let payload: Record<string, unknown> | null = null;
  if (Array.isArray(entry)) {
    name = entry[0];
    payload = asRecord(entry[1]);
  } else {
    const rec = asRecord(entry);
    if (!rec) return null;
    name = rec.event ?? rec.type ?? rec.name;
    payload = asRecord(rec.data) ?? asRecord(rec.payload);
    if (!payload) {
      payload = rec;
    }
    if (payload && payload.seq === undefined && rec.seq !== undefined) payload = { ...payload, seq: rec.seq };
  }
  if (typeof name !== 'string' || !name || !payload) return null;
  const seq = Number(payload.seq);
  if (!Number.isFinite(seq)) return null;
  return { event: name, seq, payload };
}

/**
 * The events to apply after a join_session answer: the replayed ones and the live ones that arrived while the answer
 * was awaited, sorted by seq, each seq once and none already handled. Marks them handled in `tracker` and completes
 * the tracker through the highest replayed seq.
 */
export function mergeReplay(tracker: SeqTracker, replayed: unknown[], bufferedLive: SeqEvent[]): SeqEvent[] {
  const replay = replayed.map(normalizeReplayEntry).filter((e): e is SeqEvent => e !== null);
  const all = [...replay, ...bufferedLive].sort((a, b) => a.seq - b.seq);
  const out: SeqEvent[] = [];
  for (const e of all) {
    if (tracker.mark(e.seq)) out.push(e);
  }
  const maxReplayed = replay.reduce((m, e) => Math.max(m, e.seq), 0);
  tracker.completeThrough(maxReplayed);
  return out;
}
