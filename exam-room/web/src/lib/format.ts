/** m:ss for a duration in milliseconds, counting whole seconds up (0:01 is shown until the time is really out). */
export function formatMmSs(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${s.toString().padStart(2, '0')}`;
}

/** m:ss for an elapsed duration, counting whole seconds down (used for "Disconnected 0:07"). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${s.toString().padStart(2, '0')}`;
}

/** A server time (ms since the epoch, the server's clock) as a local clock time. */
export function formatServerTime(serverTime: unknown): string {
  if (typeof serverTime === 'number' && Number.isFinite(serverTime)) {
    return new Date(serverTime).toLocaleTimeString();
  }
  if (typeof serverTime === 'string' && serverTime) {
    const d = new Date(serverTime);
    return Number.isNaN(d.getTime()) ? serverTime : d.toLocaleTimeString();
  }
  return '';
}

export function formatDateTime(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toLocaleString();
  if (typeof value === 'string' && value) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : d.toLocaleString();
  }
  return '';
}

const PART_LABELS: Record<string, string> = {
  part1: 'Part 1',
  part2_prep: 'Part 2 (preparation)',
  part2_talk: 'Part 2',
  part3: 'Part 3',
};

export function partLabel(part: string | null | undefined): string {
  if (!part) return '';
  return PART_LABELS[part] ?? part;
}

/** The status badge text: "Waiting", "In Progress – Part 1", "Paused – Part 2 (preparation)", "Completed". */
export function statusLabel(status: string | null | undefined, part: string | null | undefined): string {
  const s = status || 'Unknown';
  if ((s === 'In Progress' || s === 'Paused') && part) return `${s} – ${partLabel(part)}`;
  return s;
}
