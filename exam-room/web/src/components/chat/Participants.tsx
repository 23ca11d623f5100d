import type { Participant, PresenceStatus } from '../../lib/chatTypes';

const STATUS_TEXT: Record<PresenceStatus, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

interface Props {
  participants: Participant[];
  presence: Record<string, PresenceStatus>;
  myUserId: string | null;
  /** private conversations offer no "Message" button and no moderation */
  isDm: boolean;
  moderator: boolean;
  onMessage(userId: string, displayName: string): void;
  onMute(userId: string, muted: boolean): void;
  onKick(userId: string): void;
}

/** The room's participants with their presence (one user with many tabs counts once: the server says so). */
export function Participants({ participants, presence, myUserId, isDm, moderator, onMessage, onMute, onKick }: Props) {
  const online = participants.filter((p) => (presence[p.userId] ?? p.status) !== 'offline').length;
  return (
    <aside className="chat-participants panel" aria-label="Participants">
      <h2>
        Participants <small className="muted">({online} online)</small>
      </h2>
      <ul data-testid="chat-participants" data-count={participants.length}>
        {participants.map((p) => {
          const status = presence[p.userId] ?? p.status;
          const self = p.userId === myUserId;
          return (
            <li
              key={p.userId}
              data-testid="chat-participant"
              data-user-id={p.userId}
              data-status={status}
              data-muted={p.muted}
              data-role={p.role}
              className={`chat-participant status-${status}`}
            >
              <span className="chat-presence-dot" aria-hidden="true" />
              <span className="chat-participant-name" data-testid="chat-participant-name">
                {p.displayName}
                {self && <small className="muted"> (you)</small>}
              </span>
              <small className="chat-participant-status" data-testid="chat-participant-status">
                {STATUS_TEXT[status]}
                {p.muted ? ' · muted' : ''}
              </small>
              {!self && (
                <span className="chat-participant-actions">
                  {!isDm && (
                    <button type="button" className="small" data-testid={`chat-dm-${p.userId}`} onClick={() => onMessage(p.userId, p.displayName)}>
                      Message
                    </button>
                  )}
                  {moderator && (
                    <>
                      <button type="button" className="small" data-testid="chat-mute" data-muted={p.muted} onClick={() => onMute(p.userId, !p.muted)}>
                        {p.muted ? 'Unmute' : 'Mute'}
                      </button>
                      <button type="button" className="small danger" data-testid="chat-kick" onClick={() => onKick(p.userId)}>
                        Remove
                      </button>
                    </>
                  )}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
