import { useEffect, useState } from 'react';
import { monotonicNow } from '../lib/clock';

/** The monotonic clock, re-read every `intervalMs` while `active`. */
export function useNow(intervalMs = 250, active = true): number {
  const [now, setNow] = useState(monotonicNow);
  useEffect(() => {
    if (!active) return;
    setNow(monotonicNow());
    const t = setInterval(() => setNow(monotonicNow()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs, active]);
  return now;
}
