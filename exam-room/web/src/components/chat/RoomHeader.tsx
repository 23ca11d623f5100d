import { roomLabel, type ChatRoomInfo } from '../../lib/chatTypes';

const SLOW_MODE_CHOICES = [0, 5, 10, 30, 60, 300];

interface Props {
  room: ChatRoomInfo | undefined;
  roomId: string;
  slowModeSeconds: number;
  moderator: boolean;
  onSlowMode(seconds: number): void;
}

export function RoomHeader({ room, roomId, slowModeSeconds, moderator, onSlowMode }: Props) {
  const choices = SLOW_MODE_CHOICES.includes(slowModeSeconds) ? SLOW_MODE_CHOICES : [...SLOW_MODE_CHOICES, slowModeSeconds].sort((a, b) => a - b);
  const kind = room?.kind ?? 'public';
  return (
    <header className="chat-room-head">
      <div>
        <h1 data-testid="chat-room-title" data-room-id={roomId} data-kind={kind}>
          {room ? roomLabel(room) : roomId}
        </h1>
        <p className="muted small-print">
          {kind === 'dm' ? 'Private conversation: only the two of you can read it.' : kind === 'session' ? 'Test session room: the examiner and the candidate.' : 'Public room.'}
          {slowModeSeconds > 0 && (
            <span className="chat-slow-info" data-testid="chat-slow-mode-info" data-seconds={slowModeSeconds}>
              {' '}
              Slow mode: one message every {slowModeSeconds} s.
            </span>
          )}
        </p>
      </div>
      {moderator && (
        <label className="chat-slow-mode">
          Slow mode
          <select data-testid="chat-slow-mode" value={slowModeSeconds} onChange={(e) => onSlowMode(Number(e.target.value))}>
            {choices.map((s) => (
              <option key={s} value={s}>
                {s === 0 ? 'Off' : `${s} s`}
              </option>
            ))}
          </select>
        </label>
      )}
    </header>
  );
}
