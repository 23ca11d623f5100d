import type { RoomActivity } from '../../lib/chatState';

const VERB: Record<RoomActivity['kind'], string> = { joined: 'joined', left: 'left', removed: 'was removed' };

/**
 * The room's latest coming or going: "X joined", "X left", "X was removed" (empty when nothing happened yet); the
 * name is isolated (`<bdi>`), so a right-to-left override in it cannot turn the rest of the line around.
 */
export function ActivityLine({ activity }: { activity: RoomActivity | null }) {
  return (
    <p className="chat-activity muted" data-testid="chat-activity" data-kind={activity?.kind ?? ''} data-user-id={activity?.userId ?? ''} aria-live="polite">
      {activity && (
        <>
          <bdi>{activity.displayName}</bdi> {VERB[activity.kind]}
        </>
      )}
    </p>
  );
}
