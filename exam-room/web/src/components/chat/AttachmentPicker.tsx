import { useRef } from 'react';
import { ACCEPT, displayName, formatBytes } from '../../lib/chatAttachments';
import type { AttachmentDraft } from '../../hooks/useChatAttachment';

/** The composer's "Attach" button and its hidden file input. */
export function AttachButton({ disabled, onChoose }: { disabled: boolean; onChoose(file: File): void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="chat-attach-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // cleared, so that choosing the same file again fires a change
          e.target.value = '';
          if (file) onChoose(file);
        }}
      />
      <button type="button" className="small" data-testid="chat-attach" disabled={disabled} onClick={() => input.current?.click()}>
        Attach…
      </button>
    </>
  );
}

/** The chosen file above the input: its upload's progress, ready to send (removable), or why it failed. */
export function AttachmentDraftLine({ draft, onClear }: { draft: AttachmentDraft; onClear(): void }) {
  if (draft.phase === 'idle') return null;
  const name = displayName(draft.fileName);
  return (
    <div className={`chat-attach-draft ${draft.phase}`} data-testid="chat-attach-draft" data-phase={draft.phase} title={draft.fileName}>
      {draft.phase === 'uploading' && (
        <>
          <span className="chat-attachment-name">{name}</span>
          <progress data-testid="chat-attach-progress" max={1} value={draft.progress} aria-label={`Uploading ${draft.fileName}`} />
          <span className="muted">{Math.round(draft.progress * 100)} %</span>
        </>
      )}
      {draft.phase === 'ready' && draft.attachment && (
        <span data-testid="chat-attach-ready">
          <span className="chat-attachment-name">{displayName(draft.attachment.name)}</span>{' '}
          <span className="muted">{formatBytes(draft.attachment.size)}</span>
        </span>
      )}
      {draft.phase === 'failed' && (
        <span className="chat-attach-error" data-testid="chat-attach-error" role="alert">
          {name}: {draft.error}
        </span>
      )}
      <button type="button" className="small link-button" data-testid="chat-attach-clear" onClick={onClear}>
        {draft.phase === 'uploading' ? 'Cancel' : 'Remove'}
      </button>
    </div>
  );
}
