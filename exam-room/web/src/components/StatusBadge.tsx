import { statusLabel } from '../lib/format';

export function StatusBadge({ status, part }: { status: string | null; part: string | null }) {
  const s = status ?? 'Unknown';
  return (
    <span className={`status-badge status-${s.toLowerCase().replace(/\s+/g, '-')}`} data-testid="status-badge" data-status={s} data-part={part ?? ''} role="status" aria-live="polite">
      {statusLabel(s, part)}
    </span>
  );
}
