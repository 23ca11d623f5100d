import { Link } from '../../router';
import { roomLabel, type ChatRoomInfo, type RoomKind } from '../../lib/chatTypes';

const SECTIONS: { kind: RoomKind; title: string; empty: string }[] = [
  { kind: 'public', title: 'Rooms', empty: 'No public rooms.' },
  { kind: 'session', title: 'Test sessions', empty: 'No test sessions.' },
  { kind: 'dm', title: 'Private', empty: 'Choose "Message" next to a participant to talk privately.' },
];

export function chatHref(roomId: string): string {
  return `/chat?room=${encodeURIComponent(roomId)}`;
}

/** Public rooms, the user's test-session rooms and private conversations, with unread badges. */
export function RoomList({ rooms, openRoomId }: { rooms: ChatRoomInfo[]; openRoomId: string | null }) {
  return (
    <nav className="chat-rooms panel" data-testid="chat-room-list" aria-label="Chat rooms">
      {SECTIONS.map((section) => {
        const list = rooms.filter((r) => r.kind === section.kind);
        return (
          <section key={section.kind}>
            <h2>{section.title}</h2>
            {list.length === 0 ? (
              <p className="muted small-print">{section.empty}</p>
            ) : (
              <ul>
                {list.map((r) => (
                  <li key={r.id}>
                    <Link
                      to={chatHref(r.id)}
                      className={`chat-room-link${r.id === openRoomId ? ' open' : ''}${r.unread > 0 ? ' unread' : ''}`}
                      aria-current={r.id === openRoomId ? 'page' : undefined}
                      data-testid={`chat-room-${r.id}`}
                      data-room-id={r.id}
                      data-kind={r.kind}
                      data-unread={r.unread}
                      title={roomLabel(r)}
                    >
                      <span className="chat-room-name">{roomLabel(r)}</span>
                      {r.unread > 0 && (
                        <span className="chat-badge" data-testid={`chat-unread-${r.id}`} aria-label={`${r.unread} unread`}>
                          {r.unread}
                        </span>
                      )}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
      <p className="muted small-print chat-seed-link">
        {/* a full page load: the seed's page is not part of this app */}
        <a href="/seed/chat.html" data-testid="chat-seed-page">
          Plain chat page (seed 004)
        </a>
      </p>
    </nav>
  );
}
