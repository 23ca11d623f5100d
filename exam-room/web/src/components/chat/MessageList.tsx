import { Fragment, useLayoutEffect, useRef } from 'react';
import type { ReceiptMap } from '../../lib/chatReceipts';
import type { MessageRow } from '../../lib/chatState';
import type { UnreadSeparator } from '../../lib/chatUnread';
import { MessageItem } from './MessageItem';

interface Props {
  roomId: string;
  rows: MessageRow[];
  separator: UnreadSeparator | null;
  hasMore: boolean;
  loaded: boolean;
  loadingOlder: boolean;
  receipts: ReceiptMap;
  names: Record<string, string>;
  maxLength: number;
  isChangeable(row: MessageRow): boolean;
  notice?: string | null;
  onLoadOlder(): void;
  onEdit(messageId: number, text: string): Promise<boolean>;
  onDelete(messageId: number): void;
  onRetry(clientMessageId: string): void;
  onDiscard(clientMessageId: string): void;
}

const NEAR_TOP_PX = 80;
const NEAR_BOTTOM_PX = 60;

/** Where the separator goes: before the message it names, or the first one after it (that one may be gone). */
function separatorIndex(rows: MessageRow[], sep: UnreadSeparator | null): number {
  if (!sep) return -1;
  return rows.findIndex((r) => r.message !== null && r.message.id >= sep.beforeId);
}

/**
 * The messages, oldest first. Scrolling near the top loads the previous page (so does the button); the view keeps
 * its place when older messages are put in above, follows new messages when it was at the bottom (or the message is
 * the user's own), and opens a room at its "N unread" separator.
 */
export function MessageList(props: Props) {
  const { roomId, rows, separator, hasMore, loaded, loadingOlder, onLoadOlder } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const sepRef = useRef<HTMLLIElement>(null);
  const last = useRef<{ roomId: string; first?: string; last?: string; height: number; top: number; atBottom: boolean; placed: boolean }>({
    roomId: '',
    height: 0,
    top: 0,
    atBottom: true,
    placed: false,
  });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const prev = last.current;
    const first = rows[0]?.key;
    const lastKey = rows[rows.length - 1]?.key;
    if (prev.roomId !== roomId || !prev.placed) {
      if (rows.length > 0) {
        if (sepRef.current && typeof sepRef.current.scrollIntoView === 'function') sepRef.current.scrollIntoView({ block: 'start' });
        else el.scrollTop = el.scrollHeight;
      }
      last.current = { roomId, first, last: lastKey, height: el.scrollHeight, top: el.scrollTop, atBottom: true, placed: rows.length > 0 };
      return;
    }
    if (first !== prev.first && lastKey === prev.last && prev.first !== undefined) {
      // older messages were put in above: stay on the same message
      el.scrollTop = prev.top + (el.scrollHeight - prev.height);
    } else if (lastKey !== prev.last && (prev.atBottom || rows[rows.length - 1]?.own)) {
      el.scrollTop = el.scrollHeight;
    }
    last.current = {
      ...prev,
      first,
      last: lastKey,
      height: el.scrollHeight,
      top: el.scrollTop,
      atBottom: el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX,
    };
  }, [rows, roomId]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    last.current = { ...last.current, height: el.scrollHeight, top: el.scrollTop, atBottom: el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX };
    if (el.scrollTop < NEAR_TOP_PX && hasMore && !loadingOlder && last.current.placed) onLoadOlder();
  };

  const sepAt = separatorIndex(rows, separator);
  return (
    <div className="chat-scroll" ref={scroller} onScroll={onScroll} data-testid="chat-messages" data-room-id={roomId} data-count={rows.length} data-has-more={hasMore} role="log" aria-label="Messages">
      {hasMore ? (
        <p className="chat-older">
          <button type="button" className="small" data-testid="chat-load-older" data-loading={loadingOlder} disabled={loadingOlder} onClick={onLoadOlder}>
            {loadingOlder ? 'Loading…' : 'Load older messages'}
          </button>
        </p>
      ) : (
        loaded && (
          <p className="chat-start muted small-print" data-testid="chat-history-start">
            {rows.length === 0 ? 'No messages yet. Say hello!' : 'This is the start of the conversation.'}
          </p>
        )
      )}
      {props.notice && (
        <p className="chat-notice" data-testid="chat-join-error" role="alert">
          {props.notice}
        </p>
      )}
      <ol className="chat-list">
        {rows.map((row, i) => (
          <Fragment key={row.key}>
            {i === sepAt && separator && (
              <li className="chat-separator" data-testid="chat-unread-separator" data-count={separator.count} ref={sepRef} role="separator">
                <span>{separator.count} unread</span>
              </li>
            )}
            <MessageItem
              row={row}
              changeable={props.isChangeable(row)}
              maxLength={props.maxLength}
              receipts={row.message ? props.receipts[row.message.id] : undefined}
              names={props.names}
              onEdit={props.onEdit}
              onDelete={props.onDelete}
              onRetry={props.onRetry}
              onDiscard={props.onDiscard}
            />
          </Fragment>
        ))}
      </ol>
    </div>
  );
}
