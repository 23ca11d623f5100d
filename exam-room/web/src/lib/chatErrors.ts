/** What the chat shows for a refused emit (`{ok:false, error, message}`) or a chat event that reports a problem. */
export const RATE_LIMITED_TEXT = "You're sending too fast";
export const MUTED_TEXT = 'You are muted in this room';
export const KICKED_TEXT = 'You were removed from this room';

export interface ChatError {
  code: string;
  text: string;
}

function seconds(ms: unknown): string | null {
  return typeof ms === 'number' && ms > 0 ? `${Math.max(1, Math.ceil(ms / 1000))} s` : null;
}

/** The text for an error code; `message` is the server's own wording, used where it says more. */
export function chatErrorText(code: string | undefined, message?: string, retryAfterMs?: number): ChatError {
  const c = code ?? 'error';
  switch (c) {
    case 'rate_limited': {
      const wait = seconds(retryAfterMs);
      return { code: c, text: wait ? `${RATE_LIMITED_TEXT}: wait ${wait}` : RATE_LIMITED_TEXT };
    }
    case 'muted':
      return { code: c, text: MUTED_TEXT };
    case 'slow_mode': {
      const m = /wait\s+(\d+)\s*s/i.exec(message ?? '');
      return { code: c, text: m ? `Slow mode is on: wait ${m[1]} s` : 'Slow mode is on: wait a moment' };
    }
    case 'kicked':
      return { code: c, text: KICKED_TEXT };
    case 'offline':
      return { code: c, text: 'Not connected: messages are sent when the connection is back' };
    case 'timeout':
      return { code: c, text: 'The server did not answer in time; trying again' };
    case 'unavailable':
      return { code: c, text: 'The server could not store the message; trying again' };
    case 'forbidden':
      return { code: c, text: message ? `Not allowed: ${message}` : 'Not allowed' };
    case 'not_found':
      return { code: c, text: message ? `Not found: ${message}` : 'Not found' };
    case 'conflict':
    case 'invalid':
      return { code: c, text: message || 'The server refused this' };
    default:
      return { code: c, text: message || 'Something went wrong' };
  }
}
