import { useWebSocket } from '../contexts/WebSocketContext';

/** Seed 000's notification bar: the latest `update`, notice or admin message, coloured by severity. */
export function NotificationBar() {
  const { notification } = useWebSocket();
  const severity = notification?.severity ?? 'info';
  return (
    <div
      className={`notification-bar severity-${severity}${notification ? '' : ' empty'}`}
      data-testid="notification-bar"
      data-severity={severity}
      role={severity === 'critical' ? 'alert' : 'status'}
      aria-live={severity === 'critical' ? 'assertive' : 'polite'}
      aria-atomic="true"
    >
      {notification && (
        <p key={notification.key}>
          <span className="severity-tag">{severity}</span> {notification.text}
        </p>
      )}
    </div>
  );
}
