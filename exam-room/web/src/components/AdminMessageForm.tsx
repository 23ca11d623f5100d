import { useState, type FormEvent } from 'react';
import type { Ack, Severity } from '../types';

/** Sends admin_message {sessionId, text, severity} to one session. */
export function AdminMessageForm({ send }: { send(text: string, severity: Severity): Promise<Ack> }) {
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState<Severity>('info');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    const ack = await send(text.trim(), severity);
    setBusy(false);
    setResult(ack.ok ? { ok: true, text: 'Sent.' } : { ok: false, text: ack.message ?? ack.error ?? 'Not sent' });
    if (ack.ok) setText('');
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Message to the candidate">
      <label>
        <span className="visually-hidden">Message</span>
        <input type="text" value={text} onChange={(e) => setText(e.target.value)} placeholder="Message to the candidate" maxLength={1000} data-testid="message-text" />
      </label>
      <label>
        <span className="visually-hidden">Severity</span>
        <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} data-testid="message-severity">
          <option value="info">Info</option>
          <option value="warning">Warning</option>
          <option value="critical">Critical</option>
        </select>
      </label>
      <button type="submit" disabled={busy || !text.trim()} data-testid="message-send">
        Send
      </button>
      {result && (
        <span className={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </span>
      )}
    </form>
  );
}
