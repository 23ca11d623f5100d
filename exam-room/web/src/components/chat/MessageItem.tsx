import { useState, type KeyboardEvent } from 'react';
import { formatServerTime } from '../../lib/format';
import { statusLabel } from '../../lib/chatReceipts';
import type { MessageReceipts } from '../../lib/chatReceipts';
import type { MessageRow } from '../../lib/chatState';
import { MessageText } from './MessageText';
import { AttachmentLink } from './AttachmentLink';

interface Props {
  row: MessageRow;
  changeable: boolean;
  maxLength: number;
  receipts?: MessageReceipts;
  names: Record<string, string>;
  onEdit(messageId: number, text: string): Promise<boolean>;
  onDelete(messageId: number): void;
  onRetry(clientMessageId: string): void;
  onDiscard(clientMessageId: string): void;
}

export function MessageItem({ row, changeable, maxLength, receipts, names, onEdit, onDelete, onRetry, onDiscard }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  const m = row.message;
  const failed = row.status === 'failed';
  const attachment = m ? m.attachment : row.pending?.attachment;
  const seenBy = receipts
    ? Object.entries(receipts.by)
        .filter(([, s]) => s === 'seen')
        .map(([id]) => names[id] ?? 'someone')
    : [];

  const save = async () => {
    if (!m || editing === null) return;
    const clean = editing.trim();
    if (!clean || clean.length > maxLength) return;
    if (clean === m.text || (await onEdit(m.id, clean))) setEditing(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') setEditing(null);
  };

  return (
    <li
      className={`chat-message${row.own ? ' own' : ''}${m?.deleted ? ' deleted' : ''} status-${row.status}`}
      data-testid="chat-message"
      data-message-id={m ? m.id : ''}
      data-client-id={m?.clientMessageId ?? row.pending?.clientMessageId ?? ''}
      data-status={row.status}
      data-own={row.own}
      data-sender-id={row.sender.id}
      data-edited={m?.edited ?? false}
      data-deleted={m?.deleted ?? false}
    >
      <div className="chat-meta">
        <span className="chat-sender" data-testid="chat-sender">
          {row.own ? 'You' : row.sender.displayName}
        </span>
        {m && (
          <time className="muted" dateTime={new Date(m.createdAt).toISOString()} data-testid="chat-time">
            {formatServerTime(m.createdAt)}
          </time>
        )}
        {m?.edited && !m.deleted && (
          <span className="chat-edited muted" data-testid="chat-edited">
            (edited)
          </span>
        )}
      </div>
      {m?.deleted ? (
        <p className="chat-text chat-tombstone" data-testid="chat-deleted">
          This message was deleted
        </p>
      ) : editing !== null ? (
        <div className="chat-edit-form">
          <textarea
            data-testid="chat-edit-input"
            aria-label="Edit message"
            value={editing}
            rows={2}
            autoFocus
            onChange={(e) => setEditing(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <button type="button" className="small" data-testid="chat-edit-save" disabled={!editing.trim() || editing.trim().length > maxLength} onClick={() => void save()}>
            Save
          </button>
          <button type="button" className="small link-button" data-testid="chat-edit-cancel" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <>
          {row.text && (
            <p className="chat-text" data-testid="chat-text">
              <MessageText text={row.text} />
            </p>
          )}
          {attachment && <AttachmentLink attachment={attachment} />}
        </>
      )}
      <div className="chat-foot">
        {row.own && (
          <span className="chat-receipt muted" data-testid="chat-receipt" title={seenBy.length ? `Seen by ${seenBy.join(', ')}` : undefined}>
            {statusLabel(row.status === 'received' ? 'sent' : row.status)}
          </span>
        )}
        {failed && row.pending && (
          <>
            <button type="button" className="small" data-testid="chat-retry" onClick={() => onRetry(row.pending!.clientMessageId)}>
              Retry
            </button>
            <button type="button" className="small link-button" data-testid="chat-discard" onClick={() => onDiscard(row.pending!.clientMessageId)}>
              Discard
            </button>
          </>
        )}
        {m && changeable && editing === null && (
          <span className="chat-actions">
            <button type="button" className="small link-button" data-testid="chat-edit" onClick={() => setEditing(m.text)}>
              Edit
            </button>
            <button type="button" className="small link-button" data-testid="chat-delete" onClick={() => onDelete(m.id)}>
              Delete
            </button>
          </span>
        )}
      </div>
    </li>
  );
}
