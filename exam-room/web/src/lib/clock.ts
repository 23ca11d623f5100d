/**
 * The client's clocks. Every duration the UI renders is measured on the monotonic clock (performance.now()) from the
 * moment a value was received, so a wrong wall clock (Date.now()) on the candidate's machine changes nothing.
 */
export type MonotonicClock = () => number;

export const monotonicNow: MonotonicClock = () =>
  typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance.now() : Date.now();

/**
 * An estimate of the server's clock: the last serverTime seen, advanced by the monotonic time elapsed since it was
 * received. Used for "Disconnected m:ss" when the server only tells since when.
 */
export class ServerClock {
  private sample: { serverTime: number; receivedAt: number } | null = null;

  constructor(private readonly now: MonotonicClock = monotonicNow) {}

  observe(serverTime: unknown): void {
    if (typeof serverTime === 'number' && Number.isFinite(serverTime)) {
      this.sample = { serverTime, receivedAt: this.now() };
    }
  }

  /** The server's current time, or null before any serverTime was seen. */
  serverNow(): number | null {
    return this.sample ? this.sample.serverTime + (this.now() - this.sample.receivedAt) : null;
  }
}

export const serverClock = new ServerClock();
