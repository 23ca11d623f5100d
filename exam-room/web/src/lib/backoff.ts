/** Capped exponential backoff with jitter, used for socket reconnection and for recorder chunk retries. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** No delay is ever longer than this. */
  maxMs: number;
  /** Growth per attempt. */
  factor: number;
  /** 0..1: how much of the delay is randomised away (0.5 → the delay lies in [d/2, d]). */
  jitter: number;
}

export const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.5 };
export const UPLOAD_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 20_000, factor: 2, jitter: 0.5 };

/**
 * The delay before retry number `attempt` (1 for the first retry): min(maxMs, baseMs·factor^(attempt-1)), of which a
 * random share up to `jitter` is taken off, so clients that lost the server together do not come back together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = RECONNECT_BACKOFF, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  // Cap the exponent first so huge attempt numbers cannot overflow to Infinity.
  const exponential = options.baseMs * Math.pow(options.factor, Math.min(n - 1, 60));
  const capped = Math.min(options.maxMs, exponential);
  const r = Math.min(1, Math.max(0, random()));
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(capped * (1 - jitter * r));
}
