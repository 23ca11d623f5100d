/**
 * /chat: rooms (public, one per test session, private conversations), the open room's messages with infinite scroll
 * up through history, receipts, typing line, participants with presence, moderation for examiners and admins.
 * The open room is in the URL: /chat?room=<roomId> (default: lobby); /chat?dm=<userId> opens a private conversation.
 */
import { useCallback, useEffect, useMemo } from 'react';
import { useChat } from '../hooks/useChat';
import { navigate, useLocation } from '../router';
import { useNow } from '../hooks/useNow';
import { serverClock } from '../lib/clock';
import { canChange, emptyView, mayModerate, messageRows, type MessageRow } from '../lib/chatState';
import { RoomList, chatHref } from '../components/chat/RoomList';
import { RoomHeader } from '../components/chat/RoomHeader';
import { MessageList } from '../components/chat/MessageList';
import { TypingLine } from '../components/chat/TypingLine';
import { ActivityLine } from '../components/chat/ActivityLine';
import { Composer } from '../components/chat/Composer';
import { AttachButton, AttachmentDraftLine } from '../components/chat/AttachmentPicker';
import { useChatAttachment } from '../hooks/useChatAttachment';
import { Participants } from '../components/chat/Participants';
import '../components/chat/chat.css';

const STICKY_ERRORS = new Set(['muted', 'kicked']);

export function ChatPage() {
  const chat = useChat();
  const { search } = useLocation();
  const roomParam = search.get('room') || 'lobby';
  const dmParam = search.get('dm');
  const { state, openRoom, openDm, isConnected } = chat;

  useEffect(() => {
    if (!dmParam) openRoom(roomParam);
  }, [roomParam, dmParam, openRoom]);

  useEffect(() => {
    if (!dmParam || !isConnected) return;
    void openDm(dmParam).then((id) => {
      if (id) navigate(chatHref(id), { replace: true });
    });
  }, [dmParam, isConnected, openDm]);

  const roomId = state.openRoomId;
  const view = (roomId && state.views[roomId]) || emptyView;
  const room = state.rooms.find((r) => r.id === roomId);
  const rows = useMemo(() => (roomId ? messageRows(state, roomId, chat.me) : []), [state, roomId, chat.me]);
  const names = useMemo(() => Object.fromEntries(view.participants.map((p) => [p.userId, p.displayName])), [view.participants]);
  const moderator = mayModerate(chat.role, room);
  const upload = useChatAttachment(roomId, chat.maxAttachmentBytes);
  const { draft, clear: clearDraft } = upload;
  const send = useCallback(
    (text: string): boolean => {
      const attachment = draft.phase === 'ready' && draft.attachment ? draft.attachment : undefined;
      if (!chat.send(text, attachment)) return false;
      if (attachment) clearDraft();
      return true;
    },
    [chat, draft, clearDraft],
  );

  // edit and delete buttons disappear when the window closes (the server is the judge; this is only a hint)
  useNow(15_000);
  const serverNow = serverClock.serverNow() ?? Date.now();
  const isChangeable = useCallback(
    (row: MessageRow) => row.message !== null && canChange(row.message, chat.me.id, serverNow, state.editWindowMs),
    [chat.me.id, serverNow, state.editWindowMs],
  );

  const startDm = useCallback(
    (userId: string, displayName: string) => {
      void openDm(userId, displayName).then((id) => {
        if (id) navigate(chatHref(id));
      });
    },
    [openDm],
  );

  const inputDisabled = view.muted || view.kicked || view.join === 'failed' || !view.visited;
  const disabledReason = view.muted
    ? 'You are muted in this room'
    : view.kicked
      ? 'You were removed from this room'
      : view.join === 'failed'
        ? 'You cannot write here'
        : 'Joining the room…';
  const error = state.error;
  const joinNotice = view.join === 'failed' && view.joinError && view.joinError.code !== 'kicked' ? view.joinError.text : null;

  return (
    <section className="page chat-page" data-testid="chat-page">
      <RoomList rooms={state.rooms} openRoomId={roomId} />
      <div className="chat-room panel" data-testid="chat-room" data-room-id={roomId ?? ''} data-join={view.join} data-muted={view.muted}>
        {roomId && (
          <>
            <RoomHeader room={room} roomId={roomId} slowModeSeconds={view.slowModeSeconds} moderator={moderator} onSlowMode={(s) => void chat.setSlowMode(s)} />
            <MessageList
              roomId={roomId}
              rows={rows}
              separator={view.separator}
              hasMore={view.history.hasMore}
              loaded={view.history.loaded}
              loadingOlder={view.loadingOlder}
              receipts={state.receipts}
              names={names}
              maxLength={state.maxMessageLength}
              isChangeable={isChangeable}
              notice={joinNotice}
              onLoadOlder={() => void chat.loadOlder()}
              onEdit={chat.edit}
              onDelete={(id) => void chat.remove(id)}
              onRetry={chat.retry}
              onDiscard={chat.discard}
            />
            <ActivityLine activity={view.activity} />
            <TypingLine typing={view.typing} />
            {error && (
              <p className="chat-error" data-testid="chat-error" data-code={error.code} role="alert">
                {error.text}
                {!STICKY_ERRORS.has(error.code) && (
                  <button type="button" className="small link-button" data-testid="chat-error-dismiss" onClick={chat.dismissError}>
                    Dismiss
                  </button>
                )}
              </p>
            )}
            <AttachmentDraftLine draft={draft} onClear={clearDraft} />
            <Composer
              roomId={roomId}
              maxLength={state.maxMessageLength}
              disabled={inputDisabled}
              disabledReason={disabledReason}
              onSend={send}
              attachment={{
                button: <AttachButton disabled={inputDisabled} onChoose={(f) => void upload.choose(f)} />,
                ready: draft.phase === 'ready',
                busy: draft.phase === 'uploading',
              }}
              onChange={chat.inputChanged}
              onBlur={chat.inputBlurred}
            />
          </>
        )}
      </div>
      <Participants
        participants={view.participants}
        presence={chat.presence}
        myUserId={chat.me.id}
        isDm={room?.kind === 'dm'}
        moderator={moderator}
        onMessage={startDm}
        onMute={(id, muted) => void chat.mute(id, muted)}
        onKick={(id) => void chat.kick(id)}
      />
    </section>
  );
}
