import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';

interface Props {
  roomId: string;
  maxLength: number;
  disabled: boolean;
  disabledReason?: string;
  onSend(text: string): boolean;
  onChange(text: string): void;
  onBlur(): void;
  /** the attach button, and whether a file is uploaded (a message may then have no text) or still uploading */
  attachment?: { button: ReactNode; ready: boolean; busy: boolean };
}

/** The message input: Enter sends, Shift+Enter starts a new line; a counter shows the length against the limit. */
export function Composer({ roomId, maxLength, disabled, disabledReason, onSend, onChange, onBlur, attachment }: Props) {
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const text = drafts[roomId] ?? '';
  const length = text.trim().length;
  const over = length > maxLength;
  const canSend = !disabled && (length > 0 || attachment?.ready === true) && !over && attachment?.busy !== true;

  const set = (value: string) => {
    setDrafts((d) => ({ ...d, [roomId]: value }));
    onChange(value);
  };
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    if (onSend(text)) setDrafts((d) => ({ ...d, [roomId]: '' }));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form className="chat-composer" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="chat-input">
        Message
      </label>
      <textarea
        id="chat-input"
        data-testid="chat-input"
        rows={2}
        value={text}
        disabled={disabled}
        placeholder={disabled ? disabledReason : 'Write a message… (Enter sends, Shift+Enter: new line)'}
        aria-invalid={over}
        aria-describedby="chat-counter"
        onChange={(e) => set(e.target.value)}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
      />
      <div className="chat-composer-side">
        {attachment?.button}
        <span id="chat-counter" className={`chat-counter${over ? ' over' : ''}`} data-testid="chat-counter" data-length={length} data-max={maxLength} data-over={over}>
          {length.toLocaleString('en')} / {maxLength.toLocaleString('en')}
        </span>
        {over && (
          <span className="chat-too-long" data-testid="chat-too-long" role="alert">
            Too long to send: a message has at most {maxLength.toLocaleString('en')} characters.
          </span>
        )}
        <button type="submit" data-testid="chat-send" disabled={!canSend}>
          Send
        </button>
      </div>
    </form>
  );
}
