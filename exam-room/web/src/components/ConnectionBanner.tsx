import { useWebSocket } from '../contexts/WebSocketContext';
import { connectionHeadline } from '../lib/connectionState';
import { useNow } from '../hooks/useNow';

/**
 * The connection banner: data-state is connecting | connected | reconnecting | offline | restored. The headline is a
 * polite live region; the ticking seconds to the next retry are not announced (they would be read every second).
 */
export function ConnectionBanner() {
  const { connection, retryNow } = useWebSocket();
  const waiting = connection.nextRetryAt !== null;
  const now = useNow(500, waiting);
  const seconds = waiting ? Math.max(0, Math.ceil((connection.nextRetryAt! - now) / 1000)) : null;
  const canRetry = (connection.phase === 'reconnecting' || connection.phase === 'offline') && connection.offlineReason !== 'auth' && connection.offlineReason !== 'manual';
  const urgent = connection.phase === 'offline';
  return (
    <div
      className={`connection-banner connection-${connection.phase}`}
      data-testid="connection-banner"
      data-state={connection.phase}
      data-attempt={connection.attempt || undefined}
      role={urgent ? 'alert' : 'status'}
      aria-live={urgent ? 'assertive' : 'polite'}
      aria-atomic="true"
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-headline">{connectionHeadline(connection)}</span>
      {seconds !== null && (
        <>
          <span className="connection-retry" aria-hidden="true" data-testid="connection-next-retry">
            {' '}– next retry in {seconds} s
          </span>
          <span className="visually-hidden">
            {' '}Next retry in about {Math.round((connection.nextRetryDelayMs ?? 0) / 1000)} seconds.
          </span>
        </>
      )}
      {canRetry && (
        <button type="button" className="link-button" onClick={retryNow} data-testid="connection-retry">
          Retry now
        </button>
      )}
    </div>
  );
}
