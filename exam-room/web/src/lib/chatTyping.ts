/**
 * Typing indicators. The sender throttles (at most one `typing {isTyping:true}` per 2 s, as the server does) and stops
 * explicitly on send, on blur and when the input is emptied; receivers expire an indicator 6 s after its last
 * `user_typing`, and forget all of them when the connection drops.
 */
export const TYPING_THROTTLE_MS = 2000;
export const TYPING_EXPIRY_MS = 6000;

/** The sender's side: whether a keystroke or a stop should go to the server now. */
export class TypingThrottle {
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private active = false;

  constructor(private readonly intervalMs = TYPING_THROTTLE_MS) {}

  /** A keystroke at `now`: true when `typing {isTyping: true}` should be sent. */
  keystroke(now: number): boolean {
    if (now - this.lastStartAt < this.intervalMs) return false;
    this.lastStartAt = now;
    this.active = true;
    return true;
  }

  /** Typing stopped (send, blur, empty input): true when `typing {isTyping: false}` should be sent. */
  stop(): boolean {
    if (!this.active) return false;
    this.active = false;
    return true;
  }

  /** Whether receivers were told "typing" and not told "stopped". */
  get isActive(): boolean {
    return this.active;
  }

  /** When the next start may be sent (for a keystroke that came too soon after a stop). */
  nextAllowedAt(): number {
    return this.lastStartAt + this.intervalMs;
  }

  /** The connection dropped: the server has cleared our indicator, so nothing is active any more. */
  reset(): void {
    this.active = false;
  }
}

export interface TypingEntry {
  userId: string;
  displayName: string;
  /** when the indicator expires unless refreshed (the receiver's clock) */
  expiresAt: number;
}

/** Who is typing in one room, by user id. */
export type TypingMap = Readonly<Record<string, TypingEntry>>;

export const noTyping: TypingMap = Object.freeze({});

/** Applies a `user_typing {user, isTyping}`; the own user's other tabs are never shown. */
export function applyTyping(
  map: TypingMap,
  event: { user: { id: string; displayName: string }; isTyping: boolean },
  now: number,
  myUserId: string | null,
): TypingMap {
  const id = event.user.id;
  if (id === myUserId) return map;
  if (event.isTyping) {
    return { ...map, [id]: { userId: id, displayName: event.user.displayName, expiresAt: now + TYPING_EXPIRY_MS } };
  }
  return clearTyping(map, id);
}

export function clearTyping(map: TypingMap, userId: string): TypingMap {
  if (!(userId in map)) return map;
  const next = { ...map };
  delete next[userId];
  return next;
}

/** Drops expired indicators; returns the same object when nothing expired. */
export function expireTyping(map: TypingMap, now: number): TypingMap {
  const ids = Object.keys(map).filter((id) => map[id].expiresAt <= now);
  if (ids.length === 0) return map;
  const next = { ...map };
  for (const id of ids) delete next[id];
  return next;
}

/** When the first of the indicators expires (the receiver's clock), or null when nobody is typing. */
export function nextExpiry(map: TypingMap): number | null {
  const times = Object.values(map).map((e) => e.expiresAt);
  return times.length === 0 ? null : Math.min(...times);
}

/** The names of the users typing, in a stable order (by name). */
export function typingNames(map: TypingMap, now: number): string[] {
  return Object.values(map)
    .filter((e) => e.expiresAt > now)
    .map((e) => e.displayName)
    .sort((a, b) => a.localeCompare(b));
}

/** "A is typing", "A and B are typing", "Several people are typing", or "" when nobody is. */
export function typingLine(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing`;
  return 'Several people are typing';
}
